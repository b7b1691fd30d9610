package org.vnfx.packages.csar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TOSCA.meta (rules tosca-meta-keys, tosca-meta-entries) and the layout without it (root-entry-definitions). */
class ToscaMetaTest {
    static final String META = "TOSCA-Metadata/TOSCA.meta";
    static final String VALID = """
            TOSCA-Meta-File-Version: 1.0
            CSAR-Version: 1.1
            Created-By: vnfx tests
            Entry-Definitions: Definitions/vnfd.yaml
            ETSI-Entry-Manifest: vnfd.mf
            ETSI-Entry-Change-Log: ChangeLog.txt
            ETSI-Entry-Licenses: Licenses
            ETSI-Entry-Tests: Tests
            """;

    @TempDir
    Path dir;

    Map<String, byte[]> files;

    @BeforeEach
    void base() throws Exception {
        files = Fixtures.files("vnf");
        assertEquals(VALID, Fixtures.text(files, META));
    }

    /** The fixture with TOSCA.meta replaced (and its digest in the manifest updated). */
    List<String> refused(String meta) throws Exception {
        Fixtures.replaceListed(files, "vnfd.mf", META, meta);
        Path csar = Fixtures.zip(files, dir.resolve("p.csar"));
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(csar));
        return Fixtures.lines(e);
    }

    VerifiedCsar accepted(String meta) throws Exception {
        Fixtures.replaceListed(files, "vnfd.mf", META, meta);
        return new CsarVerifier().verify(Fixtures.zip(files, dir.resolve("p.csar")));
    }

    @Test
    void aMissingRequiredKey() throws Exception {
        assertEquals(List.of(META + ":1: CSAR-Version is missing; expected a line 'CSAR-Version: 1.1' in block 0"),
                refused(VALID.replace("CSAR-Version: 1.1\n", "")));
        base();
        assertEquals(List.of(META + ":1: TOSCA-Meta-File-Version is missing; expected a line 'TOSCA-Meta-File-Version: 1.0' in block 0"),
                refused(VALID.replace("TOSCA-Meta-File-Version: 1.0\n", "")));
        base();
        assertEquals(List.of(META + ":1: Entry-Definitions is missing; expected a line 'Entry-Definitions: Definitions/vnfd.yaml' in block 0"),
                refused(VALID.replace("Entry-Definitions: Definitions/vnfd.yaml\n", "")));
    }

    @Test
    void noManifestEntry() throws Exception {
        assertEquals(List.of(META + ":1: ETSI-Entry-Manifest is missing; expected the manifest's path, e.g. 'ETSI-Entry-Manifest: vnfd.mf' (or the older Entry-Manifest)"),
                refused(VALID.replace("ETSI-Entry-Manifest: vnfd.mf\n", "")));
    }

    @Test
    void anUnsupportedVersion() throws Exception {
        assertEquals(List.of(META + ":1: TOSCA-Meta-File-Version is 2.0; expected 1.0", META + ":2: CSAR-Version is 2.1; expected 1.1 (or 1.0)"),
                refused(VALID.replace("File-Version: 1.0", "File-Version: 2.0").replace("CSAR-Version: 1.1", "CSAR-Version: 2.1")));
    }

    @Test
    void aKeyTwiceInTwoSpellings() throws Exception {
        assertEquals(List.of(META + ":9: entry-manifest repeats ETSI-Entry-Manifest of line 5; each key may appear once (keys are case-insensitive, older spellings included)"),
                refused(VALID + "entry-manifest: other.mf\n"));
    }

    @Test
    void aKeyWithoutValueAndALineThatIsNoKey() throws Exception {
        assertEquals(List.of(META + ":3: Created-By has no value", META + ":9: 'just some words' is not a 'Keyname: value' line"),
                refused(VALID.replace("Created-By: vnfx tests", "Created-By:") + "just some words\n"));
    }

    @Test
    void anUnknownKeyIsAWarningAndAMissingCreatedByToo() throws Exception {
        VerifiedCsar v = accepted(VALID.replace("Created-By: vnfx tests\n", "") + "X-Vendor-Option: 42\n");
        assertEquals(List.of(META + ":8: warning: unknown key 'X-Vendor-Option' (ignored)",
                META + ":1: warning: Created-By is missing; TOSCA expects the package's author, e.g. 'Created-By: ACME'"),
                v.report().findings().stream().map(Finding::toString).toList());
    }

    @Test
    void aBlankLineInsideBlockZero() throws Exception {
        assertEquals(List.of(META + ":6: warning: ETSI-Entry-Manifest in block 1 is ignored; the package's keys belong in block 0, before the first blank line",
                META + ":1: ETSI-Entry-Manifest is missing; expected the manifest's path, e.g. 'ETSI-Entry-Manifest: vnfd.mf' (or the older Entry-Manifest)"),
                refused("""
                        TOSCA-Meta-File-Version: 1.0
                        CSAR-Version: 1.1
                        Created-By: vnfx tests
                        Entry-Definitions: Definitions/vnfd.yaml

                        ETSI-Entry-Manifest: vnfd.mf
                        """));
    }

    @Test
    void entriesThatAreNotInThePackage() throws Exception {
        assertEquals(List.of(META + ":4: Entry-Definitions names 'Definitions/missing.yaml', which is not in the package",
                META + ":6: ETSI-Entry-Change-Log names 'Files', which is a folder; expected a file",
                META + ":7: ETSI-Entry-Licenses names 'Licences', which is neither a file nor a folder of the package",
                META + ":9: ETSI-Entry-Certificate names '../signer.cert', which has a '..' segment; entry paths must stay inside the package"),
                refused(VALID.replace("Definitions/vnfd.yaml", "Definitions/missing.yaml").replace("Change-Log: ChangeLog.txt", "Change-Log: Files")
                        .replace("Licenses: Licenses", "Licenses: Licences") + "ETSI-Entry-Certificate: ../signer.cert\n"));
    }

    @Test
    void withoutToscaMetadataExactlyOneRootYaml() throws Exception {
        Map<String, byte[]> f = Fixtures.files("vnf-no-tosca-metadata");
        f.put("other.yml", "a: 1\n".getBytes());
        Path csar = Fixtures.zip(f, dir.resolve("two.csar"));
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(csar));
        assertEquals(List.of(csar + ": no TOSCA-Metadata/TOSCA.meta and 2 YAML files (other.yml, vnfd.yaml) at the root; expected exactly one, the entry definitions"),
                Fixtures.lines(e));

        Map<String, byte[]> none = Fixtures.files("vnf-no-tosca-metadata");
        none.remove("vnfd.yaml");
        Path empty = Fixtures.zip(none, dir.resolve("none.csar"));
        e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(empty));
        assertEquals(List.of(empty + ": no TOSCA-Metadata/TOSCA.meta and no YAML file at the root; expected exactly one, the entry definitions"), Fixtures.lines(e));
    }

    @Test
    void withoutToscaMetadataTheManifestHasTheBaseNameOfTheDefinitions() throws Exception {
        Map<String, byte[]> f = Fixtures.files("vnf-no-tosca-metadata");
        f.put("manifest.mf", f.remove("vnfd.mf"));
        Path csar = Fixtures.zip(f, dir.resolve("p.csar"));
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(csar));
        assertEquals(List.of(csar + ": no manifest 'vnfd.mf' at the root; without TOSCA-Metadata the manifest has the base name of the entry definitions 'vnfd.yaml'"),
                Fixtures.lines(e));
    }
}
