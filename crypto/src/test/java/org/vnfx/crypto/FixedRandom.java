package org.vnfx.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A "random" source that hands out given bytes in order, for test vectors; fails if asked for more. */
final class FixedRandom extends SecureRandom {
    private final byte[] bytes;
    private int next;

    FixedRandom(String hex) {
        this.bytes = HexFormat.of().parseHex(hex);
    }

    @Override
    public synchronized void nextBytes(byte[] out) {
        if (next + out.length > bytes.length) {
            throw new IllegalStateException("fixed randomness exhausted: " + out.length + " bytes asked, " + (bytes.length - next) + " left");
        }
        System.arraycopy(bytes, next, out, 0, out.length);
        next += out.length;
    }

    int used() {
        return next;
    }
}
