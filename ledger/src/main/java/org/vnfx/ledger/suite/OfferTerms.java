package org.vnfx.ledger.suite;

import java.math.BigInteger;

/**
 * What a provider advertises for one VNF package.
 *
 * @param packageDigest      SHA-256 of the VNF package (the CSAR), 32 bytes: the offer's identity
 * @param cidCodec           multicodec of the ciphertext's CIDv1: 0x55 raw, 0x70 dag-pb
 * @param contentDigest      the sha2-256 digest inside that CID, 32 bytes
 * @param functionType       e.g. "ids"
 * @param basePricePerSecond B_v in wei per second
 * @param operatorKeyEnvelope the package's content key sealed for the operator (ECIES), published in the advertisement
 */
public record OfferTerms(
        byte[] packageDigest, int cidCodec, byte[] contentDigest, String functionType, Requirements requirements, BigInteger basePricePerSecond,
        byte[] operatorKeyEnvelope) {
    public static final int CODEC_RAW = 0x55;
    public static final int CODEC_DAG_PB = 0x70;
    /** The contracts' bound on a key envelope (an ECIES envelope of a 32-byte key is 94 bytes). */
    public static final int MAX_ENVELOPE_BYTES = 512;

    public OfferTerms {
        if (packageDigest.length != 32) throw new IllegalArgumentException("packageDigest must be 32 bytes, got " + packageDigest.length);
        if (contentDigest.length != 32) throw new IllegalArgumentException("contentDigest must be 32 bytes, got " + contentDigest.length);
        if (cidCodec != CODEC_RAW && cidCodec != CODEC_DAG_PB) throw new IllegalArgumentException("cidCodec must be 0x55 (raw) or 0x70 (dag-pb), got " + cidCodec);
        if (basePricePerSecond.signum() < 0 || basePricePerSecond.bitLength() > 128) throw new IllegalArgumentException("basePricePerSecond out of uint128 range");
        if (operatorKeyEnvelope.length == 0 || operatorKeyEnvelope.length > MAX_ENVELOPE_BYTES) {
            throw new IllegalArgumentException("operatorKeyEnvelope must be 1.." + MAX_ENVELOPE_BYTES + " bytes, got " + operatorKeyEnvelope.length);
        }
        FunctionType.toBytes32(functionType);
        operatorKeyEnvelope = operatorKeyEnvelope.clone();
        packageDigest = packageDigest.clone();
        contentDigest = contentDigest.clone();
    }
}
