package org.vnfx.packages.descriptor;

import java.util.Objects;

/**
 * A VNF a network service is made of, as the NSD references it (the VNFD itself is another descriptor).
 * {@link #descriptorId()} is comparable with {@link Descriptor#id()} of the VNFD in every dialect, so a
 * catalogue can resolve the reference.
 *
 * @param name how the NSD names this constituent: the SOL001 node template, the OSM vnfd-id, the 5GTANGO vnf_id
 * @param descriptorId the referenced VNFD's id: SOL001 {@code descriptor_id} (null when the node gives only
 *     its type), OSM vnfd-id, 5GTANGO {@code vnf_vendor:vnf_name:vnf_version}
 * @param nodeType the SOL001 node type of the constituent, or null in the other dialects
 * @param provider the VNF's provider where the NSD says (SOL001 {@code provider}, 5GTANGO {@code vnf_vendor}), or null
 * @param product its product name where the NSD says (SOL001 {@code product_name}, 5GTANGO {@code vnf_name}), or null
 * @param version its descriptor version where the NSD says (SOL001 {@code descriptor_version}, 5GTANGO
 *     {@code vnf_version}), or null
 */
public record ConstituentRef(String name, String descriptorId, String nodeType, String provider, String product, String version) {
    public ConstituentRef {
        Objects.requireNonNull(name, "name");
        if (descriptorId == null && nodeType == null) throw new IllegalArgumentException("a constituent needs a descriptor id or a node type");
    }
}
