package org.vnfx.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Deterministic test content, generated as it is read (so a 300 MiB object never sits in the heap). */
final class TestData {
    private TestData() {}

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) b[i] = (byte) r.nextInt(256);
        return b;
    }

    /** {@code size} pseudo-random bytes from {@code seed}. */
    static InputStream stream(long size, long seed) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long left = size;
            private long word;
            private int wordBytes;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                int i = 0;
                // leftover bytes of the last word, then whole words, then the start of a new one
                while (i < n && wordBytes > 0) {
                    b[off + i++] = (byte) word;
                    word >>>= 8;
                    wordBytes--;
                }
                while (n - i >= 8) {
                    long w = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        b[off + i++] = (byte) w;
                        w >>>= 8;
                    }
                }
                if (i < n) {
                    word = random.nextLong();
                    wordBytes = 8;
                    while (i < n) {
                        b[off + i++] = (byte) word;
                        word >>>= 8;
                        wordBytes--;
                    }
                }
                left -= n;
                return n;
            }
        };
    }

    /** The raw CID of {@link #stream(long, long)}, hashed as it is generated. */
    static Cid cidOf(long size, long seed) throws IOException {
        return cidOf(stream(size, seed));
    }

    static Cid cidOf(InputStream in) throws IOException {
        var md = Cid.sha256();
        byte[] buf = new byte[1 << 16];
        int r;
        while ((r = in.read(buf)) >= 0) md.update(buf, 0, r);
        return Cid.rawSha256(md.digest());
    }

    static Cid cidOf(Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return cidOf(in);
        }
    }
}
