package org.vnfx.packages.csar.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vnfx.packages.csar.ZipArchive;
import org.vnfx.packages.csar.ZipLimits;

/**
 * What the central directory declares stays within the {@link ZipLimits}: the total uncompressed size, each
 * entry's compression ratio, and no two entries sharing bytes (overlapping entries are how a small archive
 * inflates to terabytes). {@link EntryData} checks the same limits again on the bytes that really inflate.
 */
public final class ZipBombLimits implements Rule {
    public static final String ID = "zip-limits";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) {
        ZipLimits limits = ctx.zip().limits();
        long total = 0;
        for (ZipArchive.Entry e : ctx.zip().entries()) {
            total += e.size();
            if (limits.ratioExceeded(e.size(), e.compressedSize())) {
                ctx.archiveError(ID, "entry '" + e.name() + "' declares " + e.size() + " bytes from " + e.compressedSize()
                        + " compressed (ratio " + e.size() / Math.max(1, e.compressedSize()) + "), more than the ratio limit of " + limits.maxRatio());
            }
        }
        if (total > limits.maxTotalBytes()) {
            ctx.archiveError(ID, "its entries declare " + total + " bytes uncompressed in total, more than the limit of " + limits.maxTotalBytes());
        }
        List<ZipArchive.Entry> byOffset = new ArrayList<>(ctx.zip().entries());
        byOffset.sort(Comparator.comparingLong(ZipArchive.Entry::localHeaderOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            ZipArchive.Entry before = byOffset.get(i - 1);
            ZipArchive.Entry e = byOffset.get(i);
            if (before.dataOffset() + before.compressedSize() > e.localHeaderOffset()) {
                ctx.archiveError(ID, "entries '" + before.name() + "' and '" + e.name() + "' overlap in the archive (a zip bomb's trick); each entry needs bytes of its own");
            }
        }
    }
}
