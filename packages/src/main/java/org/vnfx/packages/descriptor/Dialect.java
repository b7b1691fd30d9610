package org.vnfx.packages.descriptor;

/** The descriptor languages vnfx reads; {@link DescriptorReader} tells them apart by their top-level keys. */
public enum Dialect {
    /** ETSI GS NFV-SOL 001: TOSCA Simple Profile in YAML 1.2 or 1.3 ({@code tosca_definitions_version}). */
    SOL001,
    /** OSM's SOL006-based YAML ({@code vnfd:} or {@code nsd: {nsd: [...]}}). */
    OSM,
    /** 5GTANGO / SONATA descriptors ({@code descriptor_schema} naming the tng-schema VNFD or NSD schema). */
    TANGO
}
