package org.vnfx.packages.csar.rules;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.vnfx.packages.csar.ZipArchive;

/**
 * Reads every file of the archive once, to the end: its bytes must inflate within the {@code ZipLimits} (whatever
 * the headers declared) to exactly the declared size and CRC-32. Computes the SHA-256 of each file and, when the
 * manifest names another algorithm for it, that digest too, for {@link ManifestDigestsMatch}.
 */
public final class EntryData implements Rule {
    public static final String ID = "entry-data";
    // findings carry the id of the check a read breaks: zip-limits or zip-format

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) throws IOException {
        Map<String, String> algorithmFor = new LinkedHashMap<>();
        if (ctx.manifest() != null) {
            for (ManifestFile.SourceBlock b : ctx.manifest().sources()) {
                String a = ManifestAlgorithms.canonical(b.algorithm());
                if (a != null) algorithmFor.putIfAbsent(b.source(), a);
            }
        }
        byte[] buffer = new byte[64 * 1024];
        for (Map.Entry<String, ZipArchive.Entry> f : ctx.files().entrySet()) {
            Set<String> algorithms = new LinkedHashSet<>();
            algorithms.add("SHA-256");
            if (algorithmFor.containsKey(f.getKey())) algorithms.add(algorithmFor.get(f.getKey()));
            Map<String, MessageDigest> digests = new LinkedHashMap<>();
            for (String a : algorithms) digests.put(a, digest(a));
            long size = 0;
            try (InputStream in = ctx.zip().open(f.getValue())) {
                for (int n; (n = in.read(buffer)) > 0; size += n) {
                    for (MessageDigest md : digests.values()) md.update(buffer, 0, n);
                }
            } catch (ZipArchive.EntryException e) {
                ctx.archiveError(e.rule(), e.getMessage());
                if (ctx.zip().inflatedTotal() > ctx.zip().limits().maxTotalBytes()) return; // every later entry would fail too
                continue;
            }
            Map<String, String> hex = new LinkedHashMap<>();
            digests.forEach((a, md) -> hex.put(a, HexFormat.of().formatHex(md.digest())));
            ctx.digests(f.getKey(), new CsarContext.Digests(size, hex));
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }
}
