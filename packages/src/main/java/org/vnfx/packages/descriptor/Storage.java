package org.vnfx.packages.descriptor;

import java.util.Objects;

/**
 * A virtual storage a deployment unit attaches: a SOL001 {@code tosca.nodes.nfv.Vdu.VirtualBlockStorage}
 * (or file/object storage) node it requires, or an OSM {@code virtual-storage-desc} it references.
 *
 * @param id the storage node's name (SOL001) or the desc's id (OSM)
 * @param sizeMiB its size in MiB, rounded up
 */
public record Storage(String id, long sizeMiB) {
    public Storage {
        Objects.requireNonNull(id, "id");
        if (sizeMiB < 0) throw new IllegalArgumentException("sizeMiB < 0");
    }
}
