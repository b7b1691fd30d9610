package org.vnfx.packages.csar.rules;

/** The archive holds at most {@code ZipLimits.maxEntries} entries (past that, its central directory is not even read). */
public final class ZipEntryCount implements Rule {
    public static final String ID = "zip-entry-count";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) {
        long n = ctx.zip().declaredEntries();
        int max = ctx.zip().limits().maxEntries();
        if (n > max) ctx.archiveError(ID, "has " + n + " entries, more than the limit of " + max);
    }
}
