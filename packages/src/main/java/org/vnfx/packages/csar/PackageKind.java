package org.vnfx.packages.csar;

import java.util.List;

/**
 * What a package carries, as its manifest's {@code metadata:} block says: the keys of each kind (ETSI GS NFV-SOL
 * 004 clause 4.3.2 for VNF packages and PNFD archives, SOL007 for NSD file structures). A manifest has exactly the
 * keys of one kind.
 */
public enum PackageKind {
    VNF("vnf_release_date_time", "vnf_provider_id", "vnf_product_name", "vnf_release_date_time", "vnf_software_version", "vnf_package_version"),
    NSD("nsd_release_date_time", "nsd_designer", "nsd_invariant_id", "nsd_name", "nsd_release_date_time", "nsd_file_structure_version"),
    PNF("pnfd_release_date_time", "pnfd_provider", "pnfd_name", "pnfd_release_date_time", "pnfd_archive_version");

    private final String releaseKey;
    private final List<String> keys;

    PackageKind(String releaseKey, String... keys) {
        this.releaseKey = releaseKey;
        this.keys = List.of(keys);
    }

    /** The metadata keys, in the order SOL004 lists them. */
    public List<String> keys() {
        return keys;
    }

    /** The key whose value is an RFC 3339 date-time. */
    public String releaseKey() {
        return releaseKey;
    }

    /** The kind one of whose keys {@code key} is, or null. */
    public static PackageKind ofKey(String key) {
        for (PackageKind k : values()) if (k.keys.contains(key)) return k;
        return null;
    }
}
