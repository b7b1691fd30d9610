package org.vnfx.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * A provider's signature over a package's SHA-256 digest, made with its ACCOUNT key, so anyone can
 * check that the package comes from the account that advertised it.
 *
 * <h2>What is signed</h2>
 * An EIP-191 {@code personal_sign} (version 0x45) of the 47-byte message
 * {@code "vnfx package v1" (15 ASCII bytes) || digest (32)}:
 * <pre>
 * hash = keccak256("\x19Ethereum Signed Message:\n47" || "vnfx package v1" || digest)
 * </pre>
 * and a secp256k1 ECDSA signature of that hash, 65 bytes {@code r (32) || s (32) || v (1)} with
 * {@code v} 27 or 28 and {@code s} in the lower half of the order (EIP-2), as every Ethereum wallet
 * and OpenZeppelin's {@code ECDSA.recover} expect. Why this form: any wallet can produce it
 * ({@code personal_sign} of the bytes {@code 0x766e6678207061636b616765207631 || digest}), a contract can
 * check it with one {@code keccak256} and {@code ecrecover}; the EIP-191 prefix keeps it from ever
 * being a valid transaction, and the "vnfx package v1" label keeps it from meaning anything to
 * another application that has the account sign a bare 32-byte hash.
 */
public final class PackageSignature {
    public static final String DOMAIN = "vnfx package v1";
    public static final int SIGNATURE_BYTES = 65;

    private static final byte[] DOMAIN_BYTES = DOMAIN.getBytes(StandardCharsets.US_ASCII);
    private static final BigInteger N = PublicKeys.SECP256K1.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private PackageSignature() {}

    /** The message that is personal_signed: "vnfx package v1" || digest. */
    public static byte[] message(byte[] digest32) {
        checkDigest(digest32);
        byte[] m = Arrays.copyOf(DOMAIN_BYTES, DOMAIN_BYTES.length + 32);
        System.arraycopy(digest32, 0, m, DOMAIN_BYTES.length, 32);
        return m;
    }

    /** The 32-byte hash a contract passes to {@code ecrecover}. */
    public static byte[] hash(byte[] digest32) {
        return Sign.getEthereumMessageHash(message(digest32));
    }

    /** Sign a package digest with an account key: 65 bytes r || s || v. Deterministic (RFC 6979). */
    public static byte[] sign(ECKeyPair account, byte[] digest32) {
        Objects.requireNonNull(account, "account");
        Sign.SignatureData sig = Sign.signPrefixedMessage(message(digest32), account);
        byte[] out = new byte[SIGNATURE_BYTES];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return out;
    }

    /**
     * The account that signed {@code digest32}: its 0x address in lower case. A signature over another
     * digest recovers some other address, so compare it with the expected one ({@link #verify}).
     *
     * @throws CryptoException the signature is malformed (length, v, r or s out of range) or recovers no key
     */
    public static String signer(byte[] digest32, byte[] signature65) {
        byte[] message = message(digest32);
        if (signature65 == null || signature65.length != SIGNATURE_BYTES) {
            throw new CryptoException("signature is " + (signature65 == null ? "missing" : signature65.length + " bytes")
                    + ", " + SIGNATURE_BYTES + " expected (r || s || v)");
        }
        byte v = signature65[64];
        if (v != 27 && v != 28) {
            throw new CryptoException("signature v is " + (v & 0xff) + ", 27 or 28 expected");
        }
        byte[] r = Arrays.copyOfRange(signature65, 0, 32);
        byte[] s = Arrays.copyOfRange(signature65, 32, 64);
        BigInteger rv = new BigInteger(1, r), sv = new BigInteger(1, s);
        if (rv.signum() == 0 || rv.compareTo(N) >= 0) {
            throw new CryptoException("signature r is not in [1, n-1]");
        }
        if (sv.signum() == 0 || sv.compareTo(HALF_N) > 0) {
            // the high-s twin of a valid signature is valid ECDSA too; refusing it keeps one signature per
            // (key, digest), as ecrecover users (OpenZeppelin ECDSA) do
            throw new CryptoException("signature s is not in [1, n/2] (high-s signatures are refused, EIP-2)");
        }
        try {
            BigInteger publicKey = Sign.signedPrefixedMessageToKey(message, new Sign.SignatureData(v, r, s));
            return "0x" + Keys.getAddress(publicKey).toLowerCase(Locale.ROOT);
        } catch (SignatureException | IllegalArgumentException e) {
            throw new CryptoException("signature recovers no public key: " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code signature65} is {@code expectedAddress}'s signature over {@code digest32}
     * (address compared case-insensitively, so an EIP-55 checksummed address works).
     *
     * @throws CryptoException the signature is malformed
     */
    public static boolean verify(byte[] digest32, byte[] signature65, String expectedAddress) {
        if (expectedAddress == null || !ADDRESS.matcher(expectedAddress).matches()) {
            throw new IllegalArgumentException("expected address must be 0x and 40 hex digits, got " + expectedAddress);
        }
        return signer(digest32, signature65).equalsIgnoreCase(expectedAddress);
    }

    private static void checkDigest(byte[] digest32) {
        if (digest32 == null || digest32.length != 32) {
            throw new IllegalArgumentException("package digest must be 32 bytes (SHA-256), got " + (digest32 == null ? "none" : digest32.length));
        }
    }
}
