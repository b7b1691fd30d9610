package org.vnfx.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.web3j.crypto.ECKeyPair;

/**
 * ECIES key envelopes: a small secret (a package's 32-byte content key) wrapped for one recipient's
 * secp256k1 encryption key, the compressed key it registered on chain.
 *
 * <h2>Construction ({@code vnfx-ecies-v1})</h2>
 * All integers big-endian, {@code ||} is concatenation, public keys are 33-byte compressed SEC1 points.
 * <ol>
 *   <li>The sender draws an ephemeral scalar {@code e} uniformly in [1, n−1] (n the secp256k1 group
 *       order) and computes {@code E = e·G}.
 *   <li>Shared secret {@code Z} = the 32-byte x-coordinate of {@code e·R} (= {@code r·E} for the
 *       recipient), R the recipient's public key, r its private key. This is plain ECDH
 *       (SEC1 §3.3.1, no cofactor: secp256k1 has cofactor 1).
 *   <li>{@code K} = HKDF-SHA256 (RFC 5869) with IKM = {@code Z}, salt = {@code E(33) || R(33)},
 *       info = ASCII {@code "vnfx-ecies-v1"} (13 bytes, no terminator) {@code || context}, length 32.
 *       Both keys in the salt bind the key to this exact pair (no key-substitution games); the
 *       context binds it to its purpose.
 *   <li>A random 12-byte nonce {@code N}; header {@code H = 0x01 || E || N} (46 bytes).
 *   <li>AES-256-GCM with key {@code K}, nonce {@code N}, 128-bit tag, additional data {@code H},
 *       over the secret.
 * </ol>
 * Envelope = {@code H || ciphertext || tag}: 46 + len(secret) + 16 bytes, 94 for a 32-byte key.
 * A fresh ephemeral key per envelope makes {@code K} unique, so the random nonce is a second line of
 * defence, not the only one.
 *
 * <p>{@code context} is any byte string both sides agree on (vnfx passes package digest || deployment
 * id || recipient address). An envelope opens only with the same context, so an envelope copied from
 * one grant into another fails instead of handing over a key meant for something else.
 *
 * <p>Open fails with a {@link CryptoException} saying what failed: a malformed envelope (length,
 * version, ephemeral key not on the curve) or "does not open with this key or context". The last
 * message is the same for a wrong key, a wrong context and any modified byte, on purpose.
 */
public final class Ecies {
    public static final byte VERSION = 0x01;
    /** Version byte, ephemeral key, nonce. */
    public static final int HEADER_BYTES = 1 + CompressedKey.LENGTH_BYTES + 12;
    public static final int TAG_BYTES = 16;
    /** What an envelope adds to the secret: 62 bytes. */
    public static final int OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;

    static final byte[] INFO_PREFIX = "vnfx-ecies-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final BigInteger N = PublicKeys.SECP256K1.getN();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ecies() {}

    /** The length of an envelope for a secret of {@code secretLength} bytes. */
    public static int envelopeLength(int secretLength) {
        return OVERHEAD_BYTES + secretLength;
    }

    /** Wrap {@code secret} so that only the holder of {@code recipient}'s private key can open it, in {@code context}. */
    public static byte[] seal(CompressedKey recipient, byte[] secret, byte[] context) {
        return seal(recipient, secret, context, RANDOM);
    }

    /**
     * Tests pass a fixed random source: the ephemeral scalar is drawn first (32 bytes, drawn again while
     * it is 0 or not below n), then the 12-byte nonce.
     */
    static byte[] seal(CompressedKey recipient, byte[] secret, byte[] context, SecureRandom random) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(context, "context");
        ECPoint r = recipientPoint(recipient);

