package org.vnfx.packages.csar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.packages.PackageException;

/**
 * A package signer: the private key and its certificate chain, the signer's certificate first, then the
 * intermediates towards (not necessarily including) the root the verifier trusts.
 */
public record SigningKey(PrivateKey key, List<X509Certificate> chain) {
    /** BouncyCastle's name for RFC 6979 deterministic ECDSA with SHA-256. */
    public static final String DETERMINISTIC_ECDSA = "SHA256withECDDSA";

    public SigningKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) throw new IllegalArgumentException("a signing key needs its certificate");
        if (!matches(key, chain.get(0))) {
            throw new IllegalArgumentException("the private key does not belong to the certificate " + Names.of(chain.get(0)));
        }
    }

    /** Reads the key and certificates from PEM files; {@code chain} files add intermediates after the certificate file's own. */
    public static SigningKey fromPem(Path keyFile, Path certificateFile, List<Path> chainFiles) throws IOException, PackageException {
        PrivateKey key = Pem.privateKey(keyFile);
        List<X509Certificate> certs = new ArrayList<>(Pem.certificates(certificateFile));
        for (Path f : chainFiles) certs.addAll(Pem.certificates(f));
        if (!matches(key, certs.get(0))) {
            throw new PackageException(certificateFile.toString(), "its first certificate (" + Names.of(certs.get(0)) + ") is not the one of the key in " + keyFile);
        }
        return new SigningKey(key, certs);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The JCA / BouncyCastle signature algorithm for the key: deterministic for every supported type, so builds stay reproducible. */
    public String signatureAlgorithm() {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";             // PKCS#1 v1.5: deterministic
            case "EC", "ECDSA" -> DETERMINISTIC_ECDSA;   // RFC 6979: an ordinary ECDSA signature to verifiers
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("a " + key.getAlgorithm() + " key; vnfx signs with RSA, EC or Ed25519 keys");
        };
    }

    private static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("a " + key.getAlgorithm() + " key; vnfx signs with RSA, EC or Ed25519 keys");
        };
        try {
            byte[] probe = "vnfx key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg, CmsSignatures.PROVIDER);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg, CmsSignatures.PROVIDER);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
