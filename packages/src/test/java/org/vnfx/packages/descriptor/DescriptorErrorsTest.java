package org.vnfx.packages.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vnfx.packages.PackageException;

/** One test per kind of structural error, each with the exact message: file, line, YAML path and what was expected. */
class DescriptorErrorsTest {
    /** A valid SOL001 VNFD; the tests break one thing at a time (line numbers in the comments). */
    static final String VNFD = """
            tosca_definitions_version: tosca_simple_yaml_1_3
            topology_template:
              node_templates:
                vnf:
                  type: tosca.nodes.nfv.VNF
                  properties:
                    descriptor_id: d1
                    descriptor_version: '1.0'
                    provider: P
                    product_name: p
                    software_version: '1.0'
                    vnfm_info: ['0:vnfx-mec']
                    flavour_id: default
                    flavour_description: default
                vdu1:
                  type: tosca.nodes.nfv.Vdu.Compute
                  properties:
                    name: vdu1
                  capabilities:
                    virtual_compute:
                      properties:
                        virtual_cpu:
                          num_virtual_cpu: 2
                        virtual_memory:
                          virtual_mem_size: 512 MiB
                  requirements:
                    - virtual_storage: disk1
                disk1:
                  type: tosca.nodes.nfv.Vdu.VirtualBlockStorage
                  properties:
                    virtual_block_storage_data:
                      size_of_storage: 1 GiB
            """;
    static final String MEM = "capabilities.virtual_compute.properties.virtual_memory.virtual_mem_size";

    static final String OSM_VNFD = """
            vnfd:
              id: v1
              provider: P
              product-name: p
              version: '1.0'
              virtual-compute-desc:
                - id: small
                  virtual-cpu:
                    num-virtual-cpu: 1
                  virtual-memory:
                    size: 1
              virtual-storage-desc:
                - id: disk
                  size-of-storage: 10
              sw-image-desc:
                - id: img
                  name: img
              df:
                - id: default-df
                  vdu-profile:
                    - id: vm
              vdu:
                - id: vm
                  virtual-compute-desc: small
                  virtual-storage-desc: disk
                  sw-image-desc: img
            """;

    static final String TANGO_VNFD = """
            descriptor_schema: https://raw.githubusercontent.com/sonata-nfv/tng-schema/master/function-descriptor/vnfd-schema.yml
            vendor: eu.example
            name: f
            version: '1.0'
            virtual_deployment_units:
              - id: vdu01
                resource_requirements:
                  cpu:
                    vcpus: 1
                  memory:
                    size: 1
                    size_unit: GB
            """;

    static String refused(String name, String text) {
        PackageException e = assertThrows(PackageException.class, () -> DescriptorReader.read(name, text.getBytes(StandardCharsets.UTF_8)));
        return e.getMessage();
    }

    static String refused(String text) {
        return refused("vnfd.yaml", text);
    }

    @Test
    void theBaseSamplesAreValid() throws Exception {
        assertEquals(new ResourceNeeds(2000, 512, 1024), DescriptorReader.read("vnfd.yaml", VNFD.getBytes(StandardCharsets.UTF_8)).needs());
        assertEquals(new ResourceNeeds(1000, 1024, 10240), DescriptorReader.read("osm.yaml", OSM_VNFD.getBytes(StandardCharsets.UTF_8)).needs());
        assertEquals(new ResourceNeeds(1000, 954, 0), DescriptorReader.read("t.yaml", TANGO_VNFD.getBytes(StandardCharsets.UTF_8)).needs());
    }

    // --- missing required properties

    @Test
    void aMissingVnfProperty() {
        assertEquals("vnfd.yaml:7: topology_template.node_templates.vnf.properties.provider is missing",
                refused(VNFD.replace("        provider: P\n", "")));
        PackageException e = assertThrows(PackageException.class,
                () -> DescriptorReader.read("Definitions/vnfd.yaml", VNFD.replace("        provider: P\n", "").getBytes(StandardCharsets.UTF_8)));
        assertEquals("Definitions/vnfd.yaml", e.file());
        assertEquals(7, e.line());
    }

