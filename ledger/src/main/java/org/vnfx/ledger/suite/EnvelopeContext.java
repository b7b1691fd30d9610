package org.vnfx.ledger.suite;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.web3j.utils.Numeric;

/**
 * What a key envelope is bound to (the ECIES {@code context}): an envelope opens only in the context it
 * was sealed for, so one copied from another offer, another deployment or another MEC node is useless.
 */
public final class EnvelopeContext {
    private static final byte[] OFFER = "vnfx/offer-key/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GRANT = "vnfx/grant-key/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ATTESTATION = "vnfx/attestation-key/v1".getBytes(StandardCharsets.US_ASCII);

    private EnvelopeContext() {}

    /** The content key sealed by the provider for the operator, published with the offer. */
    public static byte[] offer(byte[] packageDigest) {
        return ByteBuffer.allocate(OFFER.length + 32).put(OFFER).put(digest(packageDigest)).array();
    }

    /** The content key re-sealed by the operator for one MEC node and one deployment. */
    public static byte[] grant(byte[] packageDigest, BigInteger deploymentId, String mecAddress) {
        return ByteBuffer.allocate(GRANT.length + 32 + 32 + 20)
                .put(GRANT)
                .put(digest(packageDigest))
                .put(Numeric.toBytesPadded(deploymentId, 32))
                .put(Numeric.hexStringToByteArray(mecAddress.toLowerCase()))
                .array();
    }

    /** The content key re-sealed by the operator for one validator to inspect one package (Attestations.shareKey). */
    public static byte[] attestation(byte[] packageDigest, String validatorAddress) {
        return ByteBuffer.allocate(ATTESTATION.length + 32 + 20)
                .put(ATTESTATION)
                .put(digest(packageDigest))
                .put(Numeric.hexStringToByteArray(validatorAddress.toLowerCase()))
                .array();
    }

    private static byte[] digest(byte[] d) {
        if (d.length != 32) throw new IllegalArgumentException("package digest must be 32 bytes, got " + d.length);
        return d;
    }
}
