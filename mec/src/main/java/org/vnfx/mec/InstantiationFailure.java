package org.vnfx.mec;

import java.nio.charset.StandardCharsets;

/** Why a granted VNF was not started, as reported on chain in reportInstantiation's detail (ASCII in a bytes32). */
public enum InstantiationFailure {
    /** The grant's key envelope did not open with this MEC's key in this deployment's context. */
    KEY_ENVELOPE("key-envelope"),
    /** The ciphertext could not be fetched from the store (not found, cut short, or not matching its CID). */
    FETCH("fetch"),
    /** The store did not answer at all within the retry budget (refused or timed out connections): the infrastructure's fault, not the VNF's. */
    STORE_UNREACHABLE("store-unreachable"),
    /** Decryption failed or the plaintext's SHA-256 differs from the package digest on chain. */
    INTEGRITY("integrity"),
    /** The runtime could not start the verified package. */
    START("start"),
    /** This node lacks what runs the package (e.g. Suricata is not installed); the node's fault, not the VNF's. */
    RUNTIME_MISSING("runtime-missing");

    private final String code;

    InstantiationFailure(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public byte[] bytes32() {
        byte[] out = new byte[32];
        byte[] ascii = code.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, out, 0, ascii.length);
        return out;
    }

    public static String label(byte[] detail) {
        int len = 0;
        while (len < detail.length && detail[len] != 0) len++;
        return new String(detail, 0, len, StandardCharsets.US_ASCII);
    }
}
