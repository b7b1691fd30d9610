package org.vnfx.packages.descriptor;

/**
 * What a VNF needs from a MEC node to be instantiated, in the units of an offer's requirements on chain:
 * thousandths of a vCPU, MiB of memory, MiB of disk. It is the sum over the deployment units of each unit's
 * needs times its minimum number of instances.
 */
public record ResourceNeeds(long vcpuMillis, long memoryMiB, long diskMiB) {
    public static final ResourceNeeds ZERO = new ResourceNeeds(0, 0, 0);

    public ResourceNeeds {
        if (vcpuMillis < 0 || memoryMiB < 0 || diskMiB < 0) throw new IllegalArgumentException("negative needs");
    }

    /** @throws ArithmeticException on overflow */
    public ResourceNeeds plus(ResourceNeeds other) {
        return new ResourceNeeds(Math.addExact(vcpuMillis, other.vcpuMillis), Math.addExact(memoryMiB, other.memoryMiB),
                Math.addExact(diskMiB, other.diskMiB));
    }

    /** @throws ArithmeticException on overflow */
    public ResourceNeeds times(int n) {
        return new ResourceNeeds(Math.multiplyExact(vcpuMillis, n), Math.multiplyExact(memoryMiB, n), Math.multiplyExact(diskMiB, n));
    }
}
