package org.vnfx.packages.csar;

/**
 * What a package archive may hold before it is refused as a zip bomb: checked first against what the central
 * directory declares, then again against the bytes that actually inflate (a header may lie).
 *
 * @param maxEntries entries in the archive, folders included
 * @param maxTotalBytes uncompressed bytes of all entries together
 * @param maxRatio uncompressed bytes per compressed byte of one entry (deflate reaches about 1,030 at most)
 * @param ratioFreeBytes an entry up to this size is never refused for its ratio (a small file of zeros compresses
 *                       far beyond any sane ratio and harms nobody)
 */
public record ZipLimits(int maxEntries, long maxTotalBytes, int maxRatio, long ratioFreeBytes) {
    /** 10,000 entries, 8 GiB in all (a VNF package may carry VM images), ratio 100 beyond the first MiB of an entry. */
    public static final ZipLimits DEFAULT = new ZipLimits(10_000, 8L << 30, 100, 1L << 20);

    public ZipLimits {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        if (maxTotalBytes < 1) throw new IllegalArgumentException("maxTotalBytes must be at least 1, got " + maxTotalBytes);
        if (maxRatio < 1) throw new IllegalArgumentException("maxRatio must be at least 1, got " + maxRatio);
        if (ratioFreeBytes < 0) throw new IllegalArgumentException("ratioFreeBytes must be >= 0, got " + ratioFreeBytes);
    }

    public ZipLimits withMaxEntries(int n) {
        return new ZipLimits(n, maxTotalBytes, maxRatio, ratioFreeBytes);
    }

    public ZipLimits withMaxTotalBytes(long n) {
        return new ZipLimits(maxEntries, n, maxRatio, ratioFreeBytes);
    }

    public ZipLimits withMaxRatio(int n) {
        return new ZipLimits(maxEntries, maxTotalBytes, n, ratioFreeBytes);
    }

    /** True when an entry of {@code size} bytes stored in {@code compressed} bytes exceeds the ratio limit. */
    public boolean ratioExceeded(long size, long compressed) {
        return size > ratioFreeBytes && size > Math.max(1, compressed) * (long) maxRatio;
    }
}
