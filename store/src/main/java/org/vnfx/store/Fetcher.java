package org.vnfx.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * {@link ArtifactStore#fetch} for any store: resumable, verified, atomic, with bounded retries.
 * It reads through {@link ArtifactStore#openRange} and checks the whole itself.
 */
final class Fetcher {
    /** Progress is reported at most once per this many bytes (and at the start and the end). */
    static final long PROGRESS_STEP = 1 << 20;
    private static final int BUFFER = 1 << 16;

    private Fetcher() {}

    /** What a fetch reads from: one attempt per call, since the fetch does the retrying. */
    interface Source {
        long size(Cid cid) throws IOException;

        InputStream openFrom(Cid cid, long offset) throws IOException;

        String describe();
    }

    static Source of(ArtifactStore store) {
        return new Source() {
            @Override
            public long size(Cid cid) throws IOException {
                return store.size(cid);
            }

            @Override
            public InputStream openFrom(Cid cid, long offset) throws IOException {
                return store.openRange(cid, offset, -1);
            }

            @Override
            public String describe() {
                return store.describe();
            }
        };
    }

    /** The partial file of a fetch: next to the target, named after the CID too, so a leftover of another object is never resumed. */
    static Path partFile(Path target, Cid cid) {
        return target.resolveSibling(target.getFileName() + "." + cid + ".part");
    }

    static void fetch(Source store, RetryPolicy policy, Cid cid, Path target, TransferListener listener) throws IOException {
        TransferListener l = listener == null ? TransferListener.NONE : listener;
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path part = partFile(target, cid);
        long total = -1;
        long done = 0;
        MessageDigest md = null;
        boolean restarted = false;
        boolean resumed = false;
        int attempts = 0;
        int failures = 0;
        long waitedMs = 0;
        while (true) {
            attempts++;
            long before = done;
            try {
                if (total < 0) total = store.size(cid);
                if (md == null) {
                    md = Cid.sha256();
                    done = resumePoint(part, total, md);
                    before = done;
                    resumed |= done > 0;
                }
                l.progress(cid, done, total);
                try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    // A write that failed half-way may have left bytes past `done`: they were not hashed, drop them.
                    ch.truncate(done);
                    ch.position(done);
                    if (done < total) {
                        resumed |= done > 0;
                        long[] at = {done};
                        try (InputStream in = store.openFrom(cid, done)) {
                            copy(in, ch, md, cid, at, total, l);
                        } finally {
                            // What was written and hashed before a failure counts: the next attempt resumes there.
                            done = at[0];
                        }
                    }
                    if (done != total) {
                        throw new IOException("the stream of " + cid + " ended at byte " + done + " of " + total);
                    }
                    ch.force(true);
                }
                if (cid.contentVerifiable()) {
                    Cid actual = Cid.rawSha256(md.digest());
                    if (!actual.equals(cid)) {
                        Files.deleteIfExists(part);
                        ContentMismatchException e = new ContentMismatchException(cid, actual, done, store.describe());
                        if (restarted || !resumed) throw e;
                        // The mismatch may lie in bytes an earlier fetch left in the partial file: start over once.
                        restarted = true;
                        md = null;
                        done = 0;
                        l.retrying(cid, attempts, 0, e, Duration.ZERO);
                        continue;
                    }
                }
                Durable.commit(part, target);
                return;
            } catch (ArtifactNotFoundException | ContentMismatchException e) {
                throw e;
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) throw e;
                failures = done > before ? 1 : failures + 1;
                Duration delay = policy.backoff(failures);
                if (failures >= policy.maxAttempts() || waitedMs + delay.toMillis() > policy.maxTotalWait().toMillis()) {
                    throw new TransferFailedException(cid, store.describe(), done, total, attempts, e);
                }
                l.retrying(cid, attempts, done, e, delay);
                sleep(delay);
                waitedMs += delay.toMillis();
            }
        }
    }

    /** Hashes what an earlier fetch left in {@code part} and returns where to resume; drops a partial file longer than the object. */
    private static long resumePoint(Path part, long total, MessageDigest md) throws IOException {
        if (!Files.exists(part)) return 0;
        long size = Files.size(part);
        if (size > total) {
            Files.delete(part);
            return 0;
        }
        byte[] buf = new byte[BUFFER];
        long n = 0;
        try (InputStream in = Files.newInputStream(part)) {
            int r;
            while (n < size && (r = in.read(buf, 0, (int) Math.min(buf.length, size - n))) > 0) {
                md.update(buf, 0, r);
                n += r;
            }
        }
        return n;
    }

    /** Appends the stream to the partial file, hashing it; {@code at[0]} is the byte reached, kept up to date for a failure half-way. */
    private static void copy(InputStream in, FileChannel ch, MessageDigest md, Cid cid, long[] at, long total,
                             TransferListener l) throws IOException {
        byte[] buf = new byte[BUFFER];
        long done = at[0];
        long reported = done;
        int r;
        while ((r = in.read(buf)) >= 0) {
            if (r == 0) continue;
            if (done + r > total) {
                throw new IOException("the store sent more than the " + total + " bytes of " + cid);
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, r);
            while (bb.hasRemaining()) ch.write(bb);
            md.update(buf, 0, r);
            done += r;
            at[0] = done;
            if (done - reported >= PROGRESS_STEP || done == total) {
                l.progress(cid, done, total);
                reported = done;
            }
        }
    }

    static void sleep(Duration d) throws InterruptedIOException {
        if (d.isZero()) return;
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
