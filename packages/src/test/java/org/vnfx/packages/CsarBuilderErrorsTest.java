package org.vnfx.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal names the file (and the line when there is one) and says what is wrong; nothing is written. */
class CsarBuilderErrorsTest {
    static final String VNFD = """
            tosca_definitions_version: tosca_simple_yaml_1_3
            imports:
              - etsi_nfv_sol001_vnfd_types.yaml
            metadata:
              vnfx_release_date_time: '2025-01-02T03:04:05Z'
            topology_template:
              node_templates:
                vnf:
                  type: tosca.nodes.nfv.VNF
                  properties:
                    descriptor_id: d1
                    descriptor_version: 1.10
                    provider: Test Provider
                    product_name: test-vnf
                    software_version: 2.0.0
                    vnfm_info: ['0:vnfx-mec']
                    flavour_id: default
                    flavour_description: default
            """;

    @TempDir
    Path dir;

    Path source(String vnfd) throws Exception {
        Path layer = Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(layer.resolve("Definitions"));
        if (vnfd != null) Files.writeString(layer.resolve("Definitions/vnfd.yaml"), vnfd);
        Files.writeString(layer.resolve("readme.txt"), "hello\n");
        return layer;
    }

    PackageException refused(Path... layers) throws Exception {
        PackageException e = assertThrows(PackageException.class, () -> CsarBuilder.build(List.of(layers), dir.resolve("out/p.csar")));
        assertFalse(Files.exists(dir.resolve("out/p.csar")), "no CSAR after a refusal");
        if (Files.exists(dir.resolve("out"))) {
            try (Stream<Path> left = Files.list(dir.resolve("out"))) {
                assertEquals(List.of(), left.toList(), "no temporary file after a refusal");
            }
        }
        return e;
    }

    @Test
    void aMinimalVnfdBuildsAndItsValuesAreTakenAsWritten() throws Exception {
        BuiltCsar csar = CsarBuilder.build(List.of(source(VNFD)), dir.resolve("out/p.csar"));
        assertEquals(new ManifestMetadata("Test Provider", "test-vnf", "2025-01-02T03:04:05Z", "2.0.0", "1.10"), csar.manifest().metadata(),
                "1.10 stays 1.10 (not the float 1.1)");
        assertEquals("""
                TOSCA-Meta-File-Version: 1.0
                CSAR-Version: 1.1
                Created-By: vnfx
                Entry-Definitions: Definitions/vnfd.yaml
                ETSI-Entry-Manifest: vnfd.mf
                """, new String(Examples.read(csar.file()).get(ToscaMeta.PATH)), "no change log in the source, none in TOSCA.meta");
    }

    @Test
    void aVnfTypeDerivedInTheFileIsTheVnfNode() throws Exception {
        String derived = VNFD.replace("type: tosca.nodes.nfv.VNF", "type: example.SuricataVnf")
                .replace("topology_template:", "node_types:\n  example.Base:\n    derived_from: tosca.nodes.nfv.VNF\n"
                        + "  example.SuricataVnf:\n    derived_from: example.Base\ntopology_template:");
        assertEquals("Test Provider", CsarBuilder.build(List.of(source(derived)), dir.resolve("out/p.csar")).manifest().metadata().vnfProviderId());
    }

    @Test
    void noVnfdInAnyLayer() throws Exception {
        Path layer = source(null);
        PackageException e = refused(layer);
        assertEquals(layer + ": no Definitions/vnfd.yaml in any layer (the package's SOL001 VNFD)", e.getMessage());
    }

    @Test
    void aVnfdWithoutTheProviderProperty() throws Exception {
        Path layer = source(VNFD.replace("        provider: Test Provider\n", ""));
        PackageException e = refused(layer);
        assertEquals(layer.resolve("Definitions/vnfd.yaml") + ":11: topology_template.node_templates.vnf.properties.provider is missing"
                + " (in topology_template.node_templates.vnf.properties)", e.getMessage());
        assertEquals(11, e.line(), "the first line of the properties");
    }

    @Test
    void aPropertyWithoutAValueOrNotASingleValue() throws Exception {
        PackageException empty = refused(source(VNFD.replace("product_name: test-vnf", "product_name:")));
        assertTrue(empty.getMessage().endsWith(":14: topology_template.node_templates.vnf.properties.product_name has no value"), empty.getMessage());
        PackageException list = refused(source(VNFD.replace("software_version: 2.0.0", "software_version: [2, 0]")));
        assertTrue(list.getMessage().endsWith(":15: topology_template.node_templates.vnf.properties.software_version must be a single value, not a list"),
                list.getMessage());
    }

    @Test
    void aVnfdWithoutTheReleaseTimeOrWithABadOne() throws Exception {
        Path layer = source(VNFD.replace("  vnfx_release_date_time: '2025-01-02T03:04:05Z'\n", "  template_name: t\n"));
        PackageException missing = refused(layer);
        assertEquals(layer.resolve("Definitions/vnfd.yaml") + ":5: metadata.vnfx_release_date_time is missing (in metadata)", missing.getMessage());
        PackageException bad = refused(source(VNFD.replace("'2025-01-02T03:04:05Z'", "2025-01-02 03:04")));
        assertTrue(bad.getMessage().endsWith(":5: metadata.vnfx_release_date_time '2025-01-02 03:04' is not an RFC 3339 date-time (e.g. 2025-06-01T00:00:00Z)"),
                bad.getMessage());
    }

