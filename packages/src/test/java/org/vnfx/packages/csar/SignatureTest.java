package org.vnfx.packages.csar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.util.CollectionStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.packages.BuiltCsar;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.CsarSigning;
import org.vnfx.packages.Examples;

/**
 * Security options 1 and 2, signed by {@link CsarBuilder} with a CA made by the test ({@link TestPki}) and
 * verified at {@link TestPki#NOW}: the valid cases and each way a signature fails.
 */
class SignatureTest {
    static TestPki.Hierarchy pki;
    static final String SIGNER = "CN=vnfx test signer,O=vnfx tests";

    @TempDir
    Path dir;

    @BeforeAll
    static void ca() {
        pki = TestPki.hierarchy("vnfx test");
    }

    static VerifierOptions trusting(List<java.security.cert.X509Certificate> anchors) {
        return VerifierOptions.DEFAULT.at(TestPki.NOW).trusting(anchors);
    }

    /** A small VNF source layer (the builder needs a SOL001 VNFD with the release time). */
    Path layer() throws Exception {
        Path layer = Files.createDirectories(dir.resolve("src/Definitions"));
        Files.writeString(layer.resolve("vnfd.yaml"), """
                tosca_definitions_version: tosca_simple_yaml_1_3
                metadata:
                  vnfx_release_date_time: '2025-05-01T00:00:00Z'
                topology_template:
                  node_templates:
                    vnf:
                      type: tosca.nodes.nfv.VNF
                      properties:
                        descriptor_id: d1
                        descriptor_version: '1.0'
                        provider: vnfx tests
                        product_name: signed-vnf
                        software_version: 1.0.0
                        flavour_id: default
                """);
        Files.createDirectories(dir.resolve("src/Files"));
        Files.writeString(dir.resolve("src/Files/app.conf"), "workers = 2\n");
        return dir.resolve("src");
    }

    BuiltCsar option1(SigningKey key, Instant signingTime) throws Exception {
        return CsarBuilder.build(List.of(layer()), dir.resolve("out/signed.csar"), new CsarSigning(key, CsarSigning.Option.MANIFEST, signingTime));
    }

    /** The line of the manifest's CMS block. */
    static int cmsLine(Path csar) throws Exception {
        String mf = new String(Examples.read(csar).get(CsarBuilder.MANIFEST), StandardCharsets.UTF_8);
        return (int) mf.substring(0, mf.indexOf("-----BEGIN CMS-----")).chars().filter(c -> c == '\n').count() + 1;
    }

