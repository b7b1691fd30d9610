package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.Examples;
import org.vnfx.packages.Sha256;
import org.vnfx.packages.csar.TestPki;
import org.vnfx.packages.csar.TestZip;

/** `vnfx package build` and `vnfx package verify` on the IDS exemplar, unsigned and signed with a CA made by the test. */
class PackageCommandTest {
    static TestPki.Hierarchy pki;
    static final String SIGNER = "CN=cli test signer,O=vnfx tests";

    @TempDir
    Path dir;

    @BeforeAll
    static void ca() {
        pki = TestPki.hierarchy("cli test");
    }

    Cli cli() {
        return new Cli(dir.resolve("data"));
    }

    /** The signer's key and certificate, the intermediate and the root, as PEM files. */
    Path pem() throws Exception {
        Path pem = Files.createDirectories(dir.resolve("pem"));
        TestPki.writePem(pki.signer().key(), pem.resolve("signer.key"), List.of(pki.signer().certificate()), pem.resolve("signer.pem"));
        Files.writeString(pem.resolve("intermediate.pem"), org.vnfx.packages.csar.Pem.certificates(List.of(pki.intermediate().certificate())));
        Files.writeString(pem.resolve("root.pem"), org.vnfx.packages.csar.Pem.certificates(List.of(pki.root().certificate())));
        return pem;
    }

    @Test
    void buildThenVerifyUnsigned() throws Exception {
        Path out = dir.resolve("ids.csar");
        Cli.Run built = cli().run("package", "build", "--out", out.toString(), Examples.ids().toString()).ok();
        String digest = CsarBuilder.build(Examples.idsLayers(), dir.resolve("same.csar")).sha256();
        assertEquals("wrote " + out + " (10 entries)\n  sha256 " + digest + "\n", built.out());

        Cli.Run v = cli().run("package", "verify", out.toString()).ok();
        assertEquals("", v.err());
        assertTrue(v.out().startsWith("verified " + out + "\n  sha256            " + digest + "\n  layout            TOSCA-Metadata/TOSCA.meta\n"
                + "  entry definitions Definitions/vnfd.yaml\n  manifest          vnfd.mf\n  kind              VNF\n"), v.out());
        assertTrue(v.out().contains("\nmetadata:\n  vnf_provider_id: "), v.out());
        assertTrue(v.out().contains("\nfiles (10):\n  PATH "), v.out());
        String pcap = Sha256.of(Examples.ids().resolve("Files/traffic/sample.pcap"));
        assertTrue(v.out().lines().anyMatch(l -> l.matches(" +Files/traffic/sample\\.pcap +1335240 +SHA-256 ok +" + pcap)), v.out());
        assertTrue(v.out().lines().anyMatch(l -> l.matches(" +vnfd\\.mf +\\d+ +\\(the manifest\\) +[0-9a-f]{64}")), v.out());
        assertTrue(v.out().endsWith("signature: none (not signed with security option 1 or 2)\n"), v.out());
    }

    @Test
    void option1SignedAndVerifiedAgainstTheRoot() throws Exception {
        Path pem = pem();
        Path out = dir.resolve("signed.csar");
        Cli.Run built = cli().run("package", "build", "--out", out.toString(), "--sign-key", pem.resolve("signer.key").toString(),
                "--sign-cert", pem.resolve("signer.pem").toString(), "--chain", pem.resolve("intermediate.pem").toString(), Examples.ids().toString()).ok();
        assertTrue(built.out().contains("  signed with security option 1 by " + SIGNER + "\n"), built.out());

        Cli.Run v = cli().run("package", "verify", out.toString(), "--trust", pem.resolve("root.pem").toString(), "--require-signature").ok();
        assertTrue(v.out().contains("signature: security option 1 (vnfd.mf), SHA-256\n  signer      " + SIGNER + " (serial "), v.out());
        assertTrue(v.out().contains("  chain       " + SIGNER + " <- CN=cli test intermediate CA,O=vnfx tests <- CN=cli test root CA,O=vnfx tests\n"), v.out());
        assertTrue(v.out().contains("  trust       trusted: chains to CN=cli test root CA,O=vnfx tests (PKIX; revocation not checked)\n"), v.out());

        Cli.Run untrusted = cli().run("package", "verify", out.toString());
        assertEquals(0, untrusted.exitCode());
        assertTrue(untrusted.err().startsWith("vnfd.mf:"), untrusted.err());
        assertTrue(untrusted.err().contains(": warning: the CMS signature verifies, but no trusted certificate was given: its signer '" + SIGNER + "' is not authenticated"),
                untrusted.err());
        assertTrue(untrusted.out().contains("  trust       NOT AUTHENTICATED: no --trust certificate given; the signature is intact\n"), untrusted.out());

        Path other = dir.resolve("other.pem");
        Files.writeString(other, org.vnfx.packages.csar.Pem.certificates(List.of(TestPki.root("CN=someone else").certificate())));
        Cli.Run refused = cli().run("package", "verify", out.toString(), "--trust", other.toString());
        assertEquals(1, refused.exitCode());
        String mf = new String(Examples.read(out).get("vnfd.mf"), StandardCharsets.UTF_8);
        int line = (int) mf.substring(0, mf.indexOf("-----BEGIN CMS-----")).chars().filter(c -> c == '\n').count() + 1;
        assertEquals("vnfd.mf:" + line + ": CMS signature: signer '" + SIGNER + "' is not trusted: no chain from it to a trusted certificate (trusted: 'CN=someone else')\n"
                + "error: " + out + " failed verification: 1 error\n", refused.err());
        assertEquals("", refused.out());
    }

