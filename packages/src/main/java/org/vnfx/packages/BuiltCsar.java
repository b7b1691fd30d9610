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
 * @param inner for a security option 2 zip, the CSAR inside it (its {@code file} is its name in the zip), else null;
 *              {@code manifest} is then the inner CSAR's and {@code entries} the zip's
 */
public record BuiltCsar(Path file, String sha256, Manifest manifest, List<CsarEntry> entries, BuiltCsar inner) {

    public BuiltCsar {
        entries = List.copyOf(entries);
    }

    public BuiltCsar(Path file, String sha256, Manifest manifest, List<CsarEntry> entries) {
        this(file, sha256, manifest, entries, null);
    }
}
