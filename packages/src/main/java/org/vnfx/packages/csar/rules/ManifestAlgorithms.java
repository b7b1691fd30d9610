package org.vnfx.packages.csar.rules;

import java.util.Locale;
import java.util.Map;

/**
 * Every digest block names SHA-256, SHA-384 or SHA-512 (any case, with or without the dash) and its hash has the
 * length of that algorithm's digest in hexadecimal digits (either case).
 */
public final class ManifestAlgorithms implements Rule {
    public static final String ID = "manifest-algorithm";
    /** Canonical name to hexadecimal digest length. */
    static final Map<String, Integer> HEX_LENGTHS = Map.of("SHA-256", 64, "SHA-384", 96, "SHA-512", 128);

    @Override
    public String id() {
        return ID;
    }

    /** The canonical name of a manifest's algorithm ({@code sha-256}, {@code SHA256} → {@code SHA-256}), or null. */
    public static String canonical(String algorithm) {
        if (algorithm == null) return null;
        String a = algorithm.strip().toUpperCase(Locale.ROOT);
        if (a.matches("SHA\\d{3}")) a = "SHA-" + a.substring(3);
        return HEX_LENGTHS.containsKey(a) ? a : null;
    }

    /** True when {@code hash} is a well-formed digest for {@code algorithm}. */
    static boolean wellFormed(String algorithm, String hash) {
        String a = canonical(algorithm);
        return a != null && hash != null && hash.length() == HEX_LENGTHS.get(a) && hash.matches("[0-9a-fA-F]+");
    }

    @Override
    public void check(CsarContext ctx) {
        ManifestFile mf = ctx.manifest();
        if (mf == null) return;
        String file = ctx.manifestPath();
        for (ManifestFile.SourceBlock b : mf.sources()) {
            if (b.algorithm() == null) continue;
            String a = canonical(b.algorithm());
            if (a == null) {
                ctx.error(ID, file, b.algorithmLine(), "Algorithm '" + b.algorithm() + "' of " + b.source() + " is not supported; expected SHA-256, SHA-384 or SHA-512");
                continue;
            }
            if (b.hash() == null) continue;
            if (!b.hash().matches("[0-9a-fA-F]*")) {
                ctx.error(ID, file, b.hashLine(), "Hash of " + b.source() + " is not hexadecimal; expected " + HEX_LENGTHS.get(a) + " hexadecimal digits (" + a + ")");
            } else if (b.hash().length() != HEX_LENGTHS.get(a)) {
                ctx.error(ID, file, b.hashLine(), "Hash of " + b.source() + " has " + b.hash().length() + " hexadecimal digits; a " + a + " digest has "
                        + HEX_LENGTHS.get(a));
            }
        }
    }
}
