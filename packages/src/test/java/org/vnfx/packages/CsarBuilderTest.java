package org.vnfx.packages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exemplar CSARs (examples/suricata-ids and its lite variant) as the builder writes them. */
class CsarBuilderTest {
    @TempDir
    Path dir;

    @Test
    void buildingTwiceGivesTheSameBytesAndDigest() throws Exception {
        BuiltCsar a = CsarBuilder.build(Examples.idsLayers(), dir.resolve("a.csar"));
        BuiltCsar b = CsarBuilder.build(Examples.idsLayers(), dir.resolve("b.csar"));
        assertArrayEquals(Files.readAllBytes(a.file()), Files.readAllBytes(b.file()));
        assertEquals(a.sha256(), b.sha256());
        assertEquals(Sha256.of(a.file()), a.sha256(), "the digest is the SHA-256 of the whole file");
        assertEquals(a.manifest(), b.manifest());
        assertEquals(a.entries(), b.entries());
    }

    @Test
    void theBytesDoNotDependOnTheTimeZone() throws Exception {
        TimeZone before = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));  // 1980-01-01 UTC is still 1979 there
            BuiltCsar west = CsarBuilder.build(Examples.idsLayers(), dir.resolve("west.csar"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));   // UTC+14
            BuiltCsar east = CsarBuilder.build(Examples.idsLayers(), dir.resolve("east.csar"));
            assertEquals(west.sha256(), east.sha256());
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void everyFileButTheManifestIsInTheManifestWithTheSha256OfItsEntry() throws Exception {
        BuiltCsar csar = CsarBuilder.build(Examples.idsLayers(), dir.resolve("ids.csar"));
        Map<String, byte[]> zip = Examples.read(csar.file());

        List<String> sources = csar.manifest().entries().stream().map(ManifestEntry::source).toList();
        List<String> expected = new ArrayList<>(zip.keySet());
        expected.remove(CsarBuilder.MANIFEST);
        assertEquals(expected, sources);
        assertTrue(sources.containsAll(List.of(ToscaMeta.PATH, CsarBuilder.VNFD, "Files/traffic/sample.pcap", "runtime/suricata.json")), sources.toString());
        for (ManifestEntry m : csar.manifest().entries()) {
            assertEquals("SHA-256", m.algorithm());
            assertEquals(Sha256.of(zip.get(m.source())), m.hash(), m.source());
            assertTrue(m.hash().matches("[0-9a-f]{64}"), m.hash());
        }
        assertEquals(csar.manifest().render(), new String(zip.get(CsarBuilder.MANIFEST), StandardCharsets.UTF_8));
        for (CsarEntry e : csar.entries()) {
            assertEquals(Sha256.of(zip.get(e.path())), e.sha256(), e.path());
            assertEquals(zip.get(e.path()).length, e.size(), e.path());
        }
        assertEquals(List.copyOf(zip.keySet()), csar.entries().stream().map(CsarEntry::path).toList());
    }

    @Test
    void theManifestStartsWithTheVnfdsMetadata() throws Exception {
        BuiltCsar csar = CsarBuilder.build(Examples.idsLayers(), dir.resolve("ids.csar"));
        String mf = new String(Examples.read(csar.file()).get(CsarBuilder.MANIFEST), StandardCharsets.UTF_8);
        assertTrue(mf.startsWith("""
                metadata:
                  vnf_provider_id: vnfx examples
                  vnf_product_name: suricata-ids
                  vnf_release_date_time: 2025-06-01T00:00:00Z
                  vnf_software_version: 7.0.10
                  vnf_package_version: 1.0.0

                Source: ChangeLog.txt
                Algorithm: SHA-256
                Hash: """), mf);
        assertTrue(mf.endsWith("\n") && !mf.contains("\r"), "LF line ends");
    }

    @Test
    void toscaMetaNamesTheVnfdTheManifestAndTheChangeLog() throws Exception {
        BuiltCsar csar = CsarBuilder.build(Examples.idsLayers(), dir.resolve("ids.csar"));
        assertEquals("""
                TOSCA-Meta-File-Version: 1.0
                CSAR-Version: 1.1
                Created-By: vnfx
                Entry-Definitions: Definitions/vnfd.yaml
                ETSI-Entry-Manifest: vnfd.mf
                ETSI-Entry-Change-Log: ChangeLog.txt
                """, new String(Examples.read(csar.file()).get(ToscaMeta.PATH), StandardCharsets.UTF_8));
    }

    @Test
    void entriesAreSortedFilesOnlyStampedOnTheFirstDayOfTheZipFormatAndDeflated() throws Exception {
        BuiltCsar csar = CsarBuilder.build(Examples.idsLayers(), dir.resolve("ids.csar"));
        List<String> names = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(csar.file()); ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                assertFalse(e.isDirectory(), e.getName());
                assertEquals(LocalDateTime.of(1980, 1, 1, 0, 0, 2), e.getTimeLocal(), e.getName());
                assertEquals(ZipEntry.DEFLATED, e.getMethod(), e.getName());
                assertEquals(null, e.getExtra(), e.getName());
            }
        }
        assertEquals(names.stream().sorted().toList(), names);
        assertEquals(List.of("ChangeLog.txt", "Definitions/vnfd.yaml", "Files/config/classification.config", "Files/config/reference.config",
                "Files/config/suricata.yaml", "Files/rules/vnfx.rules", "Files/traffic/sample.pcap", "TOSCA-Metadata/TOSCA.meta",
                "runtime/suricata.json", "vnfd.mf"), names);
    }

    @Test
    void theLiteLayerReplacesTheExemplarsFilesAndAddsItsOwn() throws Exception {
        BuiltCsar csar = CsarBuilder.build(Examples.liteLayers(), dir.resolve("lite.csar"));
        Map<String, byte[]> zip = Examples.read(csar.file());
        for (String replaced : List.of(CsarBuilder.VNFD, "runtime/suricata.json", CsarBuilder.CHANGE_LOG)) {
            assertArrayEquals(Files.readAllBytes(Examples.lite().resolve(replaced)), zip.get(replaced), replaced);
        }
        for (String kept : List.of("Files/config/suricata.yaml", "Files/rules/vnfx.rules", "Files/traffic/sample.pcap")) {
            assertArrayEquals(Files.readAllBytes(Examples.ids().resolve(kept)), zip.get(kept), kept);
        }
        assertTrue(zip.containsKey("Files/config/lite.yaml") && zip.containsKey("Files/rules/lite-compat.rules"), zip.keySet().toString());
        assertTrue(new String(zip.get("runtime/suricata.json"), StandardCharsets.UTF_8).contains("\"Files/config/lite.yaml\""));
    }

    @Test
    void theLiteVariantIsAnotherProvidersPackage() throws Exception {
        BuiltCsar ids = CsarBuilder.build(Examples.idsLayers(), dir.resolve("ids.csar"));
        BuiltCsar lite = CsarBuilder.build(Examples.liteLayers(), dir.resolve("lite.csar"));
        assertNotEquals(ids.sha256(), lite.sha256());
        assertEquals(new ManifestMetadata("vnfx examples", "suricata-ids", "2025-06-01T00:00:00Z", "7.0.10", "1.0.0"), ids.manifest().metadata());
        assertEquals(new ManifestMetadata("Budget Edge Networks", "suricata-ids-lite", "2025-07-15T09:30:00+02:00", "7.0.10", "0.9.0"),
                lite.manifest().metadata());
    }

    @Test
    void aFailedBuildLeavesTheEarlierCsarAndNoTemporaryFile() throws Exception {
        Path out = dir.resolve("out/ids.csar");
        BuiltCsar good = CsarBuilder.build(Examples.idsLayers(), out);
        Path broken = Files.createDirectories(dir.resolve("broken/Definitions"));
        Files.writeString(broken.resolve("vnfd.yaml"), "tosca_definitions_version: [unclosed\n");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(PackageException.class,
                () -> CsarBuilder.build(List.of(Examples.ids(), dir.resolve("broken")), out));
        assertTrue(e.getMessage().contains("vnfd.yaml"), e.getMessage());
        assertEquals(good.sha256(), Sha256.of(out));
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertEquals(List.of(out), left.toList());
        }
    }

    @Test
    void aWriterThatFailsHalfwayLeavesTheTargetAsItWas() throws Exception {
        Path out = Files.writeString(dir.resolve("target.csar"), "the earlier package");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(PackageException.class, () -> AtomicFile.write(out, o -> {
            o.write(new byte[100_000]);
            throw new PackageException("some/file", "failed halfway");
        }));
        assertEquals("some/file: failed halfway", e.getMessage());
        assertEquals("the earlier package", Files.readString(out));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(out), left.toList());
        }
    }

    @Test
    void theMainWritesTheCsarWhereItIsTold() throws Exception {
        Path out = dir.resolve("examples/suricata-ids-lite.csar");
        CsarBuilder.main(out.toString(), Examples.ids().toString(), Examples.lite().toString());
        assertEquals(CsarBuilder.build(Examples.liteLayers(), dir.resolve("again.csar")).sha256(), Sha256.of(out));
    }
}