    @Test
    void option2() throws Exception {
        Path pem = pem();
        Path out = dir.resolve("ids.zip");
        Cli.Run built = cli().run("package", "build", "--out", out.toString(), "--option2", "--sign-key", pem.resolve("signer.key").toString(),
                "--sign-cert", pem.resolve("signer.pem").toString(), "--chain", pem.resolve("intermediate.pem").toString(), Examples.ids().toString()).ok();
        assertTrue(built.out().startsWith("wrote " + out + " (3 entries)\n  sha256 " + Sha256.of(out) + "\n  signed with security option 2 by " + SIGNER
                + "\n  holds ids.csar (sha256 "), built.out());
        Cli.Run v = cli().run("package", "verify", out.toString(), "--trust", pem.resolve("root.pem").toString()).ok();
        assertTrue(v.out().startsWith("verified " + out + " (option-2 zip holding ids.csar)\n"), v.out());
        assertTrue(v.out().contains("signature: security option 2 (ids.cms), SHA-256\n"), v.out());
    }

    @Test
    void aPackageWithSeveralProblemsPrintsEachOnItsOwnLine() throws Exception {
        Path out = dir.resolve("ids.csar");
        cli().run("package", "build", "--out", out.toString(), Examples.ids().toString()).ok();
        Map<String, byte[]> files = new LinkedHashMap<>(Examples.read(out));
        files.put("Files/rules/vnfx.rules", "alert ip any any -> any any (msg:\"changed\"; sid:1;)\n".getBytes(StandardCharsets.UTF_8));
        files.put("Files/extra.txt", "x".getBytes(StandardCharsets.UTF_8));
        files.remove("ChangeLog.txt");
        Path bad = TestZip.of(files).write(dir.resolve("bad.csar"));
        Cli.Run r = cli().run("package", "verify", bad.toString());
        assertEquals(1, r.exitCode());
        List<String> lines = r.err().lines().toList();
        assertEquals(5, lines.size(), r.err());
        assertEquals("TOSCA-Metadata/TOSCA.meta:6: ETSI-Entry-Change-Log names 'ChangeLog.txt', which is not in the package", lines.get(0));
        assertTrue(lines.get(1).matches("vnfd\\.mf:\\d+: Source 'ChangeLog.txt' is not in the package"), lines.get(1));
        assertEquals("vnfd.mf: Files/extra.txt is in the package but not in the manifest; every file but the manifest itself needs a Source/Algorithm/Hash block",
                lines.get(2));
        assertTrue(lines.get(3).matches("vnfd\\.mf:\\d+: wrong SHA-256 digest of Files/rules/vnfx\\.rules: the manifest says [0-9a-f]{64}, the file has "
                + Sha256.of(files.get("Files/rules/vnfx.rules")).toString()), lines.get(3));
        assertEquals("error: " + bad + " failed verification: 4 errors", lines.get(4));
    }

    @Test
    void badOptionsAndFiles() throws Exception {
        Path out = dir.resolve("x.csar");
        String line = cli().run("package", "build", "--out", out.toString(), "--sign-key", "k.pem", Examples.ids().toString()).fails(1);
        assertEquals("error: --sign-key and --sign-cert go together", line);
        line = cli().run("package", "build", "--out", out.toString(), "--option2", Examples.ids().toString()).fails(1);
        assertEquals("error: --option2 needs a signer: give --sign-key and --sign-cert", line);
        Path notKey = Files.writeString(dir.resolve("not.pem"), "hello\n");
        line = cli().run("package", "build", "--out", out.toString(), "--sign-key", notKey.toString(), "--sign-cert", notKey.toString(),
                Examples.ids().toString()).fails(1);
        assertEquals("error: " + notKey + ": no PEM object; expected -----BEGIN PRIVATE KEY-----", line);
        line = cli().run("package", "build", "--out", out.toString(), dir.resolve("nope").toString()).fails(1);
        assertEquals("error: " + dir.resolve("nope") + ": no such folder", line);
        line = cli().run("package", "verify", dir.resolve("nope.csar").toString()).fails(1);
        assertEquals("error: no such package file: " + dir.resolve("nope.csar"), line);
        line = cli().run("package", "verify", Examples.ids().resolve("Definitions/vnfd.yaml").toString(), "--trust", notKey.toString()).fails(1);
        assertEquals("error: " + notKey + ": no certificate; expected X.509 certificates in PEM (-----BEGIN CERTIFICATE-----)", line);
    }
}
