package org.vnfx.packages.descriptor;

import java.util.Objects;

/**
 * The software image a deployment unit boots or runs. Sizes are exact byte counts (an image's size is checked
 * against the file, so it is not rounded to MiB); null where the descriptor does not say.
 *
 * @param name SOL001 {@code sw_image_data.name}, OSM {@code sw-image-desc.name} (or its {@code image}),
 *     5GTANGO {@code vm_image} or a cloud-native unit's {@code image}
 * @param version the image version (SOL001, OSM), or null
 * @param checksum the image checksum, or null
 * @param containerFormat e.g. {@code bare}, or null
 * @param diskFormat e.g. {@code qcow2}, {@code raw} (5GTANGO {@code vm_image_format}), or null
 * @param minDiskBytes the smallest disk that holds the image, or null
 * @param minRamBytes the smallest memory the image runs in, or null
 * @param sizeBytes the image size, or null
 */
public record SwImage(String name, String version, Checksum checksum, String containerFormat, String diskFormat,
                      Long minDiskBytes, Long minRamBytes, Long sizeBytes) {
    public SwImage {
        Objects.requireNonNull(name, "name");
    }
}
