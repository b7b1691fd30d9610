package org.vnfx.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A content-addressed store of opaque artifacts (in vnfx: encrypted VNF packages). Everything
 * streams: no method holds a whole artifact in memory, so multi-GB packages are fine.
 *
 * <p><b>Verification.</b> Only raw sha2-256 CIDs ({@link Cid#contentVerifiable()}) can be checked
 * against a byte stream, and for those {@link #open} and {@link #fetch} never hand over bytes that do
 * not hash to the CID without failing. A dag-pb CID (what a real IPFS node gives a file larger than one
 * chunk) names a UnixFS DAG, not the bytes: for it the stores pass the node's bytes through
 * unverified, trusting the node, which checks every block against its own hash when it gets it from a
 * peer. vnfx does not depend on that: after decryption it checks the package digest recorded on the
 * chain.
 */
public interface ArtifactStore extends Closeable {

    /** Stores a file's content; returns its CID. Storing the same content again is harmless and yields the same CID. */
    Cid put(Path file) throws IOException;

    /** Stores everything {@code in} yields up to its end (the stream is not closed); returns the CID. */
    Cid put(InputStream in) throws IOException;

    /**
     * The artifact's bytes. For a raw CID the stream hashes what it yields and, at its end, throws
     * {@link ContentMismatchException} if the bytes do not match the CID — so read it to the end before
     * trusting anything read from it.
     *
     * @throws ArtifactNotFoundException if the store does not hold the CID
     */
    InputStream open(Cid cid) throws IOException;

    /**
     * Bytes {@code offset .. offset+length} of the artifact ({@code length < 0}: to the end), for resuming
     * a transfer. <b>Not verified</b> — a part cannot be checked against a CID — so only for callers
     * that verify the whole themselves, as {@link #fetch} does. An offset at or past the end yields
     * no bytes.
     */
    default InputStream openRange(Cid cid, long offset, long length) throws IOException {
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        InputStream in = open(cid);
        try {
            in.skipNBytes(Math.min(offset, size(cid)));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return length < 0 ? in : new BoundedInputStream(in, length);
    }

    /**
     * Copies the artifact to {@code target}, atomically: bytes go to {@code target + ".part"}, which is
     * fsynced and renamed to {@code target} only once the whole object is there and verified (raw CIDs).
     * A {@code .part} file left by an earlier, interrupted fetch is resumed with a ranged read where the
     * store supports one. Transient failures are retried with backoff as the store's {@link RetryPolicy}
     * allows; then a {@link TransferFailedException} names the CID, the bytes received and the cause,
     * and the {@code .part} file stays for a later resume. On a {@link ContentMismatchException} the
     * {@code .part} file is deleted, since no one can tell which of its bytes are wrong.
     */
    void fetch(Cid cid, Path target, TransferListener listener) throws IOException;

    boolean has(Cid cid) throws IOException;

    /** The artifact's size in bytes. @throws ArtifactNotFoundException if the store does not hold it */
    long size(Cid cid) throws IOException;

    /** Where this store is, for messages: a folder or a URL. */
    String describe();

    @Override
    default void close() throws IOException {}
}
