package org.vnfx.packages.descriptor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vnfx.packages.PackageException;

/**
 * OSM's SOL006-based descriptors: {@code vnfd:} (one VNFD) and {@code nsd: {nsd: [one NSD]}}.
 *
 * <p>A VDU points by id at the VNFD's {@code virtual-compute-desc}, {@code virtual-storage-desc} (one id or a
 * list) and {@code sw-image-desc}; every reference must resolve. Sizes are plain numbers of GB that OSM reads as
 * GiB (it creates {@code size × 1024} MB flavours), so vnfx converts them with 1 GB = 1024 MiB. A storage size
 * is {@code size-of-storage} or, in newer OSM, {@code block-storage-data.size-of-storage}. A VDU's minimum
 * number of instances comes from the first {@code df}'s {@code vdu-profile} (1 when it is not listed there).
 * KDUs (Helm charts, Juju bundles) state no resources and are not counted.
 */
final class OsmReader {
    private OsmReader() {}

    private record Compute(long vcpuMillis, long memoryMiB) {}

    static Descriptor vnfd(YamlAt root, Map<String, Object> document) throws PackageException {
        YamlAt vnfd = root.require("vnfd");
        vnfd.mapping();

        Map<String, Compute> computes = new HashMap<>();
        for (Map.Entry<String, YamlAt> e : byId(vnfd, "virtual-compute-desc").entrySet()) {
            YamlAt desc = e.getValue();
            long vcpuMillis = desc.require("virtual-cpu").require("num-virtual-cpu").whole(1) * 1000L;
            YamlAt memory = desc.require("virtual-memory").require("size");
            computes.put(e.getKey(), new Compute(vcpuMillis, Sizes.ceilMib(memory, Sizes.osmGibBytes(memory))));
        }
        Map<String, Storage> storages = new HashMap<>();
        for (Map.Entry<String, YamlAt> e : byId(vnfd, "virtual-storage-desc").entrySet()) {
            YamlAt desc = e.getValue();
            YamlAt size = desc.has("size-of-storage") ? desc.require("size-of-storage")
                    : desc.has("block-storage-data") ? desc.require("block-storage-data").require("size-of-storage")
                    : desc.require("size-of-storage");
            storages.put(e.getKey(), new Storage(e.getKey(), Sizes.ceilMib(size, Sizes.osmGibBytes(size))));
        }
        Map<String, SwImage> images = new HashMap<>();
        for (Map.Entry<String, YamlAt> e : byId(vnfd, "sw-image-desc").entrySet()) images.put(e.getKey(), swImage(e.getValue()));

        List<YamlAt> vduNodes = vnfd.has("vdu") ? vnfd.require("vdu").list() : List.of();
        Map<String, YamlAt> vduIds = unique(vduNodes);

        List<Flavour> flavours = new ArrayList<>();
        Map<String, Integer> minInstances = new HashMap<>();
        List<YamlAt> dfs = vnfd.has("df") ? vnfd.require("df").list() : List.of();
        unique(dfs);
        for (YamlAt df : dfs) {
            flavours.add(new Flavour(df.text("id"), df.optProse("description").orElse(null)));
            if (!df.has("vdu-profile")) continue;
            for (YamlAt profile : df.require("vdu-profile").list()) {
                YamlAt ref = profile.require("id");
                if (!vduIds.containsKey(ref.text())) throw dangling(ref, "vdu", vnfd);
                if (df == dfs.get(0) && profile.has("min-number-of-instances")) {
                    minInstances.put(ref.text(), profile.require("min-number-of-instances").whole(0));
                }
            }
        }

        List<Vdu> vdus = new ArrayList<>();
        for (YamlAt vdu : vduNodes) {
            String id = vdu.text("id");
            YamlAt computeRef = vdu.require("virtual-compute-desc");
            Compute compute = computes.get(computeRef.text());
            if (compute == null) throw dangling(computeRef, "virtual-compute-desc", vnfd);
            List<Storage> attached = new ArrayList<>();
            if (vdu.has("virtual-storage-desc")) {
                YamlAt refs = vdu.require("virtual-storage-desc");
                for (YamlAt ref : refs.isList() ? refs.list() : List.of(refs)) {
                    Storage storage = storages.get(ref.text());
                    if (storage == null) throw dangling(ref, "virtual-storage-desc", vnfd);
                    attached.add(storage);
                }
            }
            SwImage image = null;
            if (vdu.has("sw-image-desc")) {
                YamlAt ref = vdu.require("sw-image-desc");
                image = images.get(ref.text());
                if (image == null) throw dangling(ref, "sw-image-desc", vnfd);
            }
            vdus.add(new Vdu(id, vdu.optText("name").orElse(null), compute.vcpuMillis(), compute.memoryMiB(), 0, attached,
                    minInstances.getOrDefault(id, 1), image));
        }

        List<String> vnfmInfo = new ArrayList<>();
        if (vnfd.has("vnfm-info")) for (YamlAt item : vnfd.require("vnfm-info").list()) vnfmInfo.add(item.text());
        return new Descriptor(Dialect.OSM, Kind.VNF, vnfd.text("id"), vnfd.text("provider"), vnfd.text("product-name"),
                vnfd.optText("software-version").orElse(null), vnfd.text("version"), vnfd.optProse("description").orElse(null),
                vnfd.optText("product-info-name").orElse(null), vnfd.optProse("product-info-description").orElse(null),
                vnfmInfo, null, flavours, vdus, List.of(), Needs.sum(root, vdus), document);
    }

