package org.vnfx.ledger.suite;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** A VNF function type ("ids", "firewall", "nat"): short ASCII, stored on chain left-aligned in a bytes32. */
public final class FunctionType {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,30}");

    private FunctionType() {}

    public static byte[] toBytes32(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("function type '" + name + "' must match " + NAME.pattern() + " (at most 31 ASCII characters)");
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
