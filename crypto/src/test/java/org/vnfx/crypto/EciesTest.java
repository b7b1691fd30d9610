package org.vnfx.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

class EciesTest {
    static final HexFormat HEX = HexFormat.of();

    // Test vector inputs: each a SHA-256 of a label, so anyone can regenerate them.
    /** sha256("vnfx test recipient") */
    static final String RECIPIENT_PRIVATE = "e890b5b7f4fd04ae4ef8658f8810ebb7db087697d0aa6301d8e1c2a329bf0d6e";
    static final String RECIPIENT_PUBLIC = "0x0299bd63338f6020a7b0cb31a76bed0e5bf3c25d1a24102a70489678b6c048fb4b";
    /** sha256("vnfx test ephemeral"), the ephemeral scalar */
    static final String EPHEMERAL_PRIVATE = "dd8e5de7cebb47fb0768f819e7ee0b4eed0636c963cff4e90ab69887d6e712b7";
    static final String NONCE = "a0a1a2a3a4a5a6a7a8a9aaab";
    static final String SECRET = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final byte[] CONTEXT = "vnfx test context".getBytes(StandardCharsets.US_ASCII);
    /**
     * The envelope. Reproduced independently with Python's cryptography 48 (OpenSSL: ECDH, HKDF,
     * AESGCM), src/test/resources/interop/vectors.py, and below with BouncyCastle's ECDH agreement,
     * HKDF written out with HmacSHA256 and the JDK's AES-GCM.
     */
    static final String ENVELOPE = "01"
            + "02fc801835a89352e7bd27af7c64085e1a52a8ab49cf61df5b796b9a8d75607b36" // ephemeral key
            + "a0a1a2a3a4a5a6a7a8a9aaab" // nonce
            + "830692c82261273447ef0e088c120a106aa096855ebe356982c3c3ad54f81eb0" // ciphertext
            + "404f7192d79ad92754da2be968e2a6a7"; // tag

    static final ECKeyPair RECIPIENT = ECKeyPair.create(new BigInteger(RECIPIENT_PRIVATE, 16));
    static final String AUTH_FAILED = "envelope does not open with this key or context (authentication failed)";

    static byte[] seal(byte[] secret, byte[] context) {
        return Ecies.seal(PublicKeys.compressed(RECIPIENT), secret, context);
    }

    @Test
    void theTestVectorIsReproducedFromFixedRandomnessAndOpens() {
        assertEquals(RECIPIENT_PUBLIC, PublicKeys.compressed(RECIPIENT).hex());
        FixedRandom random = new FixedRandom(EPHEMERAL_PRIVATE + NONCE);

        byte[] envelope = Ecies.seal(CompressedKey.ofHex(RECIPIENT_PUBLIC), HEX.parseHex(SECRET), CONTEXT, random);

        assertEquals(ENVELOPE, HEX.formatHex(envelope));
        assertEquals(44, random.used(), "32 bytes of scalar, 12 of nonce");
        assertEquals(94, envelope.length);
        assertArrayEquals(HEX.parseHex(SECRET), Ecies.open(RECIPIENT, envelope, CONTEXT));
    }

