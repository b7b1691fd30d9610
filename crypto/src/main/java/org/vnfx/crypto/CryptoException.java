package org.vnfx.crypto;

/**
 * Data that does not decrypt, authenticate or verify: a key envelope, an encrypted package or a signature.
 * Unchecked because the caller can do nothing but report it; the message says what failed in words an
 * operator can act on, and never more than that (it does not tell a wrong key from a wrong context or
 * from tampering, which would help an attacker).
 */
public final class CryptoException extends RuntimeException {
    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
