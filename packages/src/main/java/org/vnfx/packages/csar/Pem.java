package org.vnfx.packages.csar;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.vnfx.packages.PackageException;

/** PEM as packages and their signers use it: certificates, private keys, CMS signatures. */
public final class Pem {
    private static final int MAX_BYTES = 1 << 20;

    private Pem() {}

    /** Every certificate of a PEM (or DER) file, in file order; at least one. */
    public static List<X509Certificate> certificates(Path file) throws IOException, PackageException {
        if (Files.size(file) > MAX_BYTES) throw new PackageException(file.toString(), "larger than " + MAX_BYTES + " bytes; not a certificate file");
        return certificates(Files.readAllBytes(file), file.toString());
    }

    /** @param name how messages name the source */
    public static List<X509Certificate> certificates(byte[] data, String name) throws PackageException {
        boolean der = data.length > 0 && data[0] == 0x30;
        if (!der && !new String(data, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new PackageException(name, "no certificate; expected X.509 certificates in PEM (-----BEGIN CERTIFICATE-----)");
        }
        List<X509Certificate> certs = new ArrayList<>();
        try {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(data))) certs.add((X509Certificate) c);
        } catch (CertificateException e) {
            throw new PackageException(name, "not readable X.509 certificates (" + e.getMessage() + ")");
        }
        if (certs.isEmpty()) throw new PackageException(name, "no certificate; expected X.509 certificates in PEM (-----BEGIN CERTIFICATE-----)");
        return List.copyOf(certs);
    }

    /** An unencrypted private key: PKCS#8 ({@code PRIVATE KEY}) or the traditional RSA / EC forms. */
    public static PrivateKey privateKey(Path file) throws IOException, PackageException {
        String name = file.toString();
        if (Files.size(file) > MAX_BYTES) throw new PackageException(name, "larger than " + MAX_BYTES + " bytes; not a key file");
        Object o;
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            o = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new PackageException(name, "not a PEM private key (" + e.getMessage() + ")");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(CmsSignatures.PROVIDER);
        if (o instanceof PEMKeyPair pair) return converter.getKeyPair(pair).getPrivate();
        if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
        if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
            throw new PackageException(name, "an encrypted private key; vnfx reads unencrypted PEM keys (e.g. `openssl pkey -in KEY -out PLAIN.pem`)");
        }
        throw new PackageException(name, o == null ? "no PEM object; expected -----BEGIN PRIVATE KEY-----"
                : "holds a " + o.getClass().getSimpleName() + ", not a private key; expected -----BEGIN PRIVATE KEY-----");
    }

    /** Certificates as PEM text, one block each. */
    public static String certificates(List<X509Certificate> certs) {
        StringBuilder s = new StringBuilder();
        for (X509Certificate c : certs) {
            try {
                s.append(block("CERTIFICATE", c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate " + c.getSubjectX500Principal() + " cannot be encoded", e);
            }
        }
        return s.toString();
    }

    /** {@code -----BEGIN TYPE-----}, base64 in 64-character lines, {@code -----END TYPE-----}, LF line ends. */
    public static String block(String type, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder s = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
        for (int i = 0; i < b64.length(); i += 64) s.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        return s.append("-----END ").append(type).append("-----\n").toString();
    }
}
