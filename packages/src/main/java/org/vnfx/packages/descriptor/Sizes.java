package org.vnfx.packages.descriptor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vnfx.packages.PackageException;

/**
 * Sizes in exact integer arithmetic. TOSCA {@code scalar-unit.size} (SOL001): a number, optional spaces and a
 * unit out of B, kB, KiB, MB, MiB, GB, GiB, TB, TiB, read case-insensitively as TOSCA allows (the lower-cased
 * names are still all different); kB/MB/GB/TB are powers of 1000 and KiB/MiB/GiB/TiB powers of 1024, so
 * {@code 512 MB} is 488.28 MiB. Results round up: a VNF that asks for a fraction of a MiB needs the whole MiB.
 */
final class Sizes {
    static final String UNITS = "B, kB, KiB, MB, MiB, GB, GiB, TB, TiB";
    static final BigInteger MIB = BigInteger.ONE.shiftLeft(20);
    static final BigInteger GIB = BigInteger.ONE.shiftLeft(30);
    private static final Map<String, BigInteger> BYTES_PER_UNIT = Map.of(
            "b", BigInteger.ONE,
            "kb", BigInteger.TEN.pow(3), "kib", BigInteger.ONE.shiftLeft(10),
            "mb", BigInteger.TEN.pow(6), "mib", MIB,
            "gb", BigInteger.TEN.pow(9), "gib", GIB,
            "tb", BigInteger.TEN.pow(12), "tib", BigInteger.ONE.shiftLeft(40));
    /** No sign and no exponent, bounded digits: nothing here can make the arithmetic slow. */
    private static final Pattern SCALAR_UNIT = Pattern.compile("([0-9]{1,20}(?:\\.[0-9]{1,20})?)\\s*([A-Za-z]+)");
    private static final Pattern NUMBER_ONLY = Pattern.compile("[0-9]{1,20}(?:\\.[0-9]{1,20})?");

    private Sizes() {}

    /** A TOSCA scalar-unit.size value, in bytes (a fraction of a byte counts as a whole byte). */
    static long bytes(YamlAt at) throws PackageException {
        String text = at.scalarText("a size such as 512 MiB");
        Matcher m = SCALAR_UNIT.matcher(text);
        if (!m.matches()) {
            if (NUMBER_ONLY.matcher(text).matches()) throw at.error("must be a size with a unit (e.g. " + text + " MiB), not '" + text + "'");
            if (text.startsWith("-")) throw at.error("must not be negative: '" + text + "'");
            throw at.error("must be a size: a number and a unit out of " + UNITS + " (e.g. 512 MiB), not '" + text + "'");
        }
        return bytes(at, new BigDecimal(m.group(1)), m.group(2), text);
    }

    /** A TOSCA scalar-unit.size value in MiB, rounded up. */
    static long mib(YamlAt at) throws PackageException {
        return ceilMib(at, BigInteger.valueOf(bytes(at)));
    }

    /** {@code amount unit} in bytes, rounded up; {@code unit} is one of {@link #UNITS}, any case. */
    static long bytes(YamlAt at, BigDecimal amount, String unit, String asWritten) throws PackageException {
        BigInteger perUnit = BYTES_PER_UNIT.get(unit.toLowerCase(Locale.ROOT));
        if (perUnit == null) {
            throw at.error("has an unknown size unit '" + unit + "' in '" + asWritten + "'; expected one of " + UNITS + " (case-insensitive)");
        }
        return exact(at, amount.multiply(new BigDecimal(perUnit)).setScale(0, RoundingMode.CEILING).toBigInteger());
    }

    /** {@code bytes} in MiB, rounded up. */
    static long ceilMib(YamlAt at, BigInteger bytes) throws PackageException {
        BigInteger[] qr = bytes.divideAndRemainder(MIB);
        return exact(at, qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE));
    }

    /** A plain number of GB as OSM writes sizes; OSM reads it as GiB (it makes {@code size × 1024} MB flavours). */
    static BigInteger osmGibBytes(YamlAt at) throws PackageException {
        return at.decimal().multiply(new BigDecimal(GIB)).setScale(0, RoundingMode.CEILING).toBigInteger();
    }

    static long exact(YamlAt at, BigInteger value) throws PackageException {
        if (value.bitLength() > 62) throw at.error("is too large");
        return value.longValueExact();
    }
}
