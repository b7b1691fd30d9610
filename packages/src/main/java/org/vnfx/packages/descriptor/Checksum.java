package org.vnfx.packages.descriptor;

import java.util.Objects;

/**
 * The checksum of a software image, as the descriptor writes it.
 *
 * @param algorithm e.g. {@code sha-256} (SOL001, OSM) or {@code md5} (5GTANGO {@code vm_image_md5})
 * @param hash the digest, as written
 */
public record Checksum(String algorithm, String hash) {
    public Checksum {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hash, "hash");
    }
}
