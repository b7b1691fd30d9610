package org.vnfx.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A compressed secp256k1 public key: one prefix byte (0x02 even y, 0x03 odd y) and the 32-byte x.
 * On chain it is stored as (prefix, x) in Identities.
 */
public record CompressedKey(byte prefix, byte[] x) {
    public static final int LENGTH_BYTES = 33;

    public CompressedKey {
        if (prefix != 2 && prefix != 3) {
            throw new IllegalArgumentException("compressed key prefix must be 0x02 or 0x03, got 0x" + HexFormat.of().toHexDigits(prefix));
        }
        if (x == null || x.length != 32) {
            throw new IllegalArgumentException("compressed key x must be 32 bytes");
        }
        x = x.clone();
    }

    public static CompressedKey of(byte[] encoded) {
        if (encoded.length != LENGTH_BYTES) {
            throw new IllegalArgumentException("compressed key must be " + LENGTH_BYTES + " bytes, got " + encoded.length);
        }
        return new CompressedKey(encoded[0], Arrays.copyOfRange(encoded, 1, LENGTH_BYTES));
    }

    public static CompressedKey ofHex(String hex) {
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        return of(HexFormat.of().parseHex(h));
    }

    @Override
    public byte[] x() {
        return x.clone();
    }

    public byte[] bytes() {
        byte[] out = new byte[LENGTH_BYTES];
        out[0] = prefix;
        System.arraycopy(x, 0, out, 1, 32);
        return out;
    }

    public String hex() {
        return "0x" + HexFormat.of().formatHex(bytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompressedKey k && k.prefix == prefix && Arrays.equals(k.x, x);
    }

    @Override
    public int hashCode() {
        return 31 * prefix + Arrays.hashCode(x);
    }

    @Override
    public String toString() {
        return hex();
    }
}
