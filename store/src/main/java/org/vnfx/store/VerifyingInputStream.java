package org.vnfx.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while hashing them; at the end of the stream, throws
 * {@link ContentMismatchException} instead of returning -1 if they do not hash to the CID. The end is
 * where a mismatch can first be known, so a consumer must read to it before trusting the content.
 * Streams of dag-pb CIDs pass through unchecked (see {@link ArtifactStore}).
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Cid cid;
    private final String where;
    private final MessageDigest md;
    private long count;
    private ContentMismatchException mismatch;
    private boolean verified;

    VerifyingInputStream(InputStream in, Cid cid, String where) {
        super(in);
        this.cid = cid;
        this.where = where;
        this.md = cid.contentVerifiable() ? Cid.sha256() : null;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (mismatch != null) throw mismatch;
        if (len == 0) return 0;
        int n = in.read(b, off, len);
        if (n < 0) {
            atEnd();
            return -1;
        }
        if (md != null) md.update(b, off, n);
        count += n;
        return n;
    }

    private void atEnd() throws ContentMismatchException {
        if (md == null || verified) return;
        Cid actual = Cid.rawSha256(md.digest());
        if (!actual.equals(cid)) {
            mismatch = new ContentMismatchException(cid, actual, count, where);
            throw mismatch;
        }
        verified = true;
    }

    /** Skipping would leave bytes unhashed: read and discard instead. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) break;
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {}

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported on a verified stream");
    }
}