    @Test
    void aPropertyWithoutValue() {
        assertEquals("vnfd.yaml:9: topology_template.node_templates.vnf.properties.provider has no value",
                refused(VNFD.replace("provider: P", "provider:")));
    }

    @Test
    void aVduWithoutVirtualCompute() {
        assertEquals("vnfd.yaml:20: topology_template.node_templates.vdu1.capabilities.virtual_compute is missing",
                refused(VNFD.replace("virtual_compute:", "virtual_binding:")));
    }

    @Test
    void aVduWithoutMemory() {
        assertEquals("vnfd.yaml:25: topology_template.node_templates.vdu1.capabilities.virtual_compute.properties.virtual_memory.virtual_mem_size is missing",
                refused(VNFD.replace("virtual_mem_size:", "virtual_mem_sz:")));
    }

    @Test
    void anImageWithoutChecksum() {
        String withImage = VNFD.replace("        name: vdu1\n", """
                        name: vdu1
                        sw_image_data:
                          name: img
                          version: '1'
                          container_format: bare
                          disk_format: raw
                          min_disk: 1 GB
                          size: 1 GB
                """);
        assertEquals("vnfd.yaml:20: topology_template.node_templates.vdu1.properties.sw_image_data.checksum is missing", refused(withImage));
        assertEquals("vnfd.yaml:22: topology_template.node_templates.vdu1.properties.sw_image_data.checksum must be a mapping (key: value entries), not a single value",
                refused(withImage.replace("          version: '1'\n", "          version: '1'\n          checksum: 0a1b\n")));
    }

    // --- wrong types

    @Test
    void aCpuCountThatIsNotAWholeNumber() {
        assertEquals("vnfd.yaml:23: topology_template.node_templates.vdu1.capabilities.virtual_compute.properties.virtual_cpu.num_virtual_cpu"
                + " must be a whole number of at least 1, not 'two'", refused(VNFD.replace("num_virtual_cpu: 2", "num_virtual_cpu: two")));
        assertEquals("vnfd.yaml:23: topology_template.node_templates.vdu1.capabilities.virtual_compute.properties.virtual_cpu.num_virtual_cpu"
                + " must be a whole number of at least 1, not '0'", refused(VNFD.replace("num_virtual_cpu: 2", "num_virtual_cpu: 0")));
        assertEquals("vnfd.yaml:23: topology_template.node_templates.vdu1.capabilities.virtual_compute.properties.virtual_cpu.num_virtual_cpu"
                + " must be a whole number, not a list", refused(VNFD.replace("num_virtual_cpu: 2", "num_virtual_cpu: [2]")));
    }

    @Test
    void aMappingWhereAValueIsExpectedAndTheOtherWayRound() {
        assertEquals("vnfd.yaml:24: topology_template.node_templates.vdu1.capabilities.virtual_compute.properties.virtual_memory"
                + " must be a mapping (key: value entries), not a single value",
                refused(VNFD.replace("virtual_memory:\n              virtual_mem_size: 512 MiB", "virtual_memory: 512 MiB")));
        assertEquals("vnfd.yaml:10: topology_template.node_templates.vnf.properties.product_name must be a single value, not a mapping",
                refused(VNFD.replace("product_name: p", "product_name: {get_input: product}")));
        assertEquals("vnfd.yaml:12: topology_template.node_templates.vnf.properties.vnfm_info must be a list, not a single value",
                refused(VNFD.replace("vnfm_info: ['0:vnfx-mec']", "vnfm_info: '0:vnfx-mec'")));
    }

    @Test
    void theDocumentIsNotAMapping() {
        assertEquals("vnfd.yaml:1: the document must be a mapping (key: value entries), not a list", refused("- a\n- b\n"));
    }

