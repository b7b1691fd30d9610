package org.vnfx.store;

import java.io.IOException;

/** A fetch that gave up after its bounded retries; the partial file is kept so a later fetch resumes. */
public final class TransferFailedException extends IOException {
    private final Cid cid;
    private final long bytesReceived;
    private final int attempts;

    public TransferFailedException(Cid cid, String from, long bytesReceived, long total, int attempts, IOException cause) {
        super("fetch of " + cid + " from " + from + " failed after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + ": received " + bytesReceived + (total >= 0 ? " of " + total : "") + " bytes; last error: " + describe(cause), cause);
        this.cid = cid;
        this.bytesReceived = bytesReceived;
        this.attempts = attempts;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    public Cid cid() {
        return cid;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    public int attempts() {
        return attempts;
    }
}
