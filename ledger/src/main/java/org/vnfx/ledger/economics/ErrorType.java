package org.vnfx.ledger.economics;

/**
 * The error types X(m, v, e) of equation (1), in the order of the contract's eight weight slots,
 * with the default weights the Offers contract starts with (millionths: 1_000_000 = weight 1.0).
 * The operator may change the weights on chain; the meaning of each slot is fixed here.
 */
public enum ErrorType {
    CAPTURE_DROP(1_000, "packets the VNF dropped at capture (per packet)"),
    DECODER_INVALID(10_000, "packets the VNF could not decode"),
    MEMCAP_HIT(50_000, "flow/stream memory cap reached"),
    RULE_FAILURE(500_000, "rules or configuration that failed to load"),
    ENGINE_CRASH(1_000_000, "engine crashes or restarts"),
    START_FAILURE(1_000_000, "failed starts"),
    RESERVED_6(100_000, "reserved"),
    RESERVED_7(100_000, "reserved");

    private final long defaultWeightMicros;
    private final String meaning;

    ErrorType(long defaultWeightMicros, String meaning) {
        this.defaultWeightMicros = defaultWeightMicros;
        this.meaning = meaning;
    }

    public long defaultWeightMicros() {
        return defaultWeightMicros;
    }

    public String meaning() {
        return meaning;
    }

    public static long[] defaultWeights() {
        long[] w = new long[values().length];
        for (ErrorType t : values()) w[t.ordinal()] = t.defaultWeightMicros;
        return w;
    }
}
