package org.vnfx.ledger.suite;

/** Virtual compute a VNF needs, or a MEC node has free: thousandths of a vCPU, MiB of memory and disk. */
public record Requirements(long vcpuMillis, long memoryMiB, long diskMiB) {
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    public Requirements {
        check("vcpuMillis", vcpuMillis);
        check("memoryMiB", memoryMiB);
        check("diskMiB", diskMiB);
    }

    public boolean fitsIn(Requirements free) {
        return vcpuMillis <= free.vcpuMillis && memoryMiB <= free.memoryMiB && diskMiB <= free.diskMiB;
    }

    /** Both together (e.g. what several grants take from a node). */
    public Requirements plus(Requirements other) {
        return new Requirements(vcpuMillis + other.vcpuMillis, memoryMiB + other.memoryMiB, diskMiB + other.diskMiB);
    }

    /** What is left of this after {@code taken} (null: nothing taken), never below zero. */
    public Requirements less(Requirements taken) {
        if (taken == null) return this;
        return new Requirements(Math.max(0, vcpuMillis - taken.vcpuMillis), Math.max(0, memoryMiB - taken.memoryMiB),
                Math.max(0, diskMiB - taken.diskMiB));
    }

    /** For people: "1.5 vCPU, 256 MiB memory, 64 MiB disk". */
    @Override
    public String toString() {
        return java.math.BigDecimal.valueOf(vcpuMillis, 3).stripTrailingZeros().toPlainString() + " vCPU, " + memoryMiB + " MiB memory, "
                + diskMiB + " MiB disk";
    }

    private static void check(String field, long v) {
        if (v < 0 || v > MAX_UINT32) throw new IllegalArgumentException(field + " must be in 0.." + MAX_UINT32 + ", got " + v);
    }
}
