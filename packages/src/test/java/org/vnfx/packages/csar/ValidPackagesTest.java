package org.vnfx.packages.csar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.packages.BuiltCsar;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.Examples;
import org.vnfx.packages.Sha256;

/** Packages that pass: the fixtures of every layout and kind, the tolerated spellings, and the exemplar CSARs. */
class ValidPackagesTest {
    @TempDir
    Path dir;

    final CsarVerifier verifier = new CsarVerifier(VerifierOptions.DEFAULT.at(TestPki.NOW));

    VerifiedCsar verify(String fixture) throws Exception {
        return verifier.verify(Fixtures.zip(Fixtures.files(fixture), dir.resolve(fixture + ".csar")));
    }

    @Test
    void aVnfPackageWithToscaMetadataAndEveryOptionalPart() throws Exception {
        VerifiedCsar v = verify("vnf");
        assertEquals(List.of(), v.report().findings());
        assertEquals(Map.of("TOSCA-Meta-File-Version", "1.0", "CSAR-Version", "1.1", "Created-By", "vnfx tests",
                "Entry-Definitions", "Definitions/vnfd.yaml", "ETSI-Entry-Manifest", "vnfd.mf", "ETSI-Entry-Change-Log", "ChangeLog.txt",
                "ETSI-Entry-Licenses", "Licenses", "ETSI-Entry-Tests", "Tests"), v.toscaMeta());
        assertTrue(v.hasToscaMetadata());
        assertEquals("Definitions/vnfd.yaml", v.entryDefinitions());
        assertEquals("vnfd.mf", v.manifest());
        assertNull(v.certificate());
        assertEquals(PackageKind.VNF, v.kind());
        assertEquals(List.of("vnf_provider_id", "vnf_product_name", "vnf_release_date_time", "vnf_software_version", "vnf_package_version"),
                List.copyOf(v.metadata().keySet()));
        assertEquals("2025-05-01T12:00:00+02:00", v.metadata().get("vnf_release_date_time"));
        assertEquals(Map.of("prv.vnfx.scripts", List.of("Files/scripts/install.sh"), "prv.vnfx.tests", List.of("Tests/smoke.sh")), v.nonManoArtifactSets());
        assertTrue(v.signatures().isEmpty());
        assertEquals(Sha256.of(v.file()), v.sha256());

        Map<String, byte[]> files = Fixtures.files("vnf");
        assertEquals(List.copyOf(files.keySet()), v.files().stream().map(FileDigest::path).toList(), "every file, in archive order");
        for (FileDigest f : v.files()) {
            assertEquals(Sha256.of(files.get(f.path())), f.sha256(), f.path());
            assertEquals(files.get(f.path()).length, f.size(), f.path());
        }
        FileDigest conf = v.files().stream().filter(f -> f.path().equals("Files/config/app.conf")).findFirst().orElseThrow();
        assertEquals("SHA-512", conf.algorithm());
        assertEquals(128, conf.hash().length());
        FileDigest manifest = v.files().stream().filter(f -> f.path().equals("vnfd.mf")).findFirst().orElseThrow();
        assertNull(manifest.algorithm(), "the manifest has no digest of itself");
    }

    @Test
    void aVnfPackageWithoutToscaMetadata() throws Exception {
        VerifiedCsar v = verify("vnf-no-tosca-metadata");
        assertEquals(List.of(), v.report().findings());
        assertFalse(v.hasToscaMetadata());
        assertEquals("vnfd.yaml", v.entryDefinitions());
        assertEquals("vnfd.mf", v.manifest());
        assertEquals("fixture-vnf", v.metadata().get("vnf_product_name"));
    }

    @Test
    void anNsdAndAPnfdArchive() throws Exception {
        VerifiedCsar ns = verify("nsd");
        assertEquals(PackageKind.NSD, ns.kind());
        assertEquals("fixture-ns", ns.metadata().get("nsd_name"));
        assertEquals("nsd.mf", ns.manifest());
        VerifiedCsar pnf = verify("pnf");
        assertEquals(PackageKind.PNF, pnf.kind());
        assertEquals("1.0", pnf.metadata().get("pnfd_archive_version"));
        assertEquals("pnfd.yaml", pnf.entryDefinitions());
    }

