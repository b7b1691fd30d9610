package org.vnfx.packages;

import java.time.Instant;
import org.vnfx.packages.csar.SigningKey;

/**
 * How {@link CsarBuilder} signs a package (ETSI GS NFV-SOL 004 clause 5).
 *
 * @param key the signer's key and certificate chain
 * @param option {@link Option#MANIFEST} (security option 1) or {@link Option#ENVELOPE} (option 2)
 * @param signingTime the CMS signing-time attribute, or null to leave it out: then the same sources and key give
 *                    the same bytes (RSA PKCS#1 v1.5, deterministic ECDSA and Ed25519 signatures are deterministic),
 *                    and verifiers check the certificates at the time they verify instead of the signing time
 */
public record CsarSigning(SigningKey key, Option option, Instant signingTime) {

    public enum Option {
        /** Option 1: a CMS signature of the manifest ends the manifest; the certificates go into the CMS and {@value CsarBuilder#CERTIFICATE}. */
        MANIFEST,
        /** Option 2: the CSAR goes into a zip beside a detached CMS signature of it ({@code NAME.cms}) and the certificates ({@code NAME.cert}). */
        ENVELOPE
    }

    public CsarSigning {
        if (key == null || option == null) throw new IllegalArgumentException("signing needs a key and an option");
    }

    public static CsarSigning option1(SigningKey key) {
        return new CsarSigning(key, Option.MANIFEST, null);
    }

    public static CsarSigning option2(SigningKey key) {
        return new CsarSigning(key, Option.ENVELOPE, null);
    }
}