    // --- sizes

    @Test
    void anUnknownSizeUnit() {
        assertEquals("vnfd.yaml:25: topology_template.node_templates.vdu1." + MEM
                + " has an unknown size unit 'MBytes' in '512 MBytes'; expected one of B, kB, KiB, MB, MiB, GB, GiB, TB, TiB (case-insensitive)",
                refused(VNFD.replace("512 MiB", "512 MBytes")));
    }

    @Test
    void aSizeWithoutUnitOrNegativeOrNotANumber() {
        assertEquals("vnfd.yaml:25: topology_template.node_templates.vdu1." + MEM + " must be a size with a unit (e.g. 512 MiB), not '512'",
                refused(VNFD.replace("512 MiB", "512")));
        assertEquals("vnfd.yaml:25: topology_template.node_templates.vdu1." + MEM + " must not be negative: '-512 MiB'",
                refused(VNFD.replace("512 MiB", "-512 MiB")));
        assertEquals("vnfd.yaml:25: topology_template.node_templates.vdu1." + MEM
                + " must be a size: a number and a unit out of B, kB, KiB, MB, MiB, GB, GiB, TB, TiB (e.g. 512 MiB), not 'lots'",
                refused(VNFD.replace("512 MiB", "lots")));
        assertEquals("vnfd.yaml:32: topology_template.node_templates.disk1.properties.virtual_block_storage_data.size_of_storage is too large",
                refused(VNFD.replace("size_of_storage: 1 GiB", "size_of_storage: 99999999999999999999 TiB")));
    }

    @Test
    void unitsAreCaseInsensitiveAndExactlyConverted() throws Exception {
        for (String[] c : new String[][] {
                {"1048576 B", "1"}, {"1048577 b", "2"}, {"1024 KiB", "1"}, {"1025 kib", "2"}, {"1000 kB", "1"}, {"1 MB", "1"}, {"2 mb", "2"},
                {"1.5 MiB", "2"}, {"1 GB", "954"}, {"1 gib", "1024"}, {"0.5 GiB", "512"}, {"1 TB", "953675"}, {"1 TiB", "1048576"},
                {"0 MB", "0"}, {"3MiB", "3"}}) {
            Descriptor d = DescriptorReader.read("vnfd.yaml", VNFD.replace("512 MiB", c[0]).getBytes(StandardCharsets.UTF_8));
            assertEquals(Long.parseLong(c[1]), d.vdus().get(0).memoryMiB(), c[0]);
        }
    }

    @Test
    void anOsmSizeThatIsNotANumber() {
        assertEquals("osm.yaml:11: vnfd.virtual-compute-desc[0].virtual-memory.size must be a number such as 2 or 0.5, not '1 GB'",
                refused("osm.yaml", OSM_VNFD.replace("size: 1", "size: 1 GB")));
    }

    @Test
    void aTangoSizeUnitThatIsNotKnown() {
        assertEquals("t.yaml:12: virtual_deployment_units[0].resource_requirements.memory.size_unit has an unknown size unit 'PT' in '1 PT';"
                + " expected one of B, kB, KiB, MB, MiB, GB, GiB, TB, TiB (case-insensitive)", refused("t.yaml", TANGO_VNFD.replace("size_unit: GB", "size_unit: PT")));
    }

    // --- dangling references

    @Test
    void aVduRequiresAStorageThatIsNotThere() {
        assertEquals("vnfd.yaml:27: topology_template.node_templates.vdu1.requirements[0].virtual_storage refers to 'disk2', which is not a node"
                + " template of this file; expected a virtual storage node (tosca.nodes.nfv.Vdu.VirtualBlockStorage, or a type derived from it)",
                refused(VNFD.replace("virtual_storage: disk1", "virtual_storage: disk2")));
        assertEquals("vnfd.yaml:27: topology_template.node_templates.vdu1.requirements[0].virtual_storage.node refers to 'vnf', a node of type"
                + " tosca.nodes.nfv.VNF; expected a virtual storage node (tosca.nodes.nfv.Vdu.VirtualBlockStorage, or a type derived from it)",
                refused(VNFD.replace("virtual_storage: disk1", "virtual_storage: {node: vnf}")));
    }

