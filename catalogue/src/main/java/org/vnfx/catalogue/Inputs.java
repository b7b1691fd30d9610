package org.vnfx.catalogue;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

/** Input checks, each naming the field it refuses, made before anything is written. */
final class Inputs {
    private static final Pattern ACCOUNT = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-f]+");
    /** numeric(78,0) holds any uint256. */
    private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private Inputs() {}

    /** Text PostgreSQL can store: not null, no NUL character. */
    static String text(String field, String value) {
        if (value == null) throw new IllegalArgumentException(field + " is missing");
        if (value.indexOf('\0') >= 0) throw new IllegalArgumentException(field + " contains a NUL character");
        return value;
    }

    static String optionalText(String field, String value) {
        return value == null ? null : text(field, value);
    }

    static String nonBlank(String field, String value) {
        if (text(field, value).isBlank()) throw new IllegalArgumentException(field + " is blank");
        return value;
    }

    static String account(String field, String value) {
        if (value == null || !ACCOUNT.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a 0x-prefixed lowercase 20-byte account, got " + value);
        }
        return value;
    }

    static String hex(String field, String value) {
        if (value == null || !HEX.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 0x-prefixed lowercase hexadecimal, got " + value);
        }
        return value;
    }

    static BigInteger uint256(String field, BigInteger value) {
        if (value == null) throw new IllegalArgumentException(field + " is missing");
        if (value.signum() < 0 || value.compareTo(UINT256_MAX) > 0) throw new IllegalArgumentException(field + " must be 0..2^256-1, got " + value);
        return value;
    }

    static long block(String field, long value) {
        if (value < 0) throw new IllegalArgumentException(field + " must not be negative, got " + value);
        return value;
    }

    static List<String> texts(String field, List<String> values) {
        for (int i = 0; i < values.size(); i++) text(field + "[" + i + "]", values.get(i));
        return values;
    }
}
