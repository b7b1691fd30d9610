package org.vnfx.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The streaming counterpart of vnfx-crypto's {@code DurableFile.write} (which takes a byte array, so
 * cannot serve artifacts larger than the heap): the caller has written and fsynced a temp file in the
 * target's folder; this renames it atomically and fsyncs the folder, so after a crash the target is
 * absent or whole, never partial.
 */
final class Durable {
    private Durable() {}

    static void commit(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open a folder for fsync; the rename is still atomic
        }
    }
}
