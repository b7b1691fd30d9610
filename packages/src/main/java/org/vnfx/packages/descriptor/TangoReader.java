package org.vnfx.packages.descriptor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vnfx.packages.PackageException;

/**
 * 5GTANGO (SONATA) descriptors, told apart by their {@code descriptor_schema} URL (the tng-schema
 * {@code function-descriptor/vnfd-schema.yml} or {@code service-descriptor/nsd-schema.yml}). A descriptor is
 * identified by its vendor, name and version; vnfx writes that triple as {@code vendor:name:version} (the
 * schema forbids ':' in all three), which is also how an NSD's {@code network_functions} entries resolve.
 *
 * <p>Memory and storage sizes carry a {@code size_unit} (default MB, as the schema says), read with the TOSCA
 * unit table. Virtual deployment units must state {@code resource_requirements} (vnfx cannot price a VM
 * flavour name); cloud-native units may, with fractional vCPUs, and count as nothing when they do not.
 */
final class TangoReader {
    private TangoReader() {}

    static Descriptor read(YamlAt root, Map<String, Object> document) throws PackageException {
        YamlAt schema = root.require("descriptor_schema");
        String url = schema.text();
        String lower = url.toLowerCase(Locale.ROOT);
        boolean vnf = lower.contains("vnfd") || lower.contains("function-descriptor");
        boolean ns = lower.contains("nsd") || lower.contains("service-descriptor");
        if (vnf == ns) {
            throw schema.error("is '" + url + "', which names " + (vnf ? "both a VNFD and" : "neither a VNFD nor") + " an NSD schema;"
                    + " expected a tng-schema URL containing vnfd or nsd");
        }
        String vendor = root.text("vendor");
        String name = root.text("name");
        String version = root.text("version");
        String id = vendor + ":" + name + ":" + version;
        String description = root.optProse("description").orElse(null);
        return vnf ? vnfd(root, id, vendor, name, version, description, document)
                : nsd(root, id, vendor, name, version, description, document);
    }

    private static Descriptor vnfd(YamlAt root, String id, String vendor, String name, String version, String description,
                                   Map<String, Object> document) throws PackageException {
        if (!root.has("virtual_deployment_units") && !root.has("cloudnative_deployment_units")) {
            throw root.error("has neither virtual_deployment_units nor cloudnative_deployment_units; a VNFD deploys at least one unit");
        }
        Map<String, YamlAt> ids = new HashMap<>();
        List<Vdu> vdus = new ArrayList<>();
        if (root.has("virtual_deployment_units")) {
            for (YamlAt unit : root.require("virtual_deployment_units").list()) {
                String unitId = unique(unit, ids);
                YamlAt requirements = unit.require("resource_requirements");
                SwImage image = null;
                if (unit.has("vm_image")) {
                    Optional<String> md5 = unit.optText("vm_image_md5");
                    image = new SwImage(unit.text("vm_image"), null, md5.map(h -> new Checksum("md5", h)).orElse(null), null,
                            unit.optText("vm_image_format").orElse(null), null, null, null);
                }
                vdus.add(unit(unit, unitId, requirements, false, image));
            }
        }
        if (root.has("cloudnative_deployment_units")) {
            for (YamlAt unit : root.require("cloudnative_deployment_units").list()) {
                String unitId = unique(unit, ids);
                SwImage image = new SwImage(unit.text("image"), null, null, null, null, null, null, null);
                Optional<YamlAt> requirements = unit.get("resource_requirements");
                vdus.add(requirements.isPresent() ? unit(unit, unitId, requirements.get(), true, image)
                        : new Vdu(unitId, null, 0, 0, 0, List.of(), 1, image));
            }
        }
        List<Flavour> flavours = new ArrayList<>();
        if (root.has("deployment_flavours")) {
            for (YamlAt flavour : root.require("deployment_flavours").list()) {
                flavour.mapping();
                flavours.add(new Flavour(flavour.has("id") || !flavour.has("flavour_key") ? flavour.text("id") : flavour.text("flavour_key"), null));
            }
        }
        return new Descriptor(Dialect.TANGO, Kind.VNF, id, vendor, name, null, version, description, null, null, List.of(), null,
                flavours, vdus, List.of(), Needs.sum(root, vdus), document);
    }

