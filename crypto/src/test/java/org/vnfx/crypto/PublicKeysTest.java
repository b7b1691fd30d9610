package org.vnfx.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/** Compression and decompression of secp256k1 keys against BouncyCastle's own point arithmetic. */
class PublicKeysTest {
    static final BigInteger P = PublicKeys.SECP256K1.getCurve().getField().getCharacteristic();

    static ECPoint pointOf(BigInteger privateKey) {
        return PublicKeys.SECP256K1.getG().multiply(privateKey).normalize();
    }

    /** web3j's form of a public key: x || y as one unsigned integer. */
    static BigInteger web3jPublicKey(ECPoint p) {
        byte[] xy = Arrays.copyOfRange(p.getEncoded(false), 1, 65);
        return new BigInteger(1, xy);
    }

    @Test
    void compressingAGeneratedKeyGivesBouncyCastlesEncodingAndDecompressesToTheSamePoint() throws Exception {
        for (int i = 0; i < 50; i++) {
            ECKeyPair pair = Keys.createEcKeyPair();
            ECPoint expected = pointOf(pair.getPrivateKey());

            CompressedKey k = PublicKeys.compressed(pair);

            assertArrayEquals(expected.getEncoded(true), k.bytes());
            assertEquals(expected.getAffineYCoord().toBigInteger().testBit(0) ? 3 : 2, k.prefix(), "prefix follows the parity of y");
            ECPoint back = PublicKeys.point(k).normalize();
            assertEquals(expected, back);
            assertArrayEquals(expected.getEncoded(false), back.getEncoded(false));
            assertEquals(pair.getPublicKey(), web3jPublicKey(back), "decompression recovers web3j's x||y");
        }
    }

    @Test
    void keysWhoseCoordinatesHaveLeadingZeroBytesOrTheTopBitSetSurviveTheRoundTrip() {
        boolean shortX = false, shortY = false, signBit = false;
        Random random = new Random(42);
        for (int i = 0; i < 20_000 && !(shortX && shortY && signBit); i++) {
            BigInteger d = new BigInteger(256, random).mod(PublicKeys.SECP256K1.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
            ECPoint p = pointOf(d);
            byte[] raw = p.getEncoded(false);
            boolean hereShortX = raw[1] == 0, hereShortY = raw[33] == 0, hereSign = (raw[1] & 0x80) != 0;
            if (!(hereShortX && !shortX || hereShortY && !shortY || hereSign && !signBit)) continue;
            shortX |= hereShortX;
            shortY |= hereShortY;
            signBit |= hereSign;

            CompressedKey k = PublicKeys.compressed(web3jPublicKey(p)); // BigInteger.toByteArray is 63 or 65 bytes here

            assertArrayEquals(p.getEncoded(true), k.bytes(), "key " + d.toString(16));
            assertEquals(p, PublicKeys.point(k).normalize());
        }
        assertTrue(shortX && shortY && signBit, "the search found every edge case");
    }

    @Test
    void theGeneratorIsTheKeyOfPrivateKeyOne() {
        assertEquals(CompressedKey.ofHex(CompressedKeyTest.G), PublicKeys.compressed(ECKeyPair.create(BigInteger.ONE)));
    }

    @Test
    void anXWithNoPointOnTheCurveIsRefused() {
        // y^2 = x^3 + 7 has a solution iff x^3 + 7 is a quadratic residue mod p (Euler's criterion)
        BigInteger x = BigInteger.ONE;
        while (x.pow(3).add(BigInteger.valueOf(7)).mod(P).modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE)) {
            x = x.add(BigInteger.ONE);
        }
        CompressedKey notOnCurve = new CompressedKey((byte) 2, to32(x));

        var e = assertThrows(IllegalArgumentException.class, () -> PublicKeys.point(notOnCurve));
        assertTrue(e.getMessage().contains("not a secp256k1 public key: " + notOnCurve.hex()), e.getMessage());
    }

    @Test
    void anXOutsideTheFieldIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> PublicKeys.point(new CompressedKey((byte) 3, to32(P))));
        assertTrue(e.getMessage().contains("not a secp256k1 public key"), e.getMessage());
    }

    @Test
    void anUncompressedKeyThatIsNotOnTheCurveIsRefused() {
        ECPoint p = pointOf(BigInteger.TEN);
        BigInteger offCurve = web3jPublicKey(p).add(BigInteger.ONE); // y + 1
        assertThrows(IllegalArgumentException.class, () -> PublicKeys.compressed(offCurve));
    }

    static byte[] to32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
