package org.vnfx.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;

class PackageSignatureTest {
    static final HexFormat HEX = HexFormat.of();

    /** sha256("vnfx test provider account") */
    static final ECKeyPair ACCOUNT = ECKeyPair.create(new BigInteger("c96ab64051739f1c8e0e1e59b9c3820b16dc3800a346afd56ff0bcd85eefcf90", 16));
    static final String ADDRESS = "0x3d9a08d9f6a37a6a7db4db6b8d850bea47a6ea7d";
    /** sha256("vnfx test package") */
    static final byte[] DIGEST = HEX.parseHex("3b6b6be83797156e7ee0cfd10d46ed4b17383c81c9cdbb42d4e39c302ea09bb6");
    /** RFC 6979 signatures are deterministic: the same key and digest always give these bytes. */
    static final String SIGNATURE = "8fb957fd9cb7dc9ec64208721c1319e9b1934d3ce75a134ae225e0df8bdf1600" // r
            + "145612b693eedcec05433fe467c687da3a89b45174ec92037d558950cdb550ad" // s
            + "1c"; // v = 28
    static final BigInteger N = PublicKeys.SECP256K1.getN();

    @Test
    void theTestVectorIsReproducedAndRecoversTheAccount() {
        assertEquals(ADDRESS, "0x" + Keys.getAddress(ACCOUNT));
        byte[] signature = PackageSignature.sign(ACCOUNT, DIGEST);
        assertEquals(SIGNATURE, HEX.formatHex(signature));
        assertEquals(ADDRESS, PackageSignature.signer(DIGEST, signature));
        assertTrue(PackageSignature.verify(DIGEST, signature, ADDRESS));
        assertTrue(PackageSignature.verify(DIGEST, signature, Keys.toChecksumAddress(ADDRESS)), "EIP-55 form accepted");
    }

    /** What is signed, written out: the EIP-191 prefix, the label, the digest; checked with BouncyCastle's ECDSA verifier. */
    @Test
    void theSignatureIsPlainEcdsaOverTheDocumentedHash() {
        byte[] expectedHash = Hash.sha3(EciesTest.concat("\u0019Ethereum Signed Message:\n47".getBytes(StandardCharsets.US_ASCII),
                "vnfx package v1".getBytes(StandardCharsets.US_ASCII), DIGEST));
        assertArrayEquals(expectedHash, PackageSignature.hash(DIGEST));
        assertEquals("766e6678207061636b616765207631" + HEX.formatHex(DIGEST), HEX.formatHex(PackageSignature.message(DIGEST)));

        byte[] signature = HEX.parseHex(SIGNATURE);
        ECDomainParameters domain = new ECDomainParameters(PublicKeys.SECP256K1);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(PublicKeys.point(PublicKeys.compressed(ACCOUNT)), domain));
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)), s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        assertTrue(verifier.verifySignature(expectedHash, r, s));
        assertTrue(s.compareTo(N.shiftRight(1)) <= 0, "low s");
    }

    @Test
    void roundTripsForFreshAccounts() throws Exception {
        for (int i = 0; i < 20; i++) {
            ECKeyPair account = Keys.createEcKeyPair();
            byte[] digest = Hash.sha256(("package " + i).getBytes(StandardCharsets.US_ASCII));
            byte[] signature = PackageSignature.sign(account, digest);
            assertEquals(65, signature.length);
            assertEquals("0x" + Keys.getAddress(account), PackageSignature.signer(digest, signature));
            assertTrue(PackageSignature.verify(digest, signature, "0x" + Keys.getAddress(account)));
            assertFalse(PackageSignature.verify(digest, signature, ADDRESS));
        }
    }

    @Test
    void anotherDigestRecoversAnotherAddress() {
        byte[] signature = HEX.parseHex(SIGNATURE);
        for (int bit = 0; bit < 256; bit += 37) {
            byte[] tampered = DIGEST.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertNotEquals(ADDRESS, PackageSignature.signer(tampered, signature));
            assertFalse(PackageSignature.verify(tampered, signature, ADDRESS));
        }
    }

    @Test
    void aSignatureOverTheBareDigestIsNotAPackageSignature() {
        // Another application that personal_signs bare 32-byte hashes: its signature must not count here.
        var bare = org.web3j.crypto.Sign.signPrefixedMessage(DIGEST, ACCOUNT);
        byte[] signature = EciesTest.concat(bare.getR(), bare.getS(), bare.getV());
        assertFalse(PackageSignature.verify(DIGEST, signature, ADDRESS));
    }

    @Test
    void malformedSignaturesAreRefusedWithTheReason() {
        byte[] good = HEX.parseHex(SIGNATURE);
        assertEquals("signature is 64 bytes, 65 expected (r || s || v)", malformed(Arrays.copyOf(good, 64)));
        assertEquals("signature is 66 bytes, 65 expected (r || s || v)", malformed(Arrays.copyOf(good, 66)));
        assertEquals("signature is missing, 65 expected (r || s || v)", malformed(null));
        for (int v : new int[] {0, 1, 29, 255}) {
            byte[] bad = good.clone();
            bad[64] = (byte) v;
            assertEquals("signature v is " + v + ", 27 or 28 expected", malformed(bad));
        }
        byte[] zeroR = good.clone();
        Arrays.fill(zeroR, 0, 32, (byte) 0);
        assertEquals("signature r is not in [1, n-1]", malformed(zeroR));
        byte[] bigR = good.clone();
        Arrays.fill(bigR, 0, 32, (byte) 0xff);
        assertEquals("signature r is not in [1, n-1]", malformed(bigR));
        byte[] zeroS = good.clone();
        Arrays.fill(zeroS, 32, 64, (byte) 0);
        assertEquals("signature s is not in [1, n/2] (high-s signatures are refused, EIP-2)", malformed(zeroS));

        // The high-s twin (n - s, other v) is valid ECDSA for the same key; it is refused so each signature is unique.
        byte[] twin = good.clone();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(good, 32, 64));
        System.arraycopy(EciesTest.to32(N.subtract(s)), 0, twin, 32, 32);
        twin[64] = (byte) (good[64] == 27 ? 28 : 27);
        assertEquals("signature s is not in [1, n/2] (high-s signatures are refused, EIP-2)", malformed(twin));
    }

    @Test
    void anRThatIsNoCurvePointRecoversNothing() {
        byte[] bad = HEX.parseHex(SIGNATURE);
        System.arraycopy(EciesTest.notOnCurve().x(), 0, bad, 0, 32);
        assertTrue(malformed(bad).startsWith("signature recovers no public key"), malformed(bad));
    }

    @Test
    void badArgumentsAreRefused() {
        byte[] good = HEX.parseHex(SIGNATURE);
        var e = assertThrows(IllegalArgumentException.class, () -> PackageSignature.sign(ACCOUNT, new byte[31]));
        assertEquals("package digest must be 32 bytes (SHA-256), got 31", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PackageSignature.signer(new byte[33], good));
        e = assertThrows(IllegalArgumentException.class, () -> PackageSignature.verify(DIGEST, good, "3d9a08d9f6a37a6a7db4db6b8d850bea47a6ea7d"));
        assertEquals("expected address must be 0x and 40 hex digits, got 3d9a08d9f6a37a6a7db4db6b8d850bea47a6ea7d", e.getMessage());
    }

    static String malformed(byte[] signature) {
        return assertThrows(CryptoException.class, () -> PackageSignature.signer(DIGEST, signature)).getMessage();
    }
}
