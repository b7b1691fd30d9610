package org.vnfx.packages;

import java.util.List;

/**
 * A VNF package manifest ({@code .mf}, ETSI GS NFV-SOL 004 clause 4.3.2): the metadata block, then one digest
 * block per file of the package except the manifest itself, blocks separated by a blank line.
 */
public record Manifest(ManifestMetadata metadata, List<ManifestEntry> entries) {

    public Manifest {
        entries = List.copyOf(entries);
    }

    /** The file's text, LF line ends. */
    public String render() {
        StringBuilder s = new StringBuilder(metadata.render());
        for (ManifestEntry e : entries) s.append('\n').append(e.render());
        return s.toString();
    }
}
