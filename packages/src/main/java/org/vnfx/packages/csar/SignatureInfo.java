package org.vnfx.packages.csar;

import java.time.Instant;
import java.util.List;

/**
 * A CMS signature that verified.
 *
 * @param option 1 (the manifest's CMS block) or 2 (the outer zip's {@code .cms} over the whole CSAR)
 * @param file where the signature is: the manifest, or the {@code .cms} entry
 * @param signer the signer certificate's subject (RFC 2253)
 * @param issuer its issuer
 * @param serial its serial number, hexadecimal
 * @param notBefore start of its validity
 * @param notAfter end of its validity
 * @param signingTime the CMS signing-time attribute, or null when the signature has none (vnfx's own signatures
 *                    omit it so that builds are reproducible)
 * @param checkedAt the time the certificates were checked at: the signing time, else the time of verification
 * @param digestAlgorithm the digest the signature covers, e.g. SHA-256
 * @param chain the subjects from the signer up to (not including) the trust anchor
 * @param trustAnchor the trusted certificate's subject the chain ends at, or null when no trusted certificates
 *                    were given: the signature is intact but its signer is not authenticated
 */
public record SignatureInfo(int option, String file, String signer, String issuer, String serial, Instant notBefore, Instant notAfter,
                            Instant signingTime, Instant checkedAt, String digestAlgorithm, List<String> chain, String trustAnchor) {

    public SignatureInfo {
        chain = List.copyOf(chain);
    }

    public boolean trusted() {
        return trustAnchor != null;
    }
}
