package org.vnfx.packages.csar.rules;

import java.util.Locale;

/** Every listed file's digest, computed by {@link EntryData}, is the one its manifest block gives. */
public final class ManifestDigestsMatch implements Rule {
    public static final String ID = "manifest-digests-match";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) {
        ManifestFile mf = ctx.manifest();
        if (mf == null) return;
        for (ManifestFile.SourceBlock b : mf.sources()) {
            if (!ManifestAlgorithms.wellFormed(b.algorithm(), b.hash()) || b.source().equals(ctx.manifestPath())) continue;
            CsarContext.Digests d = ctx.digests().get(b.source());
            if (d == null) continue;
            String algorithm = ManifestAlgorithms.canonical(b.algorithm());
            String actual = d.byAlgorithm().get(algorithm);
            String expected = b.hash().toLowerCase(Locale.ROOT);
            if (!expected.equals(actual)) {
                ctx.error(ID, ctx.manifestPath(), b.hashLine(), "wrong " + algorithm + " digest of " + b.source() + ": the manifest says "
                        + expected + ", the file has " + actual);
            }
        }
    }
}
