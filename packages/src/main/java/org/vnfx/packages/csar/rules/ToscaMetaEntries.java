package org.vnfx.packages.csar.rules;

/**
 * The paths TOSCA.meta names are in the package: the entry definitions, the manifest, the change log and the
 * certificate as files, the licenses and tests as a file or a folder.
 */
public final class ToscaMetaEntries implements Rule {
    public static final String ID = "tosca-meta-entries";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) {
        ToscaMetaFile meta = ctx.toscaMeta();
        if (meta == null) return;
        for (String key : meta.values().keySet()) { // in file order, so findings come in line order
            switch (key) {
                case ToscaMetaFile.ENTRY_DEFINITIONS -> ctx.entryDefinitions(file(ctx, meta, key));
                case ToscaMetaFile.MANIFEST -> ctx.manifestPath(file(ctx, meta, key));
                case ToscaMetaFile.CHANGE_LOG -> file(ctx, meta, key);
                case ToscaMetaFile.CERTIFICATE -> ctx.certificatePath(file(ctx, meta, key));
                case ToscaMetaFile.LICENSES, ToscaMetaFile.TESTS -> fileOrFolder(ctx, meta, key);
                default -> { } // versions and author: no path
            }
        }
    }

    /** The path under {@code key} when it is a file of the package, else null (after an error, if the key is there). */
    private static String file(CsarContext ctx, ToscaMetaFile meta, String key) {
        ToscaMetaFile.Value v = meta.values().get(key);
        if (v == null || !plain(ctx, v)) return null;
        if (ctx.files().containsKey(v.value())) return v.value();
        ctx.error(ID, ToscaMetaFile.PATH, v.line(), v.spelled() + " names '" + v.value() + "', which "
                + (ctx.folders().contains(v.value()) ? "is a folder; expected a file" : "is not in the package"));
        return null;
    }

    private static void fileOrFolder(CsarContext ctx, ToscaMetaFile meta, String key) {
        ToscaMetaFile.Value v = meta.values().get(key);
        if (v == null) return;
        String path = v.value().endsWith("/") ? v.value().substring(0, v.value().length() - 1) : v.value();
        if (!plain(ctx, new ToscaMetaFile.Value(path, v.line(), v.spelled()))) return;
        if (!ctx.files().containsKey(path) && !ctx.folders().contains(path)) {
            ctx.error(ID, ToscaMetaFile.PATH, v.line(), v.spelled() + " names '" + v.value() + "', which is neither a file nor a folder of the package");
        }
    }

    private static boolean plain(CsarContext ctx, ToscaMetaFile.Value v) {
        String problem = ZipEntryPaths.problem(v.value());
        if (problem == null) return true;
        ctx.error(ID, ToscaMetaFile.PATH, v.line(), v.spelled() + " names '" + v.value() + "', which " + problem);
        return false;
    }
}
