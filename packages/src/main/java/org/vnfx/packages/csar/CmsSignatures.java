package org.vnfx.packages.csar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Detached CMS SignedData (RFC 5652) as SOL004 uses it: the manifest's signature (security option 1) and the
 * whole CSAR's signature (option 2). Signing and verifying, with BouncyCastle.
 *
 * <p>Verification checks, in order: the structure (SignedData, detached, one signer, a SHA-2 digest), the
 * signature over the content, the signer certificate (found in the CMS or given by the caller; its key usage
 * allows signing), its validity and that of its chain at the signing time (the CMS signing-time attribute, else
 * the time of verification), and a PKIX path to one of the trusted certificates. Revocation is not checked: no
 * CRL or OCSP is consulted. A signing-time attribute is the signer's own claim, not a timestamp from a third party.
 */
public final class CmsSignatures {
    /** A private BouncyCastle instance: vnfx never installs it as a JVM-wide provider. */
    public static final Provider PROVIDER = new BouncyCastleProvider();
    static final Map<ASN1ObjectIdentifier, String> DIGESTS = Map.of(
            NISTObjectIdentifiers.id_sha256, "SHA-256",
            NISTObjectIdentifiers.id_sha384, "SHA-384",
            NISTObjectIdentifiers.id_sha512, "SHA-512");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int MAX_CHAIN = 8;