    @Test
    void theOlderKeySpellingsAreAccepted() throws Exception {
        VerifiedCsar v = verify("older-spellings");
        assertEquals(List.of(), v.report().findings());
        assertEquals("vnfd.mf", v.toscaMeta().get("ETSI-Entry-Manifest"), "Entry-Manifest is read as ETSI-Entry-Manifest");
        assertEquals("vnfx tests", v.toscaMeta().get("Created-By"), "Created-by");
        assertEquals("ChangeLog.txt", v.toscaMeta().get("ETSI-Entry-Change-Log"));
        assertEquals("Licenses/LICENSE.txt", v.toscaMeta().get("ETSI-Entry-Licenses"));
        assertEquals("Tests", v.toscaMeta().get("ETSI-Entry-Tests"));
        assertEquals("fixture-vnf", v.metadata().get("vnf_product_name"), "unindented metadata, as in SOL004's example");
        FileDigest changeLog = v.files().stream().filter(f -> f.path().equals("ChangeLog.txt")).findFirst().orElseThrow();
        assertEquals("SHA-256", changeLog.algorithm(), "'SHA256' with an upper-case hash");
        FileDigest tests = v.files().stream().filter(f -> f.path().equals("Tests/smoke.sh")).findFirst().orElseThrow();
        assertEquals("SHA-512", tests.algorithm(), "'Sha-512'");
    }

    @Test
    void keysAreCaseInsensitive() throws Exception {
        VerifiedCsar v = verify("keys-any-case");
        assertEquals(List.of(), v.report().findings());
        assertEquals(Map.of("TOSCA-Meta-File-Version", "1.0", "CSAR-Version", "1.1", "Created-By", "vnfx tests",
                "Entry-Definitions", "Definitions/vnfd.yaml", "ETSI-Entry-Manifest", "vnfd.mf"), v.toscaMeta());
        assertEquals(2, v.files().stream().filter(f -> f.algorithm() != null).count(), "'source:', 'ALGORITHM:', 'hash:'");
    }

    @Test
    void crlfLineEndsAreAccepted() throws Exception {
        Map<String, byte[]> files = Fixtures.files("vnf");
        // The manifest is not in its own digest list, so it can change freely; TOSCA.meta's CRLF version gets its new digest.
        String meta = Fixtures.text(files, "TOSCA-Metadata/TOSCA.meta").replace("\n", "\r\n");
        files.put("TOSCA-Metadata/TOSCA.meta", meta.getBytes(StandardCharsets.UTF_8));
        Fixtures.edit(files, "vnfd.mf", "932f5ddeabeb38f75df5bd081e78400c2f5c5f6a9e77365ebbb21d372135b856", Sha256.of(meta.getBytes(StandardCharsets.UTF_8)));
        files.put("vnfd.mf", Fixtures.text(files, "vnfd.mf").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        VerifiedCsar v = verifier.verify(Fixtures.zip(files, dir.resolve("crlf.csar")));
        assertEquals(List.of(), v.report().findings());
        assertEquals("vnfd.mf", v.toscaMeta().get("ETSI-Entry-Manifest"), "no trailing CR in values");
        assertEquals("1.0", v.metadata().get("vnf_package_version"));
    }

    @Test
    void theExemplarCsarsPass() throws Exception {
        for (List<Path> layers : List.of(Examples.idsLayers(), Examples.liteLayers())) {
            BuiltCsar built = CsarBuilder.build(layers, dir.resolve(layers.size() + ".csar"));
            VerifiedCsar v = new CsarVerifier().verify(built.file());
            assertEquals(List.of(), v.report().findings(), layers.toString());
            assertEquals(built.sha256(), v.sha256());
            assertEquals(built.entries().stream().map(e -> e.path()).toList(), v.files().stream().map(FileDigest::path).toList());
            assertEquals(built.manifest().metadata().vnfProductName(), v.metadata().get("vnf_product_name"));
            assertEquals(CsarBuilder.VNFD, v.entryDefinitions());
        }
        // and the ones the build wrote, when this runs after `mvn process-classes`
        Path built = Path.of("target/examples");
        if (Files.isDirectory(built)) {
            for (String name : List.of("suricata-ids.csar", "suricata-ids-lite.csar")) {
                if (Files.exists(built.resolve(name))) assertTrue(new CsarVerifier().verify(built.resolve(name)).report().passed(), name);
            }
        }
    }
}
