package org.vnfx.store;

import java.io.IOException;

/** Bytes that do not hash to the CID they were asked for: corrupted on disk or in transit, or served by a dishonest store. */
public final class ContentMismatchException extends IOException {
    private final Cid expected;
    private final Cid actual;
    private final long bytes;

    public ContentMismatchException(Cid expected, Cid actual, long bytes, String where) {
        super("content of " + expected + " from " + where + " does not match its CID: the " + bytes
                + " bytes received hash to " + actual + " (sha2-256 " + actual.digestHex() + ")");
        this.expected = expected;
        this.actual = actual;
        this.bytes = bytes;
    }

    public Cid expected() {
        return expected;
    }

    /** The raw CID of the bytes actually seen. */
    public Cid actual() {
        return actual;
    }

    public long bytes() {
        return bytes;
    }
}
