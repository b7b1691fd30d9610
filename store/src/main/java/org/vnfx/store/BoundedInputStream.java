package org.vnfx.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Yields at most {@code limit} bytes of the stream it wraps (a ranged read's {@code length}). */
final class BoundedInputStream extends FilterInputStream {
    private long remaining;

    BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) return -1;
        int b = in.read();
        if (b >= 0) remaining--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = in.skip(Math.min(n, remaining));
        remaining -= s;
        return s;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
