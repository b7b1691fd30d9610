package org.vnfx.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.web3j.crypto.ECKeyPair;

/** secp256k1 public keys in the compressed SEC1 form that vnfx stores on chain (prefix + x). */
public final class PublicKeys {
    public static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");

    private PublicKeys() {}

    /** The 33-byte compressed encoding of a key pair's public key. */
    public static CompressedKey compressed(ECKeyPair pair) {
        return compressed(pair.getPublicKey());
    }

    /** web3j keeps public keys as the 64-byte x||y integer; compress it and check it is on the curve. */
    public static CompressedKey compressed(BigInteger uncompressed) {
        byte[] raw = new byte[65];
        raw[0] = 0x04;
        byte[] xy = uncompressed.toByteArray();
        int len = Math.min(xy.length, 64);
        System.arraycopy(xy, xy.length - len, raw, 65 - len, len);
        ECPoint point = SECP256K1.getCurve().decodePoint(raw);
        return CompressedKey.of(point.getEncoded(true));
    }

    /** Decode a compressed key to a curve point, failing clearly if it is not a point of secp256k1. */
    public static ECPoint point(CompressedKey key) {
        try {
            return SECP256K1.getCurve().decodePoint(key.bytes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a secp256k1 public key: " + key.hex(), e);
        }
    }
}
