package org.vnfx.catalogue;

import java.util.regex.Pattern;

/** The catalogue names packages by SHA-256 in lowercase hexadecimal, as {@code vnfx package verify} prints them. */
public final class Digests {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Digests() {}

    public static String check(String digest) {
        if (digest == null || !SHA256_HEX.matcher(digest).matches()) {
            throw new IllegalArgumentException("a package digest is 64 lowercase hexadecimal digits (SHA-256), got " + digest);
        }
        return digest;
    }
}
