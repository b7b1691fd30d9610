package org.vnfx.packages.descriptor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vnfx.packages.PackageException;

/**
 * ETSI GS NFV-SOL 001 VNFDs and NSDs in one file (TOSCA Simple Profile in YAML 1.2 or 1.3).
 *
 * <p>The node templates of {@code topology_template.node_templates} are classified by type, following
 * {@code derived_from} through the file's own {@code node_types}: the NS node ({@code tosca.nodes.nfv.NS})
 * makes the file an NSD, else the VNF node(s) ({@code tosca.nodes.nfv.VNF}) make it a VNFD. A property is taken
 * from the node template, else from {@code substitution_mappings.properties} when the template is of the
 * substituted type, else from the {@code default} of its node type (the Tacker-style "types file" VNFD, whose
 * node type pins descriptor_id, provider and so on). Several VNF nodes may give several flavours of one VNFD;
 * the {@code valid_values} of the node type's {@code flavour_id} name the flavours kept in other files.
 */
final class Sol001Reader {
    static final List<String> VERSIONS = List.of("tosca_simple_yaml_1_2", "tosca_simple_yaml_1_3");
    static final String VNF = "tosca.nodes.nfv.VNF";
    static final String NS = "tosca.nodes.nfv.NS";
    static final String VDU = "tosca.nodes.nfv.Vdu.Compute";
    static final String SW_IMAGE_ARTIFACT = "tosca.artifacts.nfv.SwImage";
    /** Storage node types: the data property and, inside it, the size property. */
    private static final Map<String, List<String>> STORAGE = Map.of(
            "tosca.nodes.nfv.Vdu.VirtualBlockStorage", List.of("virtual_block_storage_data", "size_of_storage"),
            "tosca.nodes.nfv.Vdu.VirtualFileStorage", List.of("virtual_file_storage_data", "size_of_storage"),
            "tosca.nodes.nfv.Vdu.VirtualObjectStorage", List.of("virtual_object_storage_data", "max_size_of_storage"));

    private record Template(String name, YamlAt at, String type) {}

    private final YamlAt root;
    private final Map<String, YamlAt> nodeTypes = new HashMap<>();
    private final YamlAt nodeTemplates;
    private final List<Template> templates = new ArrayList<>();
    private final YamlAt substitution;

    private Sol001Reader(YamlAt root) throws PackageException {
        this.root = root;
        YamlAt version = root.require("tosca_definitions_version");
        if (!VERSIONS.contains(version.text())) {
            throw version.error("is '" + version.text() + "'; vnfx reads ETSI SOL001 descriptors in " + String.join(" or ", VERSIONS));
        }
        Optional<YamlAt> types = root.get("node_types");
        if (types.isPresent()) {
            for (Map.Entry<String, YamlAt> e : types.get().entries()) {
                e.getValue().mapping();
                nodeTypes.put(e.getKey(), e.getValue());
            }
        }
        YamlAt topology = root.require("topology_template");
        nodeTemplates = topology.require("node_templates");
        for (Map.Entry<String, YamlAt> e : nodeTemplates.entries()) {
            e.getValue().mapping();
            templates.add(new Template(e.getKey(), e.getValue(), e.getValue().text("type")));
        }
        substitution = topology.get("substitution_mappings").orElse(null);
    }

    static Descriptor read(YamlAt root, Map<String, Object> document) throws PackageException {
        Sol001Reader r = new Sol001Reader(root);
        List<Template> ns = r.ofType(NS);
        if (ns.size() > 1) throw r.nodeTemplates.error("has " + ns.size() + " nodes of type " + NS + " (" + names(ns) + "); an NSD has exactly one");
        if (ns.size() == 1) return r.nsd(ns.get(0), document);
        List<Template> vnfs = r.ofType(VNF);
        if (vnfs.isEmpty()) {
            throw r.nodeTemplates.error("has no node of type " + VNF + " or " + NS + ", nor of a node type this file derives from them;"
                    + " a VNFD has a VNF node, an NSD an NS node");
        }
        return r.vnfd(vnfs, document);
    }