    @Test
    void anOsmVduRefersToDescsThatAreNotThere() {
        assertEquals("osm.yaml:24: vnfd.vdu[0].virtual-compute-desc refers to 'big', which is not the id of any vnfd.virtual-compute-desc",
                refused("osm.yaml", OSM_VNFD.replace("virtual-compute-desc: small", "virtual-compute-desc: big")));
        assertEquals("osm.yaml:25: vnfd.vdu[0].virtual-storage-desc refers to 'disk9', which is not the id of any vnfd.virtual-storage-desc",
                refused("osm.yaml", OSM_VNFD.replace("virtual-storage-desc: disk", "virtual-storage-desc: disk9")));
        assertEquals("osm.yaml:27: vnfd.vdu[0].virtual-storage-desc[1] refers to 'disk9', which is not the id of any vnfd.virtual-storage-desc",
                refused("osm.yaml", OSM_VNFD.replace("virtual-storage-desc: disk", "virtual-storage-desc:\n        - disk\n        - disk9")));
        assertEquals("osm.yaml:26: vnfd.vdu[0].sw-image-desc refers to 'ubuntu', which is not the id of any vnfd.sw-image-desc",
                refused("osm.yaml", OSM_VNFD.replace("sw-image-desc: img", "sw-image-desc: ubuntu")));
        assertEquals("osm.yaml:21: vnfd.df[0].vdu-profile[0].id refers to 'vm2', which is not the id of any vnfd.vdu",
                refused("osm.yaml", OSM_VNFD.replace("vdu-profile:\n        - id: vm", "vdu-profile:\n        - id: vm2")));
    }

    @Test
    void anOsmNsdProfileRefersToAVnfdItDoesNotList() {
        assertEquals("nsd.yaml:12: nsd.nsd[0].df[0].vnf-profile[0].vnfd-id refers to 'v2', which nsd.nsd[0].vnfd-id does not list", refused("nsd.yaml", """
                nsd:
                  nsd:
                    - id: n1
                      name: n
                      designer: D
                      version: '1'
                      vnfd-id:
                        - v1
                      df:
                        - id: default-df
                          vnf-profile:
                            - vnfd-id: v2
                              id: '1'
                """));
    }

    @Test
    void anIdUsedTwice() {
        assertEquals("osm.yaml:15: vnfd.virtual-storage-desc[1].id 'disk' is used twice (first at vnfd.virtual-storage-desc[0])",
                refused("osm.yaml", OSM_VNFD.replace("    - id: disk\n      size-of-storage: 10\n",
                        "    - id: disk\n      size-of-storage: 10\n    - id: disk\n      size-of-storage: 20\n")));
    }

    // --- no VNF or NS node, descriptors referencing nothing

    @Test
    void noVnfNode() {
        assertEquals("vnfd.yaml:4: topology_template.node_templates has no node of type tosca.nodes.nfv.VNF or tosca.nodes.nfv.NS,"
                + " nor of a node type this file derives from them; a VNFD has a VNF node, an NSD an NS node",
                refused(VNFD.replace("type: tosca.nodes.nfv.VNF", "type: example.Thing")));
    }

    @Test
    void vnfNodesOfDifferentDescriptors() {
        String twice = VNFD.replace("    vdu1:\n", """
                    vnf2:
                      type: tosca.nodes.nfv.VNF
                      properties:
                        descriptor_id: d2
                    vdu1:
                """);
        assertEquals("vnfd.yaml:18: topology_template.node_templates.vnf2.properties.descriptor_id is 'd2' but the VNF node vnf has 'd1';"
                + " the VNF nodes of one file are flavours of one VNFD", refused(twice));
    }