    @Test
    void noVnfNodeOrTwo() throws Exception {
        PackageException none = refused(source(VNFD.replace("type: tosca.nodes.nfv.VNF", "type: tosca.nodes.nfv.Vdu.Compute")));
        assertTrue(none.getMessage().endsWith(":8: topology_template.node_templates has no node of type tosca.nodes.nfv.VNF; a VNFD has exactly one"),
                none.getMessage());
        PackageException two = refused(source(VNFD + "    other:\n      type: tosca.nodes.nfv.VNF\n"));
        assertTrue(two.getMessage().contains("has 2 nodes (vnf, other) of type tosca.nodes.nfv.VNF"), two.getMessage());
    }

    @Test
    void notASol001ToscaVersion() throws Exception {
        PackageException e = refused(source(VNFD.replace("tosca_simple_yaml_1_3", "tosca_simple_profile_for_nfv_1_0_0")));
        assertTrue(e.getMessage().endsWith(":1: tosca_definitions_version is tosca_simple_profile_for_nfv_1_0_0; a SOL001 VNFD uses one of "
                + "tosca_simple_yaml_1_2, tosca_simple_yaml_1_3"), e.getMessage());
    }

    @Test
    void brokenYamlNamesTheFileAndTheLine() throws Exception {
        Path layer = source(VNFD.replace("    vnf:\n", "    vnf:\n  bad: [unclosed\n"));
        PackageException e = refused(layer);
        assertTrue(e.getMessage().startsWith(layer.resolve("Definitions/vnfd.yaml") + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(": not valid YAML: "), e.getMessage());
        assertTrue(e.line() >= 9 && e.line() <= 11, "the line of the problem, got " + e.line() + ": " + e.getMessage());
    }

    @Test
    void aTabIndentedVnfdFailsAtTheTab() throws Exception {
        PackageException e = refused(source(VNFD.replace("        provider:", "\tprovider:")));
        assertEquals(13, e.line(), e.getMessage());
    }

    @Test
    void aDuplicateKeyIsRefused() throws Exception {
        PackageException e = refused(source(VNFD.replace("        provider: Test Provider\n", "        provider: Test Provider\n        provider: Other\n")));
        assertTrue(e.getMessage().endsWith(":14: duplicate key 'provider' (first at line 13)"), e.getMessage());
    }

    @Test
    void anAliasBombIsRefusedNotExpanded() throws Exception {
        StringBuilder bomb = new StringBuilder(VNFD).append("bomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            bomb.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            bomb.append("]\n");
        }
        PackageException e = refused(source(bomb.toString()));
        assertTrue(e.getMessage().contains("aliases"), e.getMessage());
    }

    @Test
    void aSymbolicLinkInALayerIsRefused() throws Exception {
        Path layer = source(VNFD);
        Path secret = Files.writeString(dir.resolve("secret.txt"), "outside the package");
        Path link = Files.createSymbolicLink(layer.resolve("Files"), secret);
        PackageException e = refused(layer);
        assertEquals(link + ": a symbolic link; package layers may hold only regular files and folders", e.getMessage());
    }

    @Test
    void aLinkedFolderInALayerIsRefusedToo() throws Exception {
        Path layer = source(VNFD);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("x"), "x");
        Path link = Files.createSymbolicLink(layer.resolve("linked"), outside);
        assertEquals(link + ": a symbolic link; package layers may hold only regular files and folders", refused(layer).getMessage());
    }

    @Test
    void aFifoInALayerIsRefused() throws Exception {
        Path layer = source(VNFD);
        Path fifo = layer.resolve("pipe");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        assertTrue(refused(layer).getMessage().startsWith(fifo + ": not a regular file"));
    }

    @Test
    void aLayerThatIsNotAFolder() throws Exception {
        Path missing = dir.resolve("nope");
        assertEquals(missing + ": no such folder", refused(missing).getMessage());
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertEquals(file + ": a package source layer must be a folder", refused(file).getMessage());
    }

    @Test
    void filesTheBuilderWritesCannotComeFromALayer() throws Exception {
        Path layer = source(VNFD);
        Path mf = Files.writeString(layer.resolve("vnfd.mf"), "metadata:\n");
        assertEquals(mf + ": vnfd.mf is written by the builder; remove it from the layer", refused(layer).getMessage());
        Files.delete(mf);
        Path meta = Files.createDirectories(layer.resolve("TOSCA-Metadata")).resolve("TOSCA.meta");
        Files.writeString(meta, "TOSCA-Meta-File-Version: 1.0\n");
        assertEquals(meta + ": TOSCA-Metadata/TOSCA.meta is written by the builder; remove it from the layer", refused(layer).getMessage());
    }

    @Test
    void aFileInOneLayerWhereAnotherHasAFolder() throws Exception {
        Path base = source(VNFD);
        Files.createDirectories(base.resolve("Files/config"));
        Files.writeString(base.resolve("Files/config/a.yaml"), "a: 1\n");
        Path over = Files.createDirectories(dir.resolve("over"));
        Files.writeString(over.resolve("Files"), "not a folder");
        assertEquals(over.resolve("Files") + ": a file, but another layer has a folder of that name (" + base.resolve("Files/config/a.yaml") + ")",
                refused(base, over).getMessage());
    }

    @Test
    void aLaterLayerReplacesAFileAndTheManifestFollows() throws Exception {
        Path base = source(VNFD);
        Path over = Files.createDirectories(dir.resolve("over"));
        Files.writeString(over.resolve("readme.txt"), "replaced\n");
        BuiltCsar csar = CsarBuilder.build(List.of(base, over), dir.resolve("out/p.csar"));
        assertEquals("replaced\n", new String(Examples.read(csar.file()).get("readme.txt")));
        assertEquals(Sha256.of("replaced\n".getBytes()), csar.manifest().entries().stream()
                .filter(m -> m.source().equals("readme.txt")).findFirst().orElseThrow().hash());
    }
}
