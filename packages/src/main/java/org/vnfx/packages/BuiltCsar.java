package org.vnfx.packages;

import java.nio.file.Path;
import java.util.List;

/**
 * A CSAR the {@link CsarBuilder} wrote.
 *
 * @param file where it is
 * @param sha256 the SHA-256 of the whole file, lowercase hexadecimal: the package digest
 * @param manifest the manifest it carries
 * @param entries its entries in zip order (sorted by path), the manifest included
 */
public record BuiltCsar(Path file, String sha256, Manifest manifest, List<CsarEntry> entries) {

    public BuiltCsar {
        entries = List.copyOf(entries);
    }
}