    List<String> refused(Path csar, VerifierOptions options) {
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier(options).verify(csar));
        return Fixtures.lines(e);
    }

    @Test
    void option1SignedWithAnIntermediateCa() throws Exception {
        BuiltCsar built = option1(pki.signingKey(), null);
        Map<String, byte[]> zip = Examples.read(built.file());
        String meta = new String(zip.get("TOSCA-Metadata/TOSCA.meta"), StandardCharsets.UTF_8);
        assertTrue(meta.endsWith("ETSI-Entry-Certificate: vnfd.cert\n"), meta);
        assertEquals(2, Pem.certificates(zip.get("vnfd.cert"), "vnfd.cert").size(), "the signer and the intermediate");
        String mf = new String(zip.get("vnfd.mf"), StandardCharsets.UTF_8);
        assertTrue(mf.contains("Source: vnfd.cert\n") && !mf.contains("Source: vnfd.mf"), "the certificate is listed, the manifest is not");
        assertTrue(mf.endsWith("-----END CMS-----\n") && mf.contains("\n\n-----BEGIN CMS-----\n"), mf);

        VerifiedCsar v = new CsarVerifier(trusting(pki.trust())).verify(built.file());
        assertEquals(List.of(), v.report().findings());
        SignatureInfo s = v.manifestSignature();
        assertEquals(1, s.option());
        assertEquals("vnfd.mf", s.file());
        assertEquals(SIGNER, s.signer());
        assertEquals("CN=vnfx test intermediate CA,O=vnfx tests", s.issuer());
        assertEquals(List.of(SIGNER, "CN=vnfx test intermediate CA,O=vnfx tests"), s.chain());
        assertEquals("CN=vnfx test root CA,O=vnfx tests", s.trustAnchor());
        assertNull(s.signingTime(), "the builder leaves the signing time out unless asked");
        assertEquals(TestPki.NOW, s.checkedAt());
        assertEquals("SHA-256", s.digestAlgorithm());
        assertEquals("vnfd.cert", v.certificate());
        assertNull(v.packageSignature());
    }

    @Test
    void rsaAndEd25519SignersAndTrustingTheIntermediateDirectly() throws Exception {
        for (String algorithm : List.of("RSA", "Ed25519")) {
            TestPki.Issued signer = TestPki.signer(pki.intermediate(), "CN=" + algorithm + " signer", algorithm, TestPki.FROM, TestPki.TO);
            BuiltCsar built = option1(new SigningKey(signer.key(), List.of(signer.certificate(), pki.intermediate().certificate())), null);
            SignatureInfo s = new CsarVerifier(trusting(pki.trust())).verify(built.file()).manifestSignature();
            assertEquals("CN=" + algorithm + " signer", s.signer());
            assertEquals(algorithm.equals("RSA") ? "SHA-256" : "SHA-512", s.digestAlgorithm(), "Ed25519 in CMS digests with SHA-512 (RFC 8419)");
        }
        BuiltCsar built = option1(pki.signingKey(), null);
        SignatureInfo s = new CsarVerifier(trusting(List.of(pki.intermediate().certificate()))).verify(built.file()).manifestSignature();
        assertEquals("CN=vnfx test intermediate CA,O=vnfx tests", s.trustAnchor());
        assertEquals(List.of(SIGNER), s.chain());
    }

    @Test
    void signedBuildsAreReproducible() throws Exception {
        byte[] a = Files.readAllBytes(option1(pki.signingKey(), null).file());
        byte[] b = Files.readAllBytes(option1(pki.signingKey(), null).file());
        assertTrue(java.util.Arrays.equals(a, b), "deterministic ECDSA, no signing time: the same bytes");
        TestPki.Issued rsa = TestPki.signer(pki.intermediate(), "CN=RSA signer", "RSA", TestPki.FROM, TestPki.TO);
        SigningKey rsaKey = new SigningKey(rsa.key(), List.of(rsa.certificate()));
        Path x = CsarBuilder.build(List.of(layer()), dir.resolve("x.zip"), CsarSigning.option2(rsaKey)).file();
        Path y = CsarBuilder.build(List.of(layer()), dir.resolve("y/x.zip"), CsarSigning.option2(rsaKey)).file();
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(x), Files.readAllBytes(y)), "option 2 with RSA too");
    }

    @Test
    void withoutTrustedCertificatesTheSignatureIsCheckedButItsSignerNotAuthenticated() throws Exception {
        BuiltCsar built = option1(pki.signingKey(), null);
        VerifiedCsar v = new CsarVerifier(VerifierOptions.DEFAULT.at(TestPki.NOW)).verify(built.file());
        assertEquals(List.of("vnfd.mf:" + cmsLine(built.file()) + ": warning: the CMS signature verifies, but no trusted certificate was given: its signer '"
                + SIGNER + "' is not authenticated"), v.report().findings().stream().map(Finding::toString).toList());
        assertNull(v.manifestSignature().trustAnchor());
    }

    @Test
    void anUntrustedSigner() throws Exception {
        BuiltCsar built = option1(pki.signingKey(), null);
        TestPki.Issued other = TestPki.root("CN=other root CA,O=elsewhere");
        assertEquals(List.of("vnfd.mf:" + cmsLine(built.file()) + ": CMS signature: signer '" + SIGNER
                        + "' is not trusted: no chain from it to a trusted certificate (trusted: 'CN=other root CA,O=elsewhere')"),
                refused(built.file(), trusting(List.of(other.certificate()))));
    }

    @Test
    void aChainWithoutItsIntermediateIsUntrusted() throws Exception {
        BuiltCsar built = option1(new SigningKey(pki.signer().key(), List.of(pki.signer().certificate())), null);
        assertEquals(List.of("vnfd.mf:" + cmsLine(built.file()) + ": CMS signature: signer '" + SIGNER
                        + "' is not trusted: no chain from it to a trusted certificate (trusted: 'CN=vnfx test root CA,O=vnfx tests')"),
                refused(built.file(), trusting(pki.trust())));
    }

    @Test
    void anExpiredCertificate() throws Exception {
        TestPki.Issued expired = TestPki.signer(pki.intermediate(), "CN=expired signer,O=vnfx tests", "EC",
                Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"));
        SigningKey key = new SigningKey(expired.key(), List.of(expired.certificate(), pki.intermediate().certificate()));
        BuiltCsar built = option1(key, null);
        assertEquals(List.of("vnfd.mf:" + cmsLine(built.file()) + ": CMS signature: signer certificate 'CN=expired signer,O=vnfx tests' expired at "
                        + "2024-01-01T00:00:00Z; checked at 2025-06-01T00:00:00Z (the time of verification: the CMS has no signing time)"),
                refused(built.file(), trusting(pki.trust())));

    }

    @Test
    void aSigningTimeWithinTheValidityIsAccepted() throws Exception {
        TestPki.Issued expired = TestPki.signer(pki.intermediate(), "CN=short-lived signer", "EC",
                Instant.parse("2025-02-01T00:00:00Z"), Instant.parse("2025-03-01T00:00:00Z"));
        Instant signedAt = Instant.parse("2025-02-15T12:00:00Z");
        BuiltCsar built = option1(new SigningKey(expired.key(), List.of(expired.certificate(), pki.intermediate().certificate())), signedAt);
        SignatureInfo s = new CsarVerifier(trusting(pki.trust())).verify(built.file()).manifestSignature();
        assertEquals(signedAt, s.signingTime());
        assertEquals(signedAt, s.checkedAt());

        BuiltCsar future = option1(pki.signingKey(), Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals(List.of("vnfd.mf:" + cmsLine(future.file()) + ": CMS signature: the signing time 2026-01-01T00:00:00Z is in the future (now 2025-06-01T00:00:00Z)"),
                refused(future.file(), trusting(pki.trust())));
    }

    @Test
    void aTamperedSignedManifest() throws Exception {
        BuiltCsar built = option1(pki.signingKey(), null);
        Map<String, byte[]> zip = new LinkedHashMap<>(Examples.read(built.file()));
        Fixtures.edit(zip, "vnfd.mf", "vnf_product_name: signed-vnf", "vnf_product_name: signed-vnF");
        Path tampered = Fixtures.zip(zip, dir.resolve("tampered.csar"));
        assertEquals(List.of("vnfd.mf:" + cmsLine(tampered) + ": CMS signature: the SHA-256 digest of the signed content does not match the one signed by '"
                + SIGNER + "': the content was changed after signing"), refused(tampered, trusting(pki.trust())));

        // a file changed and its digest in the manifest updated: the manifest agrees, the signature does not
        zip = new LinkedHashMap<>(Examples.read(built.file()));
        Fixtures.replaceListed(zip, "vnfd.mf", "Files/app.conf", "workers = 64\n");
        Path repacked = Fixtures.zip(zip, dir.resolve("repacked.csar"));
        assertEquals(List.of("vnfd.mf:" + cmsLine(repacked) + ": CMS signature: the SHA-256 digest of the signed content does not match the one signed by '"
                + SIGNER + "': the content was changed after signing"), refused(repacked, trusting(pki.trust())));

        // a file changed, the manifest not: the digest rule finds it (the signature still holds)
        zip = new LinkedHashMap<>(Examples.read(built.file()));
        zip.put("Files/app.conf", "workers = 64\n".getBytes(StandardCharsets.UTF_8));
        List<String> found = refused(Fixtures.zip(zip, dir.resolve("changed.csar")), trusting(pki.trust()));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).contains("wrong SHA-256 digest of Files/app.conf"), found.get(0));
    }

    @Test
    void theSignerCertificateFromTheCertificateFile() throws Exception {
        BuiltCsar built = option1(pki.signingKey(), null);
        Map<String, byte[]> zip = new LinkedHashMap<>(Examples.read(built.file()));
        String mf = Fixtures.text(zip, "vnfd.mf");
        int begin = mf.indexOf("-----BEGIN CMS-----");
        String pem = mf.substring(begin);
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replace("-----BEGIN CMS-----", "").replace("-----END CMS-----", ""));
        CMSSignedData bare = CMSSignedData.replaceCertificatesAndCRLs(new CMSSignedData(ContentInfo.getInstance(der)),
                new CollectionStore<>(List.of()), null, null);
        zip.put("vnfd.mf", (mf.substring(0, begin) + Pem.block("CMS", bare.getEncoded())).getBytes(StandardCharsets.UTF_8));
        VerifiedCsar v = new CsarVerifier(trusting(pki.trust())).verify(Fixtures.zip(zip, dir.resolve("bare.csar")));
        assertEquals(SIGNER, v.manifestSignature().signer(), "found in vnfd.cert (ETSI-Entry-Certificate)");
        assertEquals(List.of(), v.report().findings());
    }

    @Test
    void aPackageThatMustBeSignedIsNot() throws Exception {
        Path csar = Fixtures.zip(Fixtures.files("vnf"), dir.resolve("unsigned.csar"));
        assertEquals(List.of("vnfd.mf: not signed; expected a CMS signature block at the end of the manifest (security option 1) or the CSAR in a signed zip (option 2)"),
                refused(csar, trusting(pki.trust()).requiringSignature(true)));
    }

    BuiltCsar option2(SigningKey key) throws Exception {
        return CsarBuilder.build(List.of(layer()), dir.resolve("out/vnf.zip"), CsarSigning.option2(key));
    }

    @Test
    void option2() throws Exception {
        BuiltCsar built = option2(pki.signingKey());
        assertEquals(List.of("vnf.cert", "vnf.cms", "vnf.csar"), List.copyOf(Examples.read(built.file()).keySet()));
        assertEquals(Path.of("vnf.csar"), built.inner().file());
        Path tmp = dir.resolve("tmp");
        VerifiedCsar v = new CsarVerifier(trusting(pki.trust()).requiringSignature(true).withTempDir(tmp)).verify(built.file());
        assertEquals(List.of(), v.report().findings());
        assertEquals("vnf.csar", v.innerCsar());
        assertEquals(built.sha256(), v.sha256(), "the digest of the file given: the zip");
        SignatureInfo s = v.packageSignature();
        assertEquals(2, s.option());
        assertEquals("vnf.cms", s.file());
        assertEquals(SIGNER, s.signer());
        assertNull(v.manifestSignature(), "the CSAR inside is not signed itself");
        assertEquals("signed-vnf", v.metadata().get("vnf_product_name"));
        assertEquals(List.of(s), v.signatures());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "the CSAR taken out of the zip is deleted");
        }
    }

    @Test
    void option2WithAModifiedInnerCsar() throws Exception {
        BuiltCsar built = option2(pki.signingKey());
        Map<String, byte[]> outer = new LinkedHashMap<>(Examples.read(built.file()));
        // a well-formed CSAR of other content, with a manifest that matches it: only the outer signature can tell
        Files.writeString(dir.resolve("src/Files/app.conf"), "workers = 64\n");
        outer.put("vnf.csar", Files.readAllBytes(CsarBuilder.build(List.of(dir.resolve("src")), dir.resolve("other.csar")).file()));
        Path swapped = Fixtures.zip(outer, dir.resolve("swapped.zip"));
        Path tmp = dir.resolve("tmp");
        assertEquals(List.of("vnf.cms: CMS signature of vnf.csar: the SHA-256 digest of the signed content does not match the one signed by '"
                + SIGNER + "': the content was changed after signing"), refused(swapped, trusting(pki.trust()).withTempDir(tmp)));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "nothing left behind after a refusal either");
        }
    }

    @Test
    void option2InnerFindingsNameTheInnerCsar() throws Exception {
        BuiltCsar built = option2(pki.signingKey());
        Map<String, byte[]> outer = new LinkedHashMap<>(Examples.read(built.file()));
        Map<String, byte[]> inner = new LinkedHashMap<>(Examples.read(Files.write(dir.resolve("inner.csar"), outer.get("vnf.csar"))));
        inner.put("Files/app.conf", "workers = 64\n".getBytes(StandardCharsets.UTF_8));
        outer.put("vnf.csar", TestZip.of(inner).bytes());
        List<String> found = refused(Fixtures.zip(outer, dir.resolve("bad.zip")), trusting(pki.trust()));
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("vnf.cms: CMS signature of vnf.csar: "), found.get(0));
        assertTrue(found.get(1).startsWith("vnf.csar!/vnfd.mf:") && found.get(1).contains(": wrong SHA-256 digest of Files/app.conf"), found.get(1));
    }

    @Test
    void option2UntrustedAndWithoutAnyCertificate() throws Exception {
        BuiltCsar built = option2(pki.signingKey());
        TestPki.Issued other = TestPki.root("CN=other root CA,O=elsewhere");
        assertEquals(List.of("vnf.cms: CMS signature of vnf.csar: signer '" + SIGNER
                        + "' is not trusted: no chain from it to a trusted certificate (trusted: 'CN=other root CA,O=elsewhere')"),
                refused(built.file(), trusting(List.of(other.certificate()))));

        Map<String, byte[]> outer = new LinkedHashMap<>(Examples.read(built.file()));
        outer.remove("vnf.cert");
        byte[] der = java.util.Base64.getMimeDecoder().decode(Fixtures.text(outer, "vnf.cms").replace("-----BEGIN CMS-----", "").replace("-----END CMS-----", ""));
        CMSSignedData bare = CMSSignedData.replaceCertificatesAndCRLs(new CMSSignedData(ContentInfo.getInstance(der)), new CollectionStore<>(List.of()), null, null);
        outer.put("vnf.cms", bare.getEncoded()); // DER this time
        List<String> found = refused(Fixtures.zip(outer, dir.resolve("bare.zip")), trusting(pki.trust()));
        assertEquals(1, found.size(), found.toString());
        assertEquals("vnf.cms: CMS signature of vnf.csar: no certificate of the signer (issuer CN=vnfx test intermediate CA,O=vnfx tests, serial "
                + pki.signer().certificate().getSerialNumber().toString(16) + ") in the CMS or the package's certificate file", found.get(0));
    }

    @Test
    void option2WithoutItsSignature() throws Exception {
        BuiltCsar built = option2(pki.signingKey());
        Map<String, byte[]> outer = new LinkedHashMap<>(Examples.read(built.file()));
        outer.remove("vnf.cms");
        Path zip = Fixtures.zip(outer, dir.resolve("nosig.zip"));
        assertEquals(List.of(zip + ": holds vnf.csar but no vnf.cms; security option 2 puts a detached CMS signature of the CSAR beside it"),
                refused(zip, trusting(pki.trust())));
        outer = new LinkedHashMap<>(Examples.read(built.file()));
        outer.put("README.txt", "x".getBytes(StandardCharsets.UTF_8));
        Path extra = Fixtures.zip(outer, dir.resolve("extra.zip"));
        assertEquals(List.of(extra + ": an option-2 zip holds only vnf.csar, vnf.cms and vnf.cert; it also holds README.txt"), refused(extra, trusting(pki.trust())));
    }

    @Test
    void theSigningKeyMustMatchItsCertificate() throws Exception {
        TestPki.Issued a = TestPki.signer(pki.intermediate(), "CN=a", "EC", TestPki.FROM, TestPki.TO);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SigningKey(pki.signer().key(), List.of(a.certificate())));
        assertEquals("the private key does not belong to the certificate 'CN=a'", e.getMessage());
        assertNotNull(pki.signingKey());
    }
}
