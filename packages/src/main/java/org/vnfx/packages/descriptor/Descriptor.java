package org.vnfx.packages.descriptor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A VNF or network service descriptor in any dialect vnfx reads, reduced to what a catalogue and an offer need,
 * plus the whole document as a JSON-compatible tree. Text values are taken as written (a version {@code 1.10}
 * stays "1.10"). What each dialect calls these fields:
 *
 * <table>
 *   <caption>fields by dialect</caption>
 *   <tr><th>field</th><th>SOL001 VNFD</th><th>SOL001 NSD</th><th>OSM vnfd / nsd</th><th>5GTANGO</th></tr>
 *   <tr><td>id</td><td>descriptor_id</td><td>descriptor_id</td><td>id</td><td>vendor:name:version</td></tr>
 *   <tr><td>provider</td><td>provider</td><td>designer</td><td>provider / designer</td><td>vendor</td></tr>
 *   <tr><td>product</td><td>product_name</td><td>name</td><td>product-name / name</td><td>name</td></tr>
 *   <tr><td>softwareVersion</td><td>software_version</td><td>null</td><td>software-version or null / null</td><td>null</td></tr>
 *   <tr><td>descriptorVersion</td><td>descriptor_version</td><td>version</td><td>version</td><td>version</td></tr>
 *   <tr><td>description</td><td>top-level description</td><td>top-level description</td><td>description</td><td>description</td></tr>
 * </table>
 *
 * @param dialect the language the descriptor is written in
 * @param kind VNF or NS
 * @param id the descriptor's identifier (see the table)
 * @param provider who provides (VNF) or designed (NS) it
 * @param product the product (VNF) or service (NS) name
 * @param softwareVersion the VNF software version, or null where the dialect has none
 * @param descriptorVersion the version of the descriptor
 * @param description the descriptor's description, or null
 * @param productInfoName SOL001 {@code product_info_name} / OSM {@code product-info-name}, or null
 * @param productInfoDescription SOL001 {@code product_info_description} / OSM {@code product-info-description}, or null
 * @param vnfmInfo SOL001 {@code vnfm_info} / OSM {@code vnfm-info}; empty elsewhere
 * @param invariantId SOL001 NSD {@code invariant_id}, or null
 * @param flavours the deployment flavours, in file order
 * @param vdus the deployment units (empty for an NS)
 * @param constituents the VNFs an NS references (empty for a VNF)
 * @param needs the VNF's summed resource needs ({@link ResourceNeeds#ZERO} for an NS)
 * @param document the whole descriptor as a JSON-compatible tree (maps in file order)
 */
public record Descriptor(Dialect dialect, Kind kind, String id, String provider, String product, String softwareVersion,
                         String descriptorVersion, String description, String productInfoName, String productInfoDescription,
                         List<String> vnfmInfo, String invariantId, List<Flavour> flavours, List<Vdu> vdus,
                         List<ConstituentRef> constituents, ResourceNeeds needs, Map<String, Object> document) {
    public Descriptor {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(descriptorVersion, "descriptorVersion");
        Objects.requireNonNull(needs, "needs");
        vnfmInfo = List.copyOf(vnfmInfo);
        flavours = List.copyOf(flavours);
        vdus = List.copyOf(vdus);
        constituents = List.copyOf(constituents);
        // The tree may hold nulls (YAML ~), which Map.copyOf refuses; the reader's nested values are already unmodifiable.
        document = Collections.unmodifiableMap(new LinkedHashMap<>(document));
    }
}
