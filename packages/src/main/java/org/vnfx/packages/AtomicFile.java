package org.vnfx.packages;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file all or nothing: into a temporary file beside the target, synced to disk, then renamed over the
 * target in one step. A failure at any point (an exception from the writer included) deletes the temporary file
 * and leaves whatever was at the target untouched.
 */
final class AtomicFile {

    interface Writer<T> {
        T write(OutputStream out) throws IOException, PackageException;
    }

    private AtomicFile() {}

    static <T> T write(Path target, Writer<T> writer) throws IOException, PackageException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".part");
        boolean done = false;
        try {
            T result;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
                result = writer.write(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system's default permissions
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
            done = true;
            syncFolder(folder);
            return result;
        } finally {
            if (!done) Files.deleteIfExists(temp);
        }
    }

    /** Makes the rename durable; not every platform can open a folder, and then there is nothing to do. */
    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // best effort
        }
    }
}
