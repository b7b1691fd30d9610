package org.vnfx.packages.descriptor;

import java.util.List;
import java.util.Objects;

/**
 * A deployment unit of a VNF: a SOL001 {@code tosca.nodes.nfv.Vdu.Compute} node, an OSM {@code vdu}, a
 * 5GTANGO virtual or cloud-native deployment unit. The needs are those of one instance.
 *
 * @param id the SOL001 node template name, the OSM or 5GTANGO unit id
 * @param name the unit's {@code name} (SOL001 requires one; OSM may, 5GTANGO has none: null)
 * @param vcpuMillis virtual CPUs in thousandths ({@code num_virtual_cpu} × 1000)
 * @param memoryMiB virtual memory in MiB, rounded up
 * @param localStorageMiB the unit's own disks in MiB (SOL001 {@code virtual_local_storage}, 5GTANGO
 *     {@code resource_requirements.storage}), rounded up
 * @param storage the virtual storages the unit attaches (SOL001 {@code virtual_storage} requirements, OSM
 *     {@code virtual-storage-desc} references)
 * @param minInstances how many instances the VNF starts with (SOL001 {@code vdu_profile.min_number_of_instances},
 *     OSM first df's {@code vdu-profile}, 5GTANGO {@code scale_in_out.minimum}); 1 when not given
 * @param image the software image, or null when the unit names none
 */
public record Vdu(String id, String name, long vcpuMillis, long memoryMiB, long localStorageMiB, List<Storage> storage,
                  int minInstances, SwImage image) {
    public Vdu {
        Objects.requireNonNull(id, "id");
        storage = List.copyOf(storage);
        if (vcpuMillis < 0 || memoryMiB < 0 || localStorageMiB < 0 || minInstances < 0) throw new IllegalArgumentException("negative value");
    }

    /** Disk of one instance: its local storage and every storage it attaches, in MiB. */
    public long diskMiB() {
        long disk = localStorageMiB;
        for (Storage s : storage) disk = Math.addExact(disk, s.sizeMiB());
        return disk;
    }

    /** The needs of one instance. */
    public ResourceNeeds needs() {
        return new ResourceNeeds(vcpuMillis, memoryMiB, diskMiB());
    }
}
