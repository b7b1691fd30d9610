package org.vnfx.packages.csar;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at run time for tests (no private key is ever committed): a root, an intermediate
 * and signers, with BouncyCastle's X509v3CertificateBuilder. Every certificate's validity is fixed, so that tests
 * that verify at {@link #NOW} give the same messages on any day.
 */
public final class TestPki {
    /** The time tests verify at. */
    public static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    public static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    public static final Instant TO = Instant.parse("2030-01-01T00:00:00Z");
    private static final AtomicLong SERIAL = new AtomicLong(0x1000);

    /** A key pair and its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
        public PrivateKey key() {
            return keys.getPrivate();
        }
    }

    /** The standard hierarchy: root CA → intermediate CA → signer (EC P-256), valid {@link #FROM} to {@link #TO}. */
    public record Hierarchy(Issued root, Issued intermediate, Issued signer) {
        /** The signer's key with its chain up to (not including) the root. */
        public SigningKey signingKey() {
            return new SigningKey(signer.key(), List.of(signer.certificate(), intermediate.certificate()));
        }

        public List<X509Certificate> trust() {
            return List.of(root.certificate());
        }
    }

    private TestPki() {}

    public static Hierarchy hierarchy(String name) {
        Issued root = root("CN=" + name + " root CA,O=vnfx tests");
        Issued intermediate = ca(root, "CN=" + name + " intermediate CA,O=vnfx tests");
        Issued signer = signer(intermediate, "CN=" + name + " signer,O=vnfx tests", "EC", FROM, TO);
        return new Hierarchy(root, intermediate, signer);
    }

    public static Issued root(String subject) {
        KeyPair keys = keys("EC");
        return new Issued(keys, certificate(subject, keys, new X500Principal(subject), keys.getPrivate(), FROM, TO, true));
    }

    public static Issued ca(Issued issuer, String subject) {
        KeyPair keys = keys("EC");
        return new Issued(keys, certificate(subject, keys, issuer.certificate().getSubjectX500Principal(), issuer.key(), FROM, TO, true));
    }

    /** @param algorithm EC, RSA or Ed25519 */
    public static Issued signer(Issued issuer, String subject, String algorithm, Instant from, Instant to) {
        KeyPair keys = keys(algorithm);
        return new Issued(keys, certificate(subject, keys, issuer.certificate().getSubjectX500Principal(), issuer.key(), from, to, false));
    }

    public static KeyPair keys(String algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) g.initialize(new ECGenParameterSpec("secp256r1"));
            if (algorithm.equals("RSA")) g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names go through X500Principal so that they read back (RFC 2253) as written. */
    private static X509Certificate certificate(String subject, KeyPair keys, X500Principal issuer, PrivateKey issuerKey, Instant from, Instant to, boolean ca) {
        try {
            var b = new JcaX509v3CertificateBuilder(X500Name.getInstance(issuer.getEncoded()), BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(from), Date.from(to), X500Name.getInstance(new X500Principal(subject).getEncoded()), keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            String alg = switch (issuerKey.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                default -> "Ed25519";
            };
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the key (PKCS#8 PEM) to {@code key} and the certificates (PEM) to {@code certificate}. */
    public static void writePem(PrivateKey privateKey, Path key, List<X509Certificate> certificates, Path certificate) throws IOException {
        Files.writeString(key, Pem.block("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(certificate, Pem.certificates(certificates), StandardCharsets.US_ASCII);
    }
}