    private Descriptor vnfd(List<Template> vnfs, Map<String, Object> document) throws PackageException {
        Template vnf = vnfs.get(0);
        String id = required(vnf, "descriptor_id").text();
        String provider = required(vnf, "provider").text();
        String product = required(vnf, "product_name").text();
        String softwareVersion = required(vnf, "software_version").text();
        String descriptorVersion = required(vnf, "descriptor_version").text();
        for (Template other : vnfs.subList(1, vnfs.size())) {
            YamlAt otherId = required(other, "descriptor_id");
            if (!otherId.text().equals(id)) {
                throw otherId.error("is '" + otherId.text() + "' but the VNF node " + vnf.name() + " has '" + id
                        + "'; the VNF nodes of one file are flavours of one VNFD");
            }
        }
        Map<String, Flavour> flavours = new LinkedHashMap<>();
        for (Template t : vnfs) {
            String flavour = required(t, "flavour_id").text();
            flavours.putIfAbsent(flavour, new Flavour(flavour, required(t, "flavour_description").prose()));
        }
        for (String other : declaredFlavours(vnf.type())) flavours.putIfAbsent(other, new Flavour(other, null));
        List<String> vnfmInfo = new ArrayList<>();
        for (YamlAt item : required(vnf, "vnfm_info").list()) vnfmInfo.add(item.text());

        Map<String, Storage> storages = new HashMap<>();
        for (Template t : templates) {
            String storageType = storageType(t.type());
            if (storageType != null) storages.put(t.name(), storage(t, storageType));
        }
        List<Vdu> vdus = new ArrayList<>();
        for (Template t : ofType(VDU)) vdus.add(vdu(t, storages));

        return new Descriptor(Dialect.SOL001, Kind.VNF, id, provider, product, softwareVersion, descriptorVersion,
                root.optProse("description").orElse(null),
                text(optional(vnf, "product_info_name")),
                prose(optional(vnf, "product_info_description")),
                vnfmInfo, null, List.copyOf(flavours.values()), vdus, List.of(), Needs.sum(root, vdus), document);
    }

    private Descriptor nsd(Template ns, Map<String, Object> document) throws PackageException {
        List<ConstituentRef> constituents = new ArrayList<>();
        for (Template t : templates) {
            if (t == ns || !isConstituentVnf(t)) continue;
            constituents.add(new ConstituentRef(t.name(), text(optional(t, "descriptor_id")), t.type(),
                    text(optional(t, "provider")), text(optional(t, "product_name")), text(optional(t, "descriptor_version"))));
        }
        if (constituents.isEmpty()) {
            throw nodeTemplates.error("has no VNF node: an NSD references at least one VNFD, by a node of type " + VNF
                    + " (or derived from it) or of an imported VNF node type with a descriptor_id");
        }
        return new Descriptor(Dialect.SOL001, Kind.NS,
                required(ns, "descriptor_id").text(),
                required(ns, "designer").text(),
                required(ns, "name").text(),
                null,
                required(ns, "version").text(),
                root.optProse("description").orElse(null),
                null, null, List.of(),
                required(ns, "invariant_id").text(),
                List.of(new Flavour(required(ns, "flavour_id").text(), null)),
                List.of(), constituents, ResourceNeeds.ZERO, document);
    }

    /**
     * A constituent of an NSD: a VNF node, or a node of a type the file imports (the VNFD's own type file, which
     * vnfx does not resolve) that carries a descriptor_id and is not a PNF (only PNFs have function_description).
     */
    private boolean isConstituentVnf(Template t) throws PackageException {
        if (derivesFrom(t.type(), VNF)) return true;
        if (nodeTypes.containsKey(t.type()) || t.type().startsWith("tosca.")) return false;
        Optional<YamlAt> properties = t.at().get("properties");
        return properties.isPresent() && properties.get().has("descriptor_id") && !properties.get().has("function_description");
    }