    /** Why a signature was refused; the message says what was found and what was expected. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private CmsSignatures() {}

    /**
     * Signs {@code content} (detached) and returns the DER ContentInfo. The signer's chain goes into the CMS.
     *
     * @param signingTime the signing-time attribute, or null for none: the signature then depends only on the key
     *                    and the content, and a rebuilt package has the same bytes
     */
    public static byte[] sign(CMSTypedData content, SigningKey key, Instant signingTime) {
        try {
            ContentSigner signer = key.signatureAlgorithm().equals(SigningKey.DETERMINISTIC_ECDSA) ? deterministicEcdsa(key)
                    : new JcaContentSignerBuilder(key.signatureAlgorithm()).setProvider(PROVIDER).build(key.key());
            var digests = new JcaDigestCalculatorProviderBuilder().setProvider(PROVIDER).build();
            Hashtable<ASN1ObjectIdentifier, Attribute> preset = new Hashtable<>();
            if (signingTime != null) {
                preset.put(CMSAttributes.signingTime, new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
            }
            DefaultSignedAttributeTableGenerator defaults = new DefaultSignedAttributeTableGenerator(new AttributeTable(preset));
            // The default generator adds the current time when none is preset; leave it out unless asked for.
            CMSAttributeTableGenerator attributes = params -> {
                AttributeTable t = defaults.getAttributes(params);
                return signingTime == null ? t.remove(CMSAttributes.signingTime) : t;
            };
            var info = new JcaSignerInfoGeneratorBuilder(digests).setSignedAttributeGenerator(attributes).build(signer, key.certificate());
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(info);
            generator.addCertificates(new JcaCertStore(key.chain()));
            return generator.generate(content, false).toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("cannot sign with " + key.signatureAlgorithm() + ": " + e.getMessage(), e);
        }
    }

    /**
     * RFC 6979 ECDSA: BouncyCastle's JCA signature computes it, but its CMS operator builder does not know the name,
     * so this signer pairs the two; the result is an ordinary ecdsa-with-SHA256 signature to any verifier.
     */
    private static ContentSigner deterministicEcdsa(SigningKey key) throws OperatorCreationException {
        try {
            Signature signature = Signature.getInstance(SigningKey.DETERMINISTIC_ECDSA, PROVIDER);
            signature.initSign(key.key());
            AlgorithmIdentifier id = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            return new ContentSigner() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return id;
                }

                @Override
                public OutputStream getOutputStream() {
                    return data;
                }

                @Override
                public byte[] getSignature() {
                    try {
                        signature.update(data.toByteArray());
                        return signature.sign();
                    } catch (SignatureException e) {
                        throw new IllegalStateException("deterministic ECDSA failed", e);
                    }
                }
            };
        } catch (GeneralSecurityException e) {
            throw new OperatorCreationException("deterministic ECDSA is not available: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies a detached signature over {@code content}.
     *
     * @param der the CMS ContentInfo
     * @param moreCertificates certificates from outside the CMS (the package's certificate file): the signer's, or intermediates
     * @param trusted the trust anchors; empty to check the signature without authenticating the signer
     * @param now the time of verification
     */
    public static SignatureInfo verify(int option, String file, byte[] der, CMSTypedData content, List<X509Certificate> moreCertificates,
                                       List<X509Certificate> trusted, Instant now) throws Failure {
        ContentInfo ci;
        try {
            ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new Failure("the signature is not a CMS structure (" + e.getMessage() + ")");
        }
        if (!CMSObjectIdentifiers.signedData.equals(ci.getContentType())) {
            throw new Failure("the CMS structure is " + ci.getContentType() + ", not SignedData (1.2.840.113549.1.7.2)");
        }
        Collection<SignerInformation> signers;
        Collection<X509CertificateHolder> holders;
        try {
            if (SignedData.getInstance(ci.getContent()).getEncapContentInfo().getContent() != null) {
                throw new Failure("the CMS SignedData carries its own content; expected a detached signature over the package's bytes");
            }
            CMSSignedData signed = new CMSSignedData(content, ci);
            // BouncyCastle reads the parts of a SignedData when first asked for them: ask now, so that a malformed part
            // is this refusal (ManifestFuzzTest found a certificate that is not one throwing IllegalArgumentException)
            signers = signed.getSignerInfos().getSigners();
            holders = signed.getCertificates().getMatches(null);
        } catch (CMSException | RuntimeException e) {
            throw new Failure("the CMS SignedData cannot be read (" + e.getMessage() + ")");
        }
        if (signers.size() != 1) throw new Failure("the CMS SignedData has " + signers.size() + " signers; expected exactly one");
        SignerInformation si = signers.iterator().next();
        String digest = DIGESTS.get(si.getDigestAlgorithmID().getAlgorithm());
        if (digest == null) {
            throw new Failure("the signature uses the digest " + si.getDigestAlgOID() + "; expected SHA-256, SHA-384 or SHA-512");
        }

        List<X509Certificate> pool = new ArrayList<>();
        try {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (X509CertificateHolder h : holders) pool.add(converter.getCertificate(h));
        } catch (CertificateException e) {
            throw new Failure("a certificate in the CMS cannot be read (" + e.getMessage() + ")");
        }
        pool.addAll(moreCertificates);
        X509Certificate signer = null;
        for (X509Certificate c : pool) {
            try {
                if (si.getSID().match(new JcaX509CertificateHolder(c))) {
                    signer = c;
                    break;
                }
            } catch (CertificateEncodingException e) {
                // not the signer's
            }
        }
        if (signer == null) {
            String issuer;
            try {
                issuer = new X500Principal(si.getSID().getIssuer().getEncoded()).getName(X500Principal.RFC2253);
            } catch (IOException | RuntimeException e) {
                issuer = String.valueOf(si.getSID().getIssuer());
            }
            throw new Failure("no certificate of the signer (issuer " + issuer + ", serial "
                    + (si.getSID().getSerialNumber() == null ? "?" : si.getSID().getSerialNumber().toString(16))
                    + ") in the CMS or the package's certificate file");
        }

        Instant signingTime = signingTime(si);
        try {
            if (!si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(PROVIDER).build(signer.getPublicKey()))) {
                throw new Failure("the signature does not verify with the public key of " + Names.of(signer) + ": the signed content was changed or another key signed it");
            }
        } catch (CMSSignerDigestMismatchException e) {
            throw new Failure("the " + digest + " digest of the signed content does not match the one signed by " + Names.of(signer)
                    + ": the content was changed after signing");
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            // BouncyCastle throws unchecked exceptions at hostile values here: an ECDSA signature value that is not DER
            // (RuntimeOperatorException), a signer's public key off its curve (IllegalArgumentException); ManifestFuzzTest
            throw new Failure("the signature cannot be verified (" + e.getMessage() + ")");
        }
        if (signingTime != null && signingTime.isAfter(now.plus(CLOCK_SKEW))) {
            throw new Failure("the signing time " + signingTime + " is in the future (now " + now + ")");
        }
        boolean[] usage = signer.getKeyUsage();
        if (usage != null && !usage[0] && !usage[1]) {
            throw new Failure("the key usage of signer certificate " + Names.of(signer) + " allows neither digitalSignature nor nonRepudiation");
        }

        Instant at = signingTime != null ? signingTime : now;
        String when = signingTime != null ? "the signing time in the CMS" : "the time of verification: the CMS has no signing time";
        List<X509Certificate> path = new ArrayList<>(List.of(signer));
        X509Certificate anchor = trusted.isEmpty() ? null : chain(path, pool, trusted);
        for (X509Certificate c : path) requireValid(c, c == signer ? "signer certificate " : "certificate ", at, when);
        if (!trusted.isEmpty()) {
            if (anchor == null) {
                throw new Failure("signer " + Names.of(signer) + " is not trusted: no chain from it to a trusted certificate (trusted: "
                        + String.join(", ", trusted.stream().limit(3).map(Names::of).toList()) + (trusted.size() > 3 ? ", ..." : "") + ")");
            }
            pkix(path, anchor, at);
        }
        List<String> chain = path.stream().map(c -> c.getSubjectX500Principal().getName(X500Principal.RFC2253)).toList();
        return new SignatureInfo(option, file, chain.get(0), signer.getIssuerX500Principal().getName(X500Principal.RFC2253),
                signer.getSerialNumber().toString(16), signer.getNotBefore().toInstant(), signer.getNotAfter().toInstant(), signingTime, at,
                digest, chain, anchor == null ? null : anchor.getSubjectX500Principal().getName(X500Principal.RFC2253));
    }

    private static Instant signingTime(SignerInformation si) throws Failure {
        AttributeTable attributes = si.getSignedAttributes();
        Attribute a = attributes == null ? null : attributes.get(CMSAttributes.signingTime);
        if (a == null) return null;
        try {
            return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
        } catch (RuntimeException e) {
            throw new Failure("the signing-time attribute cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Extends {@code path} (the signer) with issuers from {@code pool} until a trusted certificate issued the last
     * one (or is it); returns that anchor, or null when there is no such chain.
     */
    private static X509Certificate chain(List<X509Certificate> path, List<X509Certificate> pool, List<X509Certificate> trusted) {
        if (trusted.contains(path.get(0))) return path.get(0);
        Set<X509Certificate> candidates = new LinkedHashSet<>(pool);
        for (int depth = 0; depth < MAX_CHAIN; depth++) {
            X509Certificate last = path.get(path.size() - 1);
            for (X509Certificate t : trusted) if (issued(t, last)) return t;
            X509Certificate next = null;
            for (X509Certificate c : candidates) {
                if (!path.contains(c) && issued(c, last)) {
                    next = c;
                    break;
                }
            }
            if (next == null) return null;
            path.add(next);
        }
        return null;
    }

    private static boolean issued(X509Certificate issuer, X509Certificate subject) {
        if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) return false;
        try {
            subject.verify(issuer.getPublicKey(), PROVIDER);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void requireValid(X509Certificate c, String what, Instant at, String when) throws Failure {
        try {
            c.checkValidity(Date.from(at));
        } catch (CertificateExpiredException e) {
            throw new Failure(what + Names.of(c) + " expired at " + c.getNotAfter().toInstant() + "; checked at " + at + " (" + when + ")");
        } catch (CertificateNotYetValidException e) {
            throw new Failure(what + Names.of(c) + " is valid only from " + c.getNotBefore().toInstant() + "; checked at " + at + " (" + when + ")");
        }
    }

    /** The JDK's PKIX validation of the chain (basic constraints, CA key usage, path length), revocation off. */
    private static void pkix(List<X509Certificate> path, X509Certificate anchor, Instant at) throws Failure {
        List<X509Certificate> below = path.get(0).equals(anchor) ? List.of() : path;
        if (below.isEmpty()) return;
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(below), params);
        } catch (CertPathValidatorException e) {
            int i = e.getIndex();
            String which = i >= 0 && i < below.size() ? " at " + Names.of(below.get(i)) : "";
            throw new Failure("the chain to " + Names.of(anchor) + " is not valid" + which + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new Failure("the chain cannot be validated (" + e.getMessage() + ")");
        }
    }
}
