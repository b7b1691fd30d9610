package org.vnfx.packages.csar.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * The manifest and the package agree on what the package holds: every file but the manifest itself has a digest
 * block, and every block names a file of the package, once. (A certificate file of option 1 is a file of the
 * package and is listed; the {@code .cms} and {@code .cert} of option 2 are outside the CSAR.) A {@code Source}
 * that is a URI names an artifact outside the package: it is reported, not fetched.
 */
public final class ManifestListsEveryFile implements Rule {
    public static final String ID = "manifest-lists-every-file";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) {
        ManifestFile mf = ctx.manifest();
        if (mf == null) return;
        String manifest = ctx.manifestPath();
        Map<String, Integer> listed = new HashMap<>();
        for (ManifestFile.SourceBlock b : mf.sources()) {
            String s = b.source();
            if (s.isEmpty()) continue;
            if (s.contains("://")) {
                ctx.warning(ID, manifest, b.line(), "Source '" + s + "' is outside the package; vnfx does not fetch it, so its digest is not checked");
                continue;
            }
            Integer first = listed.putIfAbsent(s, b.line());
            String problem = ZipEntryPaths.problem(s);
            if (first != null) {
                ctx.error(ID, manifest, b.line(), "Source '" + s + "' is listed again (first at line " + first + ")");
            } else if (s.equals(manifest)) {
                ctx.error(ID, manifest, b.line(), "the manifest lists itself; it cannot hold its own digest");
            } else if (problem != null) {
                ctx.error(ID, manifest, b.line(), "Source '" + s + "' " + problem);
            } else if (!ctx.files().containsKey(s)) {
                ctx.error(ID, manifest, b.line(), "Source '" + s + "' " + (ctx.folders().contains(s) ? "is a folder; list each of its files" : "is not in the package"));
            }
        }
        for (String path : ctx.files().keySet()) {
            if (!path.equals(manifest) && !listed.containsKey(path)) {
                ctx.error(ID, manifest, 0, path + " is in the package but not in the manifest; every file but the manifest itself needs a Source/Algorithm/Hash block");
            }
        }
    }
}
