package org.vnfx.packages.csar.rules;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.vnfx.packages.csar.PackageKind;

/**
 * The {@code metadata:} block has exactly the keys of one {@link PackageKind} (VNF, NSD or PNF), each once and
 * with a value, and the release date-time in RFC 3339. The kind is the one of the first known key.
 */
public final class ManifestMetadataKeys implements Rule {
    public static final String ID = "manifest-metadata";
    /** RFC 3339 section 5.6 date-time. */
    private static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

    @Override
    public String id() {
        return ID;
    }

    /** The package's kind as its manifest's metadata says (null when no key is known). */
    public static PackageKind kind(ManifestFile manifest) {
        for (ManifestFile.KeyLine k : manifest.metadata()) {
            PackageKind kind = PackageKind.ofKey(k.key());
            if (kind != null) return kind;
        }
        return null;
    }

    /** The metadata as key to value, in file order (the first value of a repeated key). */
    public static Map<String, String> values(ManifestFile manifest) {
        Map<String, String> m = new LinkedHashMap<>();
        for (ManifestFile.KeyLine k : manifest.metadata()) m.putIfAbsent(k.key(), k.value());
        return m;
    }

    @Override
    public void check(CsarContext ctx) {
        ManifestFile mf = ctx.manifest();
        if (mf == null || mf.metadataLine() == 0) return;
        String file = ctx.manifestPath();
        PackageKind kind = kind(mf);
        if (kind == null) {
            ctx.error(ID, file, mf.metadataLine(), "the metadata block has none of the keys of a VNF (" + String.join(", ", PackageKind.VNF.keys())
                    + "), NSD (" + String.join(", ", PackageKind.NSD.keys()) + ") or PNF (" + String.join(", ", PackageKind.PNF.keys()) + ") manifest");
            return;
        }
        String expected = "a " + kind + " manifest has " + String.join(", ", kind.keys());
        Map<String, Integer> seen = new HashMap<>();
        for (ManifestFile.KeyLine k : mf.metadata()) {
            if (!kind.keys().contains(k.key())) {
                ctx.error(ID, file, k.line(), "unknown metadata key '" + k.key() + "'; " + expected);
                continue;
            }
            Integer first = seen.putIfAbsent(k.key(), k.line());
            if (first != null) {
                ctx.error(ID, file, k.line(), "metadata key '" + k.key() + "' again (first at line " + first + ")");
            } else if (k.value().isEmpty()) {
                ctx.error(ID, file, k.line(), k.key() + " has no value");
            } else if (k.key().equals(kind.releaseKey()) && !isRfc3339(k.value())) {
                ctx.error(ID, file, k.line(), k.key() + " '" + k.value() + "' is not an RFC 3339 date-time (e.g. 2025-06-01T00:00:00Z)");
            }
        }
        for (String key : kind.keys()) {
            if (!seen.containsKey(key)) ctx.error(ID, file, mf.metadataLine(), "metadata has no " + key + "; " + expected);
        }
    }

    static boolean isRfc3339(String text) {
        if (!RFC3339.matcher(text).matches()) return false;
        try {
            OffsetDateTime.parse(text.toUpperCase(java.util.Locale.ROOT));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