    private Vdu vdu(Template t, Map<String, Storage> storages) throws PackageException {
        String name = required(t, "name").text();
        int minInstances = 1;
        Optional<YamlAt> profile = optional(t, "vdu_profile");
        if (profile.isPresent() && profile.get().has("min_number_of_instances")) {
            minInstances = profile.get().require("min_number_of_instances").whole(0);
        }
        YamlAt compute = t.at().require("capabilities").require("virtual_compute").require("properties");
        long vcpuMillis = compute.require("virtual_cpu").require("num_virtual_cpu").whole(1) * 1000L;
        long memoryMiB = Sizes.mib(compute.require("virtual_memory").require("virtual_mem_size"));
        long local = 0;
        Optional<YamlAt> localStorage = compute.get("virtual_local_storage");
        if (localStorage.isPresent()) {
            for (YamlAt disk : localStorage.get().list()) local = Needs.add(disk, local, Sizes.mib(disk.require("size_of_storage")));
        }
        SwImage image = null;
        Optional<YamlAt> imageData = optional(t, "sw_image_data");
        if (imageData.isPresent()) {
            image = swImage(imageData.get());
        } else if (t.at().has("artifacts")) {
            // SOL001 v3 moved the image data to a tosca.artifacts.nfv.SwImage artifact's properties.
            for (Map.Entry<String, YamlAt> a : t.at().require("artifacts").entries()) {
                if (SW_IMAGE_ARTIFACT.equals(a.getValue().optText("type").orElse(null)) && a.getValue().has("properties")) {
                    image = swImage(a.getValue().require("properties"));
                    break;
                }
            }
        }
        List<Storage> attached = new ArrayList<>();
        Optional<YamlAt> requirements = t.at().get("requirements");
        if (requirements.isPresent()) {
            for (YamlAt requirement : requirements.get().list()) {
                for (Map.Entry<String, YamlAt> r : requirement.entries()) {
                    if (!r.getKey().equals("virtual_storage")) continue;
                    YamlAt target = r.getValue().isMapping() ? r.getValue().require("node") : r.getValue();
                    String node = target.text();
                    Storage storage = storages.get(node);
                    if (storage == null) {
                        throw target.error("refers to '" + node + "', " + whatIs(node)
                                + "; expected a virtual storage node (tosca.nodes.nfv.Vdu.VirtualBlockStorage, or a type derived from it)");
                    }
                    attached.add(storage);
                }
            }
        }
        return new Vdu(t.name(), name, vcpuMillis, memoryMiB, local, attached, minInstances, image);
    }

    private String whatIs(String node) {
        for (Template t : templates) if (t.name().equals(node)) return "a node of type " + t.type();
        return "which is not a node template of this file";
    }

    private Storage storage(Template t, String storageType) throws PackageException {
        List<String> keys = STORAGE.get(storageType);
        YamlAt data = required(t, keys.get(0));
        long size = storageType.endsWith("ObjectStorage") && !data.has(keys.get(1)) ? 0 : Sizes.mib(data.require(keys.get(1)));
        return new Storage(t.name(), size);
    }

    private String storageType(String type) throws PackageException {
        for (String base : STORAGE.keySet()) if (derivesFrom(type, base)) return base;
        return null;
    }

    /** SOL001 SwImageData: every field but min_ram is required. */
    static SwImage swImage(YamlAt data) throws PackageException {
        data.mapping();
        YamlAt checksum = data.require("checksum");
        checksum.mapping();
        Optional<YamlAt> minRam = data.get("min_ram");
        return new SwImage(data.text("name"), data.text("version"), new Checksum(checksum.text("algorithm"), checksum.text("hash")),
                data.text("container_format"), data.text("disk_format"), Sizes.bytes(data.require("min_disk")),
                minRam.isPresent() ? Sizes.bytes(minRam.get()) : null, Sizes.bytes(data.require("size")));
    }

