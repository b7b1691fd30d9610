package org.vnfx.packages;

/**
 * What vnfx takes from a SOL001 VNFD (the properties of its {@code tosca.nodes.nfv.VNF} node template and the
 * package release time from its {@code metadata}), as written in the descriptor.
 *
 * @param provider the VNF node's {@code provider}
 * @param productName its {@code product_name}
 * @param softwareVersion its {@code software_version}
 * @param descriptorVersion its {@code descriptor_version}
 * @param releaseDateTime the descriptor's {@code metadata.vnfx_release_date_time}, an RFC 3339 date-time
 */
public record Vnfd(String provider, String productName, String softwareVersion, String descriptorVersion, String releaseDateTime) {
}
