package org.vnfx.packages.csar.rules;

/** Every set of {@code non_mano_artifact_sets} lists at least one artifact, and each is a file of the package. */
public final class NonManoArtifactSets implements Rule {
    public static final String ID = "non-mano-artifact-sets";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) {
        ManifestFile mf = ctx.manifest();
        if (mf == null) return;
        String manifest = ctx.manifestPath();
        for (ManifestFile.ArtifactSet set : mf.nonManoArtifactSets().values()) {
            if (set.sources().isEmpty()) {
                ctx.error(ID, manifest, set.line(), "non-MANO artifact set '" + set.name() + "' lists no Source; expected indented 'Source: PATH' lines under it");
            }
            for (ManifestFile.KeyLine s : set.sources()) {
                String problem = ZipEntryPaths.problem(s.value());
                if (problem != null) {
                    ctx.error(ID, manifest, s.line(), "non-MANO artifact '" + s.value() + "' of set '" + set.name() + "' " + problem);
                } else if (!ctx.files().containsKey(s.value())) {
                    ctx.error(ID, manifest, s.line(), "non-MANO artifact '" + s.value() + "' of set '" + set.name() + "' "
                            + (ctx.folders().contains(s.value()) ? "is a folder; expected a file" : "is not in the package"));
                }
            }
        }
    }
}
