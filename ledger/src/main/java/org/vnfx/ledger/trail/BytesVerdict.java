package org.vnfx.ledger.trail;

/**
 * Whether the bytes in hand are a published package (DESIGN.md flow 6), decided the same way by {@code vnfx verify FILE}
 * and by dPortal's Verify page: the chain knows packages only by their SHA-256, so a copy that is not published is told
 * apart by whether it still passes SOL004 verification (an intact package nobody published) or not (damaged or tampered).
 */
public enum BytesVerdict {
    GENUINE, TAMPERED, UNKNOWN;

    /**
     * @param published     a package with the bytes' SHA-256 was advertised on this chain
     * @param sol004Failure why SOL004 verification rejected the bytes, or null when it passed
     */
    public static BytesVerdict of(boolean published, String sol004Failure) {
        if (published) return GENUINE;
        return sol004Failure != null ? TAMPERED : UNKNOWN;
    }

    /** One sentence about {@code what} (a file name): the verdict and its reason, as the CLI prints it. */
    public String sentence(String what, String sol004Failure) {
        return switch (this) {
            case GENUINE -> "GENUINE: " + what + " is exactly the published package (its SHA-256 is the digest on chain)";
            case TAMPERED -> "TAMPERED or damaged: " + what + " is no published package and fails SOL004 verification: " + sol004Failure;
            case UNKNOWN -> "UNKNOWN: " + what + " is an intact SOL004 package that was never published on this chain";
        };
    }
}