    private static Descriptor nsd(YamlAt root, String id, String vendor, String name, String version, String description,
                                  Map<String, Object> document) throws PackageException {
        YamlAt functions = root.require("network_functions");
        List<ConstituentRef> constituents = new ArrayList<>();
        Map<String, YamlAt> ids = new HashMap<>();
        for (YamlAt function : functions.list()) {
            function.mapping();
            YamlAt vnfId = function.require("vnf_id");
            YamlAt first = ids.putIfAbsent(vnfId.text(), vnfId);
            if (first != null) throw vnfId.error("'" + vnfId.text() + "' is used twice (first at " + first.path + ")");
            String vnfVendor = function.text("vnf_vendor");
            String vnfName = function.text("vnf_name");
            String vnfVersion = function.text("vnf_version");
            constituents.add(new ConstituentRef(vnfId.text(), vnfVendor + ":" + vnfName + ":" + vnfVersion, null, vnfVendor, vnfName, vnfVersion));
        }
        if (constituents.isEmpty()) throw functions.error("lists no network function; an NSD references at least one VNF");
        return new Descriptor(Dialect.TANGO, Kind.NS, id, vendor, name, null, version, description, null, null, List.of(), null,
                List.of(), List.of(), constituents, ResourceNeeds.ZERO, document);
    }

    private static String unique(YamlAt unit, Map<String, YamlAt> ids) throws PackageException {
        unit.mapping();
        YamlAt id = unit.require("id");
        YamlAt first = ids.putIfAbsent(id.text(), id);
        if (first != null) throw id.error("'" + id.text() + "' is used twice (first at " + first.path + ")");
        return id.text();
    }

    /** A unit's resource_requirements: cpu.vcpus, memory.size (+ size_unit), optional storage.size (+ size_unit). */
    private static Vdu unit(YamlAt unit, String id, YamlAt requirements, boolean fractionalCpu, SwImage image) throws PackageException {
        YamlAt vcpus = requirements.require("cpu").require("vcpus");
        long vcpuMillis;
        if (fractionalCpu) {
            BigDecimal cpus = vcpus.decimal();
            if (cpus.signum() == 0) throw vcpus.error("must be more than 0");
            vcpuMillis = Sizes.exact(vcpus, cpus.movePointRight(3).setScale(0, RoundingMode.CEILING).toBigInteger());
        } else {
            vcpuMillis = vcpus.whole(1) * 1000L;
        }
        long memoryMiB = sized(requirements.require("memory"));
        long storageMiB = requirements.has("storage") ? sized(requirements.require("storage")) : 0;
        int minInstances = 1;
        if (unit.has("scale_in_out") && unit.require("scale_in_out").has("minimum")) {
            minInstances = unit.require("scale_in_out").require("minimum").whole(0);
        }
        return new Vdu(id, null, vcpuMillis, memoryMiB, storageMiB, List.of(), minInstances, image);
    }

    /** {@code size} in {@code size_unit} (default MB), in MiB rounded up. */
    private static long sized(YamlAt parent) throws PackageException {
        YamlAt size = parent.require("size");
        BigDecimal amount = size.decimal();
        YamlAt unitAt = parent.get("size_unit").orElse(null);
        String unit = unitAt == null ? "MB" : unitAt.text();
        YamlAt where = unitAt == null ? size : unitAt;
        long bytes = Sizes.bytes(where, amount, unit, size.scalarText("a number") + " " + unit);
        return Sizes.ceilMib(size, BigInteger.valueOf(bytes));
    }
}
