package org.vnfx.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * The embedded default store: one file per object, {@code dir/blocks/<cid>}, named by the raw CID of
 * its whole content (whatever its size: unlike an IPFS node, this store does not chunk).
 *
 * <p>A put streams into a temp file in the same folder while hashing, fsyncs it, and only then
 * renames it to its CID name and fsyncs the folder. A crash therefore leaves either no object or the
 * whole object under a CID name, never a partial one; the temp files a crash leaves ({@code .tmp-*})
 * are never read as objects and are deleted when the store is opened. One process per folder: opening
 * a store deletes the temp files of puts in flight in another process.
 *
 * <p>Reads are verified ({@link #open}): a block damaged on disk fails the read instead of being served.
 */
public final class LocalArtifactStore implements ArtifactStore {
    static final String TEMP_PREFIX = ".tmp-";
    private static final int BUFFER = 1 << 16;

    private final Path dir;
    private final Path blocks;
    private final RetryPolicy retry;

    public LocalArtifactStore(Path dir) throws IOException {
        // Local reads fail for good, not transiently: one attempt, then the error.
        this(dir, RetryPolicy.NONE);
    }

    public LocalArtifactStore(Path dir, RetryPolicy retry) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.blocks = this.dir.resolve("blocks");
        this.retry = retry;
        Files.createDirectories(blocks);
        removeLeftoverTempFiles();
    }

    private void removeLeftoverTempFiles() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(blocks, TEMP_PREFIX + "*")) {
            for (Path p : ds) Files.deleteIfExists(p);
        }
    }

    /** The store's folder. */
    public Path dir() {
        return dir;
    }

    /** Where the object of {@code cid} lives (whether or not it is there). */
    public Path pathOf(Cid cid) {
        return blocks.resolve(cid.toString());
    }

    @Override
    public Cid put(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return put(in);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "cannot put a file that does not exist");
        }
    }

    @Override
    public Cid put(InputStream in) throws IOException {
        Path tmp = blocks.resolve(TEMP_PREFIX + UUID.randomUUID());
        boolean committed = false;
        try {
            MessageDigest md = Cid.sha256();
            long size = 0;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[BUFFER];
                int r;
                while ((r = in.read(buf)) >= 0) {
                    md.update(buf, 0, r);
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, r);
                    while (bb.hasRemaining()) ch.write(bb);
                    size += r;
                }
                ch.force(true);
            }
            Cid cid = Cid.rawSha256(md.digest());
            Path target = pathOf(cid);
            // Same content already stored: keep the one copy. A copy of another size was damaged
            // (truncated): the fresh, just-hashed bytes replace it.
            if (Files.isRegularFile(target) && Files.size(target) == size) {
                Files.delete(tmp);
            } else {
                Durable.commit(tmp, target);
            }
            committed = true;
            return cid;
        } finally {
            if (!committed) Files.deleteIfExists(tmp);
        }
    }

    @Override
    public InputStream open(Cid cid) throws IOException {
        return new VerifyingInputStream(new BufferedInputStream(Files.newInputStream(existing(cid)), BUFFER), cid, where(cid));
    }

    @Override
    public InputStream openRange(Cid cid, long offset, long length) throws IOException {
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        FileChannel ch = FileChannel.open(existing(cid), StandardOpenOption.READ);
        ch.position(offset);
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch), BUFFER);
        return length < 0 ? in : new BoundedInputStream(in, length);
    }

    @Override
    public void fetch(Cid cid, Path target, TransferListener listener) throws IOException {
        Fetcher.fetch(Fetcher.of(this), retry, cid, target, listener);
    }

    @Override
    public boolean has(Cid cid) {
        return Files.isRegularFile(pathOf(cid));
    }

    @Override
    public long size(Cid cid) throws IOException {
        return Files.size(existing(cid));
    }

    private Path existing(Cid cid) throws ArtifactNotFoundException {
        Path p = pathOf(cid);
        if (!Files.isRegularFile(p)) throw new ArtifactNotFoundException(cid, describe());
        return p;
    }

    private String where(Cid cid) {
        return "local store file " + pathOf(cid);
    }

    @Override
    public String describe() {
        return "local store " + dir;
    }

    @Override
    public String toString() {
        return describe();
    }
}
