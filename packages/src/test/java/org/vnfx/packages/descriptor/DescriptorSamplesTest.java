package org.vnfx.packages.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every field the readers extract, checked exactly on samples of each dialect written for vnfx and on the exemplars. */
class DescriptorSamplesTest {
    static Path sample(String name) {
        try {
            return Path.of(DescriptorSamplesTest.class.getResource("/descriptors/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository's examples folder (the tests run in packages/, or with -Dvnfx.home). */
    static Path examples() {
        String home = System.getProperty("vnfx.home");
        if (home != null && Files.isDirectory(Path.of(home, "examples"))) return Path.of(home, "examples");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/suricata-ids/package"))) return p.resolve("examples");
        }
        throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
    }

    /** The descriptor without its document, which the tests check apart. */
    static Descriptor fields(Descriptor d) {
        return new Descriptor(d.dialect(), d.kind(), d.id(), d.provider(), d.product(), d.softwareVersion(), d.descriptorVersion(),
                d.description(), d.productInfoName(), d.productInfoDescription(), d.vnfmInfo(), d.invariantId(), d.flavours(), d.vdus(),
                d.constituents(), d.needs(), Map.of());
    }

    static Descriptor read(String name) throws Exception {
        Descriptor fromFile = DescriptorReader.read(sample(name));
        Descriptor fromBytes = DescriptorReader.read(name, Files.readAllBytes(sample(name)));
        assertEquals(fromFile, fromBytes, "the same descriptor from a file and from memory");
        return fromFile;
    }

    static final long GIB = 1L << 30;
    static final long MIB = 1L << 20;

    @Test
    void sol001VnfdWithTwoVdusAndBlockStorage() throws Exception {
        Descriptor d = read("sol001-vnfd-two-vdus.yaml");
        Vdu frontend = new Vdu("frontend", "cache-frontend", 2000, 1024, 9537 /* 10 GB */, List.of(new Storage("cache-disk", 20480)), 2,
                new SwImage("frontend-image", "4.2.0", new Checksum("sha-256", "6190afe26adab4e0652562cabc888d6ad737a280f78b2dad4ec33256a5c841ba"),
                        "bare", "qcow2", 2 * GIB, 512 * MIB, 1_500_000_000L));
        Vdu store = new Vdu("store", "cache-store", 1000, 489 /* 512 MB */, 0, List.of(new Storage("store-disk", 95368 /* 100 GB */)), 1,
                new SwImage("store-image", "4.2.0", new Checksum("sha-512", "d134723deb27c2c5fca9814efe3fe9386dcc74cc535a622801f1e712a5e94a1b"),
                        "bare", "raw", 1_000_000_000L, null, 300_000_000L));
        assertEquals(new Descriptor(Dialect.SOL001, Kind.VNF, "06b89d37-f539-47a8-a8a7-769e13533636", "Northwind Edge", "edge-cache", "4.2.0",
                "2.10", "Edge cache with a stateless front end and a store.", "Northwind edge cache", "HTTP cache for MEC sites",
                List.of("0:vnfx-mec", "1:etsivnfm:v2.3.1"), null, List.of(new Flavour("small", "Two front ends and one store")),
                List.of(frontend, store), List.of(),
                // 2 × (2 vCPU, 1024 MiB, 9537 + 20480 MiB) + (1 vCPU, 489 MiB, 95368 MiB)
                new ResourceNeeds(5000, 2537, 155402), Map.of()), fields(d));
        assertEquals(30017, frontend.diskMiB());
        assertEquals("tosca_simple_yaml_1_2", d.document().get("tosca_definitions_version"));
    }

    @Test
    void sol001VnfdWithADerivedVnfTypeTakesDefaultsAndTheSubstitutedFlavour() throws Exception {
        Descriptor d = read("sol001-vnfd-derived-type.yaml");
        Vdu engine = new Vdu("engine", "fw-engine", 4000, 4096, 8704 /* 8 GiB + 512 MiB */, List.of(), 1,
                new SwImage("fw-engine", "3.0.1", new Checksum("sha-256", "b75c89adc60daacf6ceadf78aa72059b5114bcc0156a24f1325e8c4a229070d5"),
                        "bare", "qcow2", 4 * GIB, null, 700 * MIB));
        assertEquals(new Descriptor(Dialect.SOL001, Kind.VNF, "f44ca008-708a-491e-b72b-aaa3eb592115", "Northwind Edge", "edge-firewall", "3.0.1",
                "1.0", null, null, null, List.of("0:vnfx-mec"), null,
                List.of(new Flavour("basic", "One engine, no failover"), new Flavour("ha", null)),
                List.of(engine), List.of(), new ResourceNeeds(4000, 4096, 8704), Map.of()), fields(d));
    }

    @Test
    void sol001NsdListsItsVnfsButNotItsPnfOrLinks() throws Exception {
        Descriptor d = read("sol001-nsd.yaml");
        assertEquals(new Descriptor(Dialect.SOL001, Kind.NS, "82e8a733-0508-4c95-819b-5171a293a13a", "Northwind Edge", "protected-edge-cache",
                null, "1.2", "Protected edge caching for a MEC site", null, null, List.of(), "025011f9-403e-4121-90f3-ca0a493802e1",
                List.of(new Flavour("standard", null)), List.of(),
                List.of(new ConstituentRef("cache", "06b89d37-f539-47a8-a8a7-769e13533636", "tosca.nodes.nfv.VNF", "Northwind Edge", "edge-cache", "2.10"),
                        new ConstituentRef("firewall", "f44ca008-708a-491e-b72b-aaa3eb592115", "northwind.nodes.Firewall", null, null, null)),
                ResourceNeeds.ZERO, Map.of()), fields(d));
    }

    @Test
    void osmVnfd() throws Exception {
        Descriptor d = read("osm-vnfd.yaml");
        SwImage image = new SwImage("lumen-analytics-5.0.2", "5.0.2",
                new Checksum("sha-256", "8eeab9f7cbb643662f75a463a62af6dee0f11949dd2a3a0179873f6c5684dd6e"), "bare", "qcow2",
                4 * GIB, 3 * GIB / 2, 2 * GIB);
        // OSM sizes are GB that OSM itself reads as GiB: 2.5 -> 2560 MiB, 0.5 -> 512 MiB.
        Vdu ingest = new Vdu("ingest", "ingest", 2000, 2560, 0, List.of(new Storage("ingest-storage", 10240)), 1, image);
        Vdu detector = new Vdu("detector", "detector", 4000, 8192, 0, List.of(new Storage("model-storage", 512)), 3, image);
        assertEquals(new Descriptor(Dialect.OSM, Kind.VNF, "video-analytics-vnf", "Lumen Labs", "video-analytics", "5.0.2", "1.3",
                "Object detection on camera streams at the edge", "Lumen video analytics", null, List.of("osm"), null,
                List.of(new Flavour("default-df", "One ingest, three detectors"), new Flavour("large-df", null)),
                List.of(ingest, detector), List.of(),
                // ingest once, detector three times (the first df)
                new ResourceNeeds(2000 + 3 * 4000, 2560 + 3 * 8192, 10240 + 3 * 512), Map.of()), fields(d));
        @SuppressWarnings("unchecked")
        Map<String, Object> compute = (Map<String, Object>) ((List<?>) ((Map<?, ?>) d.document().get("vnfd")).get("virtual-compute-desc")).get(0);
        assertEquals(Map.of("num-virtual-cpu", 2L), compute.get("virtual-cpu"), "integers are Longs in the JSON tree");
        assertEquals(Map.of("size", new BigDecimal("2.5")), compute.get("virtual-memory"), "decimals are BigDecimals");
    }

    @Test
    void osmNsd() throws Exception {
        Descriptor d = read("osm-nsd.yaml");
        assertEquals(new Descriptor(Dialect.OSM, Kind.NS, "smart-camera-ns", "Lumen Labs", "smart-camera", null, "2.0",
                "Video analytics behind the edge firewall", null, null, List.of(), null, List.of(new Flavour("default-df", null)), List.of(),
                List.of(new ConstituentRef("video-analytics-vnf", "video-analytics-vnf", null, null, null, null),
                        new ConstituentRef("edge-firewall-vnf", "edge-firewall-vnf", null, null, null, null)),
                ResourceNeeds.ZERO, Map.of()), fields(d));
    }

    @Test
    void tangoVnfdWithVirtualAndCloudNativeUnits() throws Exception {
        Descriptor d = read("tango-vnfd.yaml");
        Vdu probe = new Vdu("probe", null, 2000, 1908 /* 2 GB */, 20480, List.of(), 1,
                new SwImage("http://images.example.org/traffic-probe-0.9.qcow2", null, new Checksum("md5", "6e9ed181a690a12c8683ecf66dee2a98"),
                        null, "qcow2", null, null, null));
        Vdu collector = new Vdu("collector", null, 1000, 489 /* 512, MB by default */, 0, List.of(), 2,
                new SwImage("traffic-collector", null, null, null, "docker", null, null, null));
        Vdu exporter = new Vdu("exporter", null, 250, 128, 0, List.of(), 1,
                new SwImage("registry.example.org/probe-exporter:0.9", null, null, null, null, null, null, null));
        Vdu dashboard = new Vdu("dashboard", null, 0, 0, 0, List.of(), 1,
                new SwImage("registry.example.org/probe-dashboard:0.9", null, null, null, null, null, null, null));
        assertEquals(new Descriptor(Dialect.TANGO, Kind.VNF, "eu.vnfx.samples:traffic-probe:0.9", "eu.vnfx.samples", "traffic-probe", null, "0.9",
                "Passive traffic probe with a cloud-native exporter", null, null, List.of(), null,
                List.of(new Flavour("gold", null), new Flavour("silver", null)), List.of(probe, collector, exporter, dashboard), List.of(),
                new ResourceNeeds(2000 + 2 * 1000 + 250, 1908 + 2 * 489 + 128, 20480), Map.of()), fields(d));
    }

    @Test
    void tangoNsdReferencesVnfsByVendorNameAndVersion() throws Exception {
        Descriptor d = read("tango-nsd.yaml");
        assertEquals(new Descriptor(Dialect.TANGO, Kind.NS, "eu.vnfx.samples:monitored-edge:0.3", "eu.vnfx.samples", "monitored-edge", null, "0.3",
                "A probe watching the edge cache", null, null, List.of(), null, List.of(), List.of(),
                List.of(new ConstituentRef("probe", "eu.vnfx.samples:traffic-probe:0.9", null, "eu.vnfx.samples", "traffic-probe", "0.9"),
                        new ConstituentRef("cache", "eu.vnfx.samples:edge-cache:4.2", null, "eu.vnfx.samples", "edge-cache", "4.2")),
                ResourceNeeds.ZERO, Map.of()), fields(d));
        assertEquals(read("tango-vnfd.yaml").id(), d.constituents().get(0).descriptorId(), "an NSD reference resolves to the VNFD's id");
    }

    @Test
    void severalVnfNodesAreFlavoursOfOneVnfd() throws Exception {
        String vnf = """
                      type: tosca.nodes.nfv.VNF
                      properties:
                        descriptor_id: d1
                        descriptor_version: '1.0'
                        provider: P
                        product_name: p
                        software_version: '1.0'
                        vnfm_info: ['0:vnfx-mec']
                """;
        String text = "tosca_definitions_version: tosca_simple_yaml_1_2\ntopology_template:\n  node_templates:\n"
                + "    small:\n" + vnf + "        flavour_id: small\n        flavour_description: one engine\n"
                + "    large:\n" + vnf + "        flavour_id: large\n        flavour_description: |\n          four engines\n          and a spare\n";
        Descriptor d = DescriptorReader.read("vnfd.yaml", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(new Flavour("small", "one engine"), new Flavour("large", "four engines\nand a spare")), d.flavours());
        assertEquals(List.of(), d.vdus());
        assertEquals(ResourceNeeds.ZERO, d.needs());
    }

    static final SwImage SURICATA = new SwImage("suricata", "7.0.10",
            new Checksum("sha-256", "33f8516e05f1096734f36d7539a8ab6ad5eb631e20a6e4f325cd0e5b978a985a"), "bare", "raw", 0L, null, 3_222_560L);

    @Test
    void theSuricataIdsExemplar() throws Exception {
        Descriptor d = DescriptorReader.read(examples().resolve("suricata-ids/package/Definitions/vnfd.yaml"));
        // The exemplars give sizes in MiB, the unit the marketplace's requirements use.
        Vdu suricata = new Vdu("suricata", "suricata", 1000, 512, 0, List.of(new Storage("logs", 256)), 1, SURICATA);
        assertEquals(new Descriptor(Dialect.SOL001, Kind.VNF, "5b0a4d0e-8f1e-4c59-9a0b-7e3c1f2d6a01", "vnfx examples", "suricata-ids", "7.0.10",
                "1.0.0", "suricata-ids, the exemplar IDS VNF of vnfx: Suricata 7.0.10 with a rule set written for the project,"
                        + " replaying the capture shipped in the package (Files/traffic/sample.pcap).",
                "Suricata IDS (vnfx exemplar)", "Network intrusion detection with Suricata 7: the project's own rules (sids 9000001-9000999),"
                        + " alerts and engine counters in eve.json.",
                List.of("0:vnfx-mec"), null, List.of(new Flavour("default", "One Suricata engine replaying the shipped capture")),
                List.of(suricata), List.of(), new ResourceNeeds(1000, 512, 256), Map.of()), fields(d));
        assertEquals(Map.of("vnfx_release_date_time", "2025-06-01T00:00:00Z", "template_name", "suricata-ids",
                "template_author", "vnfx examples", "template_version", "1.0.0"), d.document().get("metadata"));
    }

    @Test
    void theSuricataIdsLiteExemplar() throws Exception {
        Descriptor d = DescriptorReader.read(examples().resolve("suricata-ids-lite/package/Definitions/vnfd.yaml"));
        Vdu suricata = new Vdu("suricata", "suricata", 1000, 256, 0, List.of(new Storage("logs", 256)), 1, SURICATA);
        assertEquals(new Descriptor(Dialect.SOL001, Kind.VNF, "9c4e2b71-3d5a-4f08-b6e2-1a7d0c9e5f42", "Budget Edge Networks", "suricata-ids-lite",
                "7.0.10", "0.9.0", "suricata-ids-lite, a cut-down build of the vnfx IDS exemplar from a second provider: less memory, a"
                        + " small flow table and legacy rules. It degrades on purpose (flow emergency mode, rules Suricata 7 refuses)"
                        + " so that it competes with suricata-ids on reputation.",
                "Suricata IDS lite", "The exemplar's Suricata with a 100 KB flow table and the provider's legacy rules.",
                List.of("0:vnfx-mec"), null, List.of(new Flavour("lite", "One small Suricata engine replaying the shipped capture")),
                List.of(suricata), List.of(), new ResourceNeeds(1000, 256, 256), Map.of()), fields(d));
    }

    @Test
    void theResultIsImmutable() throws Exception {
        Descriptor d = read("sol001-vnfd-two-vdus.yaml");
        assertThrows(UnsupportedOperationException.class, () -> d.vdus().clear());
        assertThrows(UnsupportedOperationException.class, () -> d.document().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<?, ?>) d.document().get("metadata")).clear());
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) d.document().get("imports")).clear());
        assertThrows(UnsupportedOperationException.class, () -> d.vdus().get(0).storage().clear());
    }
}