        BigInteger e = scalar(random);
        byte[] ephemeral = PublicKeys.SECP256K1.getG().multiply(e).normalize().getEncoded(true);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);

        byte[] envelope = new byte[envelopeLength(secret.length)];
        envelope[0] = VERSION;
        System.arraycopy(ephemeral, 0, envelope, 1, CompressedKey.LENGTH_BYTES);
        System.arraycopy(nonce, 0, envelope, 1 + CompressedKey.LENGTH_BYTES, NONCE_BYTES);

        byte[] key = key(sharedX(r, e), ephemeral, recipient.bytes(), context);
        try {
            Cipher gcm = gcm(Cipher.ENCRYPT_MODE, key, nonce);
            gcm.updateAAD(envelope, 0, HEADER_BYTES);
            gcm.doFinal(secret, 0, secret.length, envelope, HEADER_BYTES);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + ex.getMessage(), ex);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return envelope;
    }

    /** Open an envelope sealed for {@code recipient}'s public key in {@code context}; returns the secret. */
    public static byte[] open(ECKeyPair recipient, byte[] envelope, byte[] context) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(context, "context");
        if (envelope.length < OVERHEAD_BYTES) {
            throw new CryptoException("envelope is " + envelope.length + " bytes, at least " + OVERHEAD_BYTES + " expected");
        }
        if (envelope[0] != VERSION) {
            throw new CryptoException("unsupported envelope version 0x" + HexFormat.of().toHexDigits(envelope[0])
                    + " (this version of vnfx reads 0x" + HexFormat.of().toHexDigits(VERSION) + ")");
        }
        BigInteger d = recipient.getPrivateKey();
        if (d.signum() <= 0 || d.compareTo(N) >= 0) {
            throw new IllegalArgumentException("recipient private key is not in [1, n-1] for secp256k1");
        }
        byte[] ephemeral = Arrays.copyOfRange(envelope, 1, 1 + CompressedKey.LENGTH_BYTES);
        ECPoint eph;
        try {
            eph = PublicKeys.SECP256K1.getCurve().decodePoint(ephemeral);
        } catch (IllegalArgumentException ex) {
            throw new CryptoException("envelope's ephemeral key is not a point of secp256k1");
        }
        if (eph.isInfinity() || !eph.isValid()) {
            throw new CryptoException("envelope's ephemeral key is not a point of secp256k1");
        }
        // The recipient's public key is derived from its private key rather than trusted from the pair.
        byte[] self = PublicKeys.SECP256K1.getG().multiply(d).normalize().getEncoded(true);
        byte[] nonce = Arrays.copyOfRange(envelope, 1 + CompressedKey.LENGTH_BYTES, HEADER_BYTES);

        byte[] key = key(sharedX(eph, d), ephemeral, self, context);
        try {
            Cipher gcm = gcm(Cipher.DECRYPT_MODE, key, nonce);
            gcm.updateAAD(envelope, 0, HEADER_BYTES);
            return gcm.doFinal(envelope, HEADER_BYTES, envelope.length - HEADER_BYTES);
        } catch (AEADBadTagException ex) {
            throw new CryptoException("envelope does not open with this key or context (authentication failed)");
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + ex.getMessage(), ex);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static ECPoint recipientPoint(CompressedKey recipient) {
        ECPoint r;
        try {
            r = PublicKeys.point(recipient);
        } catch (IllegalArgumentException ex) {
            throw new CryptoException("recipient key " + recipient.hex() + " is not a point of secp256k1");
        }
        if (r.isInfinity() || !r.isValid()) {
            throw new CryptoException("recipient key " + recipient.hex() + " is not a valid secp256k1 public key");
        }
        return r;
    }

    private static BigInteger scalar(SecureRandom random) {
        byte[] raw = new byte[32];
        while (true) {
            random.nextBytes(raw);
            BigInteger k = new BigInteger(1, raw);
            if (k.signum() > 0 && k.compareTo(N) < 0) return k;
        }
    }

    /** x-coordinate of k·P, 32 bytes with leading zeros kept. */
    private static byte[] sharedX(ECPoint p, BigInteger k) {
        ECPoint s = p.multiply(k).normalize();
        if (s.isInfinity()) {
            // impossible for a valid point of a prime-order group and k in [1, n-1]; checked all the same
            throw new CryptoException("ECDH gave the point at infinity");
        }
        return s.getAffineXCoord().getEncoded();
    }

    private static byte[] key(byte[] sharedX, byte[] ephemeral, byte[] recipient, byte[] context) {
        byte[] salt = new byte[2 * CompressedKey.LENGTH_BYTES];
        System.arraycopy(ephemeral, 0, salt, 0, CompressedKey.LENGTH_BYTES);
        System.arraycopy(recipient, 0, salt, CompressedKey.LENGTH_BYTES, CompressedKey.LENGTH_BYTES);
        byte[] info = new byte[INFO_PREFIX.length + context.length];
        System.arraycopy(INFO_PREFIX, 0, info, 0, INFO_PREFIX.length);
        System.arraycopy(context, 0, info, INFO_PREFIX.length, context.length);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(sharedX, salt, info));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        Arrays.fill(sharedX, (byte) 0);
        return key;
    }

    private static Cipher gcm(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return gcm;
    }
}