    /** The flavours a VNF node type allows ({@code flavour_id} constraints {@code valid_values}), in order. */
    private List<String> declaredFlavours(String type) throws PackageException {
        List<String> flavours = new ArrayList<>();
        for (YamlAt definition : chain(type)) {
            Optional<YamlAt> property = definition.get("properties").isPresent() ? definition.require("properties").get("flavour_id") : Optional.empty();
            if (property.isEmpty() || !property.get().has("constraints")) continue;
            for (YamlAt constraint : property.get().require("constraints").list()) {
                if (constraint.isMapping() && constraint.has("valid_values")) {
                    for (YamlAt v : constraint.require("valid_values").list()) flavours.add(v.text());
                }
            }
        }
        return flavours;
    }

    /** A property of a node template: as assigned, else substituted, else its node type's default. */
    private Optional<YamlAt> optional(Template t, String name) throws PackageException {
        Optional<YamlAt> properties = t.at().get("properties");
        if (properties.isPresent() && properties.get().has(name)) return properties.get().get(name);
        if (substitution != null && t.type().equals(substitution.optText("node_type").orElse(null)) && substitution.has("properties")) {
            Optional<YamlAt> substituted = substitution.require("properties").get(name);
            if (substituted.isPresent()) return substituted;
        }
        for (YamlAt definition : chain(t.type())) {
            Optional<YamlAt> declared = definition.get("properties").isPresent() ? definition.require("properties").get(name) : Optional.empty();
            if (declared.isPresent() && declared.get().isMapping() && declared.get().has("default")) return declared.get().get("default");
        }
        return Optional.empty();
    }

    private YamlAt required(Template t, String name) throws PackageException {
        Optional<YamlAt> value = optional(t, name);
        if (value.isPresent()) return value.get();
        Optional<YamlAt> properties = t.at().get("properties");
        Optional<YamlAt> empty = properties.isPresent() ? properties.get().find(name) : Optional.empty();
        if (empty.isPresent()) throw empty.get().error("has no value");
        YamlAt where = properties.orElse(t.at());
        throw new PackageException(where.file, where.line(), "topology_template.node_templates." + t.name() + ".properties." + name + " is missing");
    }

    private static String text(Optional<YamlAt> value) throws PackageException {
        return value.isPresent() ? value.get().text() : null;
    }

    private static String prose(Optional<YamlAt> value) throws PackageException {
        return value.isPresent() ? value.get().prose() : null;
    }

    /** The definitions of {@code type} and its ancestors declared in this file, most derived first. */
    private List<YamlAt> chain(String type) throws PackageException {
        List<YamlAt> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String t = type; nodeTypes.containsKey(t); ) {
            if (!seen.add(t)) {
                throw nodeTypes.get(t).error("is derived from itself (" + String.join(" -> ", seen) + " -> " + t + ")");
            }
            YamlAt definition = nodeTypes.get(t);
            chain.add(definition);
            Optional<String> parent = definition.optText("derived_from");
            if (parent.isEmpty()) break;
            t = parent.get();
        }
        return chain;
    }

    /** Whether {@code type} is {@code base} or derives from it through this file's node types. */
    private boolean derivesFrom(String type, String base) throws PackageException {
        if (type.equals(base)) return true;
        for (YamlAt definition : chain(type)) if (definition.optText("derived_from").filter(base::equals).isPresent()) return true;
        return false;
    }

    private List<Template> ofType(String base) throws PackageException {
        List<Template> found = new ArrayList<>();
        for (Template t : templates) if (derivesFrom(t.type(), base)) found.add(t);
        return found;
    }

    private static String names(List<Template> templates) {
        return String.join(", ", templates.stream().map(Template::name).toList());
    }
}
