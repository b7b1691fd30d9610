package org.vnfx.packages;

/**
 * The {@code metadata:} block of a VNF package manifest (ETSI GS NFV-SOL 004 clause 4.3.2), its values as SOL004
 * names them.
 */
public record ManifestMetadata(String vnfProviderId, String vnfProductName, String vnfReleaseDateTime,
                               String vnfSoftwareVersion, String vnfPackageVersion) {

    /** Taken from the VNFD: provider, product name, software and descriptor versions, release time. */
    public static ManifestMetadata of(Vnfd vnfd) {
        return new ManifestMetadata(vnfd.provider(), vnfd.productName(), vnfd.releaseDateTime(),
                vnfd.softwareVersion(), vnfd.descriptorVersion());
    }

    String render() {
        return "metadata:\n"
                + "  vnf_provider_id: " + vnfProviderId + '\n'
                + "  vnf_product_name: " + vnfProductName + '\n'
                + "  vnf_release_date_time: " + vnfReleaseDateTime + '\n'
                + "  vnf_software_version: " + vnfSoftwareVersion + '\n'
                + "  vnf_package_version: " + vnfPackageVersion + '\n';
    }
}