    /** The same envelope computed step by step with other code: the vector is not the implementation checking itself. */
    @Test
    void theTestVectorMatchesAnIndependentComputationOfEachStep() throws Exception {
        BigInteger e = new BigInteger(EPHEMERAL_PRIVATE, 16);
        // ephemeral public key: web3j's point multiplication, compressed by hand (prefix from the parity of y)
        BigInteger xy = Sign.publicKeyFromPrivate(e);
        BigInteger x = xy.shiftRight(256), y = xy.subtract(x.shiftLeft(256));
        byte[] ephemeral = concat(new byte[] {(byte) (y.testBit(0) ? 3 : 2)}, to32(x));
        // ECDH from the recipient's side (r·E), with BouncyCastle's agreement class
        ECDomainParameters domain = new ECDomainParameters(PublicKeys.SECP256K1);
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(new ECPrivateKeyParameters(new BigInteger(RECIPIENT_PRIVATE, 16), domain));
        byte[] shared = to32(agreement.calculateAgreement(new ECPublicKeyParameters(domain.getCurve().decodePoint(ephemeral), domain)));
        // HKDF-SHA256 (RFC 5869) written out: one 32-byte block of expand
        byte[] recipient = HEX.parseHex(RECIPIENT_PUBLIC.substring(2));
        byte[] prk = hmac(concat(ephemeral, recipient), shared);
        byte[] key = hmac(prk, concat("vnfx-ecies-v1".getBytes(StandardCharsets.US_ASCII), CONTEXT, new byte[] {1}));
        // AES-256-GCM, AAD = version || ephemeral || nonce
        byte[] header = concat(new byte[] {1}, ephemeral, HEX.parseHex(NONCE));
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, HEX.parseHex(NONCE)));
        gcm.updateAAD(header);
        byte[] envelope = concat(header, gcm.doFinal(HEX.parseHex(SECRET)));

        assertEquals(ENVELOPE, HEX.formatHex(envelope));
    }

    @Test
    void anEphemeralScalarOutsideOneToNMinusOneIsDrawnAgain() {
        String n = PublicKeys.SECP256K1.getN().toString(16);
        String zero = "00".repeat(32);
        FixedRandom random = new FixedRandom(n + zero + "ff".repeat(32) + EPHEMERAL_PRIVATE + NONCE);

        byte[] envelope = Ecies.seal(CompressedKey.ofHex(RECIPIENT_PUBLIC), HEX.parseHex(SECRET), CONTEXT, random);

        assertEquals(ENVELOPE, HEX.formatHex(envelope));
    }

    @Test
    void roundTripsSecretsOfAnyLengthForFreshKeys() throws Exception {
        Random lengths = new Random(1);
        for (int len : new int[] {0, 1, 16, 32, 33, 100, 1000}) {
            ECKeyPair pair = Keys.createEcKeyPair();
            byte[] secret = new byte[len];
            lengths.nextBytes(secret);
            byte[] context = ("deployment " + len).getBytes(StandardCharsets.US_ASCII);

            byte[] envelope = Ecies.seal(PublicKeys.compressed(pair), secret, context);

            assertEquals(Ecies.envelopeLength(len), envelope.length);
            assertEquals(62 + len, envelope.length);
            assertArrayEquals(secret, Ecies.open(pair, envelope, context));
        }
    }

    @Test
    void everySealUsesFreshRandomness() {
        byte[] secret = HEX.parseHex(SECRET);
        byte[] a = seal(secret, CONTEXT), b = seal(secret, CONTEXT);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 1, 34), Arrays.copyOfRange(b, 1, 34)), "ephemeral keys differ");
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void anotherKeyCannotOpen() throws Exception {
        byte[] envelope = seal(HEX.parseHex(SECRET), CONTEXT);
        var e = assertThrows(CryptoException.class, () -> Ecies.open(Keys.createEcKeyPair(), envelope, CONTEXT));
        assertEquals(AUTH_FAILED, e.getMessage());
    }

    @Test
    void anotherContextCannotOpen() {
        byte[] envelope = seal(HEX.parseHex(SECRET), CONTEXT);
        for (byte[] other : new byte[][] {new byte[0], "vnfx test contexT".getBytes(StandardCharsets.US_ASCII),
                "vnfx test context ".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(CONTEXT, CONTEXT.length - 1)}) {
            var e = assertThrows(CryptoException.class, () -> Ecies.open(RECIPIENT, envelope, other));
            assertEquals(AUTH_FAILED, e.getMessage(), "same message as a wrong key: no hint which it was");
        }
        byte[] empty = seal(HEX.parseHex(SECRET), new byte[0]);
        assertArrayEquals(HEX.parseHex(SECRET), Ecies.open(RECIPIENT, empty, new byte[0]));
        assertThrows(CryptoException.class, () -> Ecies.open(RECIPIENT, empty, CONTEXT));
    }

    /** Every single bit of the vector flipped: none opens, and each region fails with the message it should. */
    @Test
    void everyFlippedBitIsRejected() {
        byte[] envelope = HEX.parseHex(ENVELOPE);
        int[] byMessage = new int[3]; // version, ephemeral key not a point, authentication
        for (int bit = 0; bit < envelope.length * 8; bit++) {
            byte[] bad = envelope.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            int at = bit / 8;

            String message = assertThrows(CryptoException.class, () -> Ecies.open(RECIPIENT, bad, CONTEXT), "bit " + bit).getMessage();

            if (at == 0) {
                assertTrue(message.startsWith("unsupported envelope version 0x"), message);
                byMessage[0]++;
            } else if (at < 34 && message.equals("envelope's ephemeral key is not a point of secp256k1")) {
                byMessage[1]++; // a flipped ephemeral key is about as often not a point as another point
            } else {
                assertEquals(AUTH_FAILED, message, "bit " + bit + " (byte " + at + ")");
                byMessage[2]++;
            }
        }
        assertEquals(8, byMessage[0]);
        assertTrue(byMessage[1] > 0, "some flips of the ephemeral key leave the curve");
        assertEquals(94 * 8 - 8 - byMessage[1], byMessage[2]);
    }

    @Test
    void truncatedOrExtendedEnvelopesAreRejected() {
        byte[] envelope = HEX.parseHex(ENVELOPE);
        for (int len = 0; len < envelope.length; len++) {
            byte[] cut = Arrays.copyOf(envelope, len);
            String message = assertThrows(CryptoException.class, () -> Ecies.open(RECIPIENT, cut, CONTEXT)).getMessage();
            assertEquals(len < 62 ? "envelope is " + len + " bytes, at least 62 expected" : AUTH_FAILED, message, "length " + len);
        }
        byte[] longer = Arrays.copyOf(envelope, envelope.length + 1);
        assertEquals(AUTH_FAILED, assertThrows(CryptoException.class, () -> Ecies.open(RECIPIENT, longer, CONTEXT)).getMessage());
    }

    @Test
    void anotherVersionIsNamed() {
        byte[] envelope = HEX.parseHex(ENVELOPE);
        envelope[0] = 2;
        var e = assertThrows(CryptoException.class, () -> Ecies.open(RECIPIENT, envelope, CONTEXT));
        assertEquals("unsupported envelope version 0x02 (this version of vnfx reads 0x01)", e.getMessage());
    }

    @Test
    void anEphemeralKeyOffTheCurveIsRefusedBeforeAnyArithmetic() {
        byte[] envelope = HEX.parseHex(ENVELOPE);
        byte[] offCurve = notOnCurve().bytes();
        System.arraycopy(offCurve, 0, envelope, 1, 33);
        var e = assertThrows(CryptoException.class, () -> Ecies.open(RECIPIENT, envelope, CONTEXT));
        assertEquals("envelope's ephemeral key is not a point of secp256k1", e.getMessage());

        envelope[1] = 0x04; // an uncompressed prefix in a 33-byte slot
        assertThrows(CryptoException.class, () -> Ecies.open(RECIPIENT, envelope, CONTEXT));
    }

    @Test
    void aRecipientKeyOffTheCurveIsRefused() {
        CompressedKey bad = notOnCurve();
        var e = assertThrows(CryptoException.class, () -> Ecies.seal(bad, HEX.parseHex(SECRET), CONTEXT));
        assertEquals("recipient key " + bad.hex() + " is not a point of secp256k1", e.getMessage());
    }

    /** The smallest x with no point on y^2 = x^3 + 7 (Euler's criterion), as a compressed key. */
    static CompressedKey notOnCurve() {
        BigInteger p = PublicKeysTest.P, x = BigInteger.ONE;
        while (x.pow(3).add(BigInteger.valueOf(7)).mod(p).modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(BigInteger.ONE)) {
            x = x.add(BigInteger.ONE);
        }
        return new CompressedKey((byte) 2, to32(x));
    }

    static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    static byte[] to32(BigInteger v) {
        return PublicKeysTest.to32(v);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
