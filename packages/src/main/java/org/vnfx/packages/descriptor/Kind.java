package org.vnfx.packages.descriptor;

/** What a descriptor describes. */
public enum Kind {
    /** A VNF descriptor (VNFD): one network function and its deployment units. */
    VNF,
    /** A network service descriptor (NSD): a service made of VNFs it references. */
    NS
}