    @Test
    void twoNsNodes() {
        String ns = "      type: tosca.nodes.nfv.NS\n      properties: {descriptor_id: n, designer: D, version: '1', name: n, invariant_id: i, flavour_id: f}\n";
        assertEquals("nsd.yaml:4: topology_template.node_templates has 2 nodes of type tosca.nodes.nfv.NS (ns1, ns2); an NSD has exactly one",
                refused("nsd.yaml", VNFD.replace("    vnf:\n", "    ns1:\n" + ns + "    ns2:\n" + ns + "    vnf:\n")));
    }

    @Test
    void anNsdThatReferencesNoVnf() {
        assertEquals("nsd.yaml:4: topology_template.node_templates has no VNF node: an NSD references at least one VNFD, by a node of type"
                + " tosca.nodes.nfv.VNF (or derived from it) or of an imported VNF node type with a descriptor_id", refused("nsd.yaml", """
                tosca_definitions_version: tosca_simple_yaml_1_2
                topology_template:
                  node_templates:
                    ns:
                      type: tosca.nodes.nfv.NS
                      properties:
                        descriptor_id: n1
                        designer: D
                        version: '1'
                        name: n
                        invariant_id: i1
                        flavour_id: f
                    net:
                      type: tosca.nodes.nfv.NsVirtualLink
                """));
    }

    @Test
    void anOsmOrTangoNsdThatReferencesNothing() {
        assertEquals("nsd.yaml:7: nsd.nsd[0].vnfd-id lists no VNFD; an NSD references at least one",
                refused("nsd.yaml", "nsd:\n  nsd:\n    - id: n1\n      name: n\n      designer: D\n      version: '1'\n      vnfd-id: []\n"));
        assertEquals("nsd.yaml:6: network_functions lists no network function; an NSD references at least one VNF", refused("nsd.yaml", """
                descriptor_schema: https://raw.githubusercontent.com/sonata-nfv/tng-schema/master/service-descriptor/nsd-schema.yml
                vendor: eu.example
                name: s
                version: '1.0'
                author: me
                network_functions: []
                """));
    }

    @Test
    void aTangoVnfdWithoutUnitsOrWithoutResources() {
        String noUnits = TANGO_VNFD.substring(0, TANGO_VNFD.indexOf("virtual_deployment_units"));
        assertEquals("t.yaml:1: the document has neither virtual_deployment_units nor cloudnative_deployment_units; a VNFD deploys at least one unit",
                refused("t.yaml", noUnits));
        assertEquals("t.yaml:6: virtual_deployment_units[0].resource_requirements is missing",
                refused("t.yaml", TANGO_VNFD.replace("resource_requirements:", "requirements:")));
    }

    // --- dialects and versions

    @Test
    void anUnsupportedToscaVersion() {
        assertEquals("vnfd.yaml:1: tosca_definitions_version is 'tosca_simple_profile_for_nfv_1_0'; vnfx reads ETSI SOL001 descriptors in"
                + " tosca_simple_yaml_1_2 or tosca_simple_yaml_1_3", refused(VNFD.replace("tosca_simple_yaml_1_3", "tosca_simple_profile_for_nfv_1_0")));
        assertEquals("vnfd.yaml:1: tosca_definitions_version has no value", refused(VNFD.replace("tosca_simple_yaml_1_3", "")));
    }