    static Descriptor nsd(YamlAt root, Map<String, Object> document) throws PackageException {
        List<YamlAt> list = root.require("nsd").require("nsd").list();
        if (list.size() != 1) {
            throw root.require("nsd").require("nsd").error("has " + list.size() + " entries; vnfx reads one NSD per file");
        }
        YamlAt nsd = list.get(0);
        nsd.mapping();
        YamlAt vnfdIds = nsd.require("vnfd-id");
        List<ConstituentRef> constituents = new ArrayList<>();
        Map<String, YamlAt> seen = new LinkedHashMap<>();
        for (YamlAt ref : vnfdIds.list()) {
            String id = ref.text();
            if (seen.put(id, ref) != null) throw ref.error("lists '" + id + "' again (first at " + seen.get(id).path + ")");
            constituents.add(new ConstituentRef(id, id, null, null, null, null));
        }
        if (constituents.isEmpty()) throw vnfdIds.error("lists no VNFD; an NSD references at least one");
        List<Flavour> flavours = new ArrayList<>();
        List<YamlAt> dfs = nsd.has("df") ? nsd.require("df").list() : List.of();
        unique(dfs);
        for (YamlAt df : dfs) {
            flavours.add(new Flavour(df.text("id"), df.optProse("description").orElse(null)));
            if (!df.has("vnf-profile")) continue;
            for (YamlAt profile : df.require("vnf-profile").list()) {
                YamlAt ref = profile.require("vnfd-id");
                if (!seen.containsKey(ref.text())) {
                    throw ref.error("refers to '" + ref.text() + "', which " + vnfdIds.path + " does not list");
                }
            }
        }
        return new Descriptor(Dialect.OSM, Kind.NS, nsd.text("id"), nsd.text("designer"), nsd.text("name"), null,
                nsd.text("version"), nsd.optProse("description").orElse(null), null, null, List.of(), null, flavours, List.of(),
                constituents, ResourceNeeds.ZERO, document);
    }

    /** SOL006 sw-image-desc: only id and name are required; sizes are GB (read as GiB, like the other OSM sizes). */
    private static SwImage swImage(YamlAt desc) throws PackageException {
        Checksum checksum = null;
        if (desc.has("checksum")) {
            YamlAt c = desc.require("checksum");
            c.mapping();
            checksum = new Checksum(c.text("algorithm"), c.text("hash"));
        }
        return new SwImage(desc.text("name"), desc.optText("version").orElse(null), checksum,
                desc.optText("container-format").orElse(null), desc.optText("disk-format").orElse(null),
                gibBytes(desc, "min-disk"), gibBytes(desc, "min-ram"), gibBytes(desc, "size"));
    }

    private static Long gibBytes(YamlAt desc, String key) throws PackageException {
        if (!desc.has(key)) return null;
        YamlAt value = desc.require(key);
        return Sizes.exact(value, Sizes.osmGibBytes(value));
    }

    /** The entries of the list under {@code key} (absent: none) by their unique, required id. */
    private static Map<String, YamlAt> byId(YamlAt parent, String key) throws PackageException {
        return parent.has(key) ? unique(parent.require(key).list()) : Map.of();
    }

    private static Map<String, YamlAt> unique(List<YamlAt> items) throws PackageException {
        Map<String, YamlAt> byId = new LinkedHashMap<>();
        for (YamlAt item : items) {
            item.mapping();
            YamlAt id = item.require("id");
            YamlAt first = byId.putIfAbsent(id.text(), item);
            if (first != null) throw id.error("'" + id.text() + "' is used twice (first at " + first.path + ")");
        }
        return byId;
    }

    private static PackageException dangling(YamlAt ref, String list, YamlAt vnfd) throws PackageException {
        return ref.error("refers to '" + ref.text() + "', which is not the id of any " + vnfd.path + "." + list);
    }
}
