package org.vnfx.ledger.suite;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** A short lowercase ASCII name stored on chain left-aligned in a bytes32 (function types, regions): no string storage. */
public final class ShortName {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,30}");

    private ShortName() {}

    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @param what what the name names, for the error message ("function type", "region") */
    public static byte[] toBytes32(String what, String name) {
        if (!valid(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' must match " + NAME.pattern() + " (at most 31 ASCII characters)");
        }
        byte[] out = new byte[32];
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, out, 0, ascii.length);
        return out;
    }

    public static String fromBytes32(byte[] value) {
        int len = 0;
        while (len < value.length && value[len] != 0) len++;
        return new String(value, 0, len, StandardCharsets.US_ASCII);
    }
}