    @Test
    void anUnknownDialect() {
        assertEquals("heat.yaml:1: not a descriptor vnfx reads: none of tosca_definitions_version (ETSI SOL001), vnfd or nsd (OSM SOL006)"
                + " or descriptor_schema (5GTANGO) at the top level", refused("heat.yaml", "heat_template_version: 2018-08-31\nresources: {}\n"));
        assertEquals("old.yaml:2: vnfd:vnfd-catalog is OSM's descriptor format from before SOL006, which vnfx does not read;"
                + " write the SOL006 form (vnfd: or nsd:)", refused("old.yaml", "# OSM release 4\nvnfd:vnfd-catalog:\n  vnfd: []\n"));
        assertEquals("t.yaml:1: descriptor_schema is 'https://example.org/package-schema.yml', which names neither a VNFD nor an NSD schema;"
                + " expected a tng-schema URL containing vnfd or nsd",
                refused("t.yaml", TANGO_VNFD.replace(TANGO_VNFD.substring(19, TANGO_VNFD.indexOf('\n')), "https://example.org/package-schema.yml")));
    }

    @Test
    void aNodeTypeDerivedFromItself() {
        String cyclic = VNFD.replace("type: tosca.nodes.nfv.VNF", "type: example.A").replace("topology_template:", """
                node_types:
                  example.A:
                    derived_from: example.B
                  example.B:
                    derived_from: example.A
                topology_template:""");
        assertEquals("vnfd.yaml:4: node_types.example.A is derived from itself (example.A -> example.B -> example.A)", refused(cyclic));
    }

    // --- YAML safety

    @Test
    void notUtf8() {
        PackageException e = assertThrows(PackageException.class, () -> DescriptorReader.read("vnfd.yaml", new byte[] {'a', ':', ' ', (byte) 0xff}));
        assertEquals("vnfd.yaml: not UTF-8 text", e.getMessage());
    }

    @Test
    void aDuplicateKey() {
        assertEquals("vnfd.yaml:10: duplicate key 'provider' (first at line 9)", refused(VNFD.replace("product_name: p", "provider: Q")));
    }

    /** What PolicyFileFuzzTest found in the policy parser, which reads YAML the same way: a tag SnakeYAML refuses with an IllegalArgumentException. */
    @Test
    void aTagWithASpaceInItIsNotValidYaml() {
        assertEquals("vnfd.yaml: not valid YAML: Tag must not contain leading or trailing spaces.", refused("vnfd: !x%20 {}\n"));
    }

    @Test
    void aBillionLaughsBombHitsTheAliasLimit() {
        StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) bomb.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
            bomb.append("]\n");
        }
        String message = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> refused("bomb.yaml", bomb.toString()));
        assertEquals("bomb.yaml: not valid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50", message);
    }

    @Test
    void aBombUnderTheAliasLimitStillCannotExpand() {
        // 48 aliases, each level doubling the one below: 10 × 2^24 values once expanded (the YAML itself is tiny).
        StringBuilder bomb = new StringBuilder("tosca_definitions_version: tosca_simple_yaml_1_3\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 24; i++) bomb.append('l').append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
        String message = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> refused("bomb.yaml", bomb.toString()));
        assertEquals("bomb.yaml: expands to more than 100000 values through YAML aliases; not a descriptor (alias bomb?)", message);
    }

    @Test
    void aCollectionThatContainsItself() {
        assertEquals("loop.yaml:2: a[0] contains itself through a YAML alias", refused("loop.yaml", "vnfd: {}\na: &a\n  - *a\n"));
    }

    @Test
    void aliasesWithinReasonAreFine() throws Exception {
        String shared = VNFD.replace("    vdu1:\n", "    vdu0: &vdu\n      type: tosca.nodes.nfv.Vdu.Compute\n      properties:\n        name: vdu0\n"
                + "      capabilities:\n        virtual_compute:\n          properties:\n            virtual_cpu: {num_virtual_cpu: 1}\n"
                + "            virtual_memory: {virtual_mem_size: 1 GiB}\n    vdu2: *vdu\n    vdu1:\n");
        assertEquals(new ResourceNeeds(4000, 2560, 1024), DescriptorReader.read("vnfd.yaml", shared.getBytes(StandardCharsets.UTF_8)).needs());
    }
}
