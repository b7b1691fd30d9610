package org.vnfx.catalogue;

import java.time.Instant;
import java.util.Objects;
import org.vnfx.packages.descriptor.Descriptor;

/**
 * A verified package and the descriptor it carries, as the catalogue stores it. The descriptor's kind decides
 * whether it is catalogued as a VNF or a network service; its {@link #version()} is the software version of a
 * VNF (the descriptor version where the dialect has none) and the descriptor version of an NS.
 *
 * @param digest      SHA-256 of the package file, lowercase hexadecimal: the package's identity
 * @param sizeBytes   size of the package file
 * @param descriptor  the package's main descriptor, already validated
 * @param onboardedAt when the package entered the marketplace (a block's timestamp when indexed from the chain, so
 *                    a rebuild gives the same value)
 */
public record PackageEntry(String digest, long sizeBytes, Descriptor descriptor, Instant onboardedAt) {
    public PackageEntry {
        Digests.check(digest);
        if (sizeBytes < 0) throw new IllegalArgumentException("negative size");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(onboardedAt, "onboardedAt");
    }

    /** The version under which the catalogue keeps the product: software version for a VNF, descriptor version otherwise. */
    public String version() {
        String v = descriptor.softwareVersion();
        return v != null ? v : descriptor.descriptorVersion();
    }
}
