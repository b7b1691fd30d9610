package org.vnfx.ledger.economics;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The reference implementation of the B-VNF equations, step for step as ReputationMath.sol computes them
 * (integer arithmetic, every division rounding toward zero), so that the two agree to the last unit.
 *
 * <pre>
 *   (1) R_i = 1 / (1 + sum_e w_e X_e)        WAD * 1e6 / (1e6 + sum w_e[micro] * X_e)
 *   (2) R   = a R_i + (1 - a) R_prev         (a * R_i + (WAD - a) * R_prev) / WAD
 *   (3) C   = R B t                          R * B * t / WAD
 * </pre>
 *
 * Zero errors give R_i = 1 (the best); each weighted error lowers it, never to zero.
 */
public record ReputationModel(BigInteger alpha, BigInteger prior, long[] weightsMicros) {
    public static final BigInteger WAD = BigInteger.TEN.pow(18);
    public static final BigInteger WEIGHT_UNIT = BigInteger.valueOf(1_000_000);
    public static final int ERROR_TYPES = 8;
    public static final long MAX_UINT32 = 0xFFFF_FFFFL;

    /** The parameters the Offers contract is deployed with. */
    public static final ReputationModel DEFAULT =
            new ReputationModel(new BigInteger("300000000000000000"), new BigInteger("500000000000000000"), ErrorType.defaultWeights());

    public ReputationModel {
        if (alpha.signum() <= 0 || alpha.compareTo(WAD) >= 0) throw new IllegalArgumentException("alpha must be in (0, 1e18), got " + alpha);
        if (prior.signum() <= 0 || prior.compareTo(WAD) > 0) throw new IllegalArgumentException("prior must be in (0, 1e18], got " + prior);
        if (weightsMicros.length != ERROR_TYPES) throw new IllegalArgumentException("exactly " + ERROR_TYPES + " weights, got " + weightsMicros.length);
        for (long w : weightsMicros) {
            if (w < 0 || w > MAX_UINT32) throw new IllegalArgumentException("weight out of uint32 range: " + w);
        }
        weightsMicros = weightsMicros.clone();
    }

    @Override
    public long[] weightsMicros() {
        return weightsMicros.clone();
    }

    /** Equation (1). */
    public BigInteger instantaneous(long[] errorCounts) {
        if (errorCounts.length != ERROR_TYPES) throw new IllegalArgumentException("exactly " + ERROR_TYPES + " error counts");
        BigInteger penalty = BigInteger.ZERO;
        for (int e = 0; e < ERROR_TYPES; e++) {
            if (errorCounts[e] < 0 || errorCounts[e] > MAX_UINT32) throw new IllegalArgumentException("error count out of uint32 range: " + errorCounts[e]);
            penalty = penalty.add(BigInteger.valueOf(weightsMicros[e]).multiply(BigInteger.valueOf(errorCounts[e])));
        }
        return WAD.multiply(WEIGHT_UNIT).divide(WEIGHT_UNIT.add(penalty));
    }

    /** Equation (2). */
    public BigInteger smoothed(BigInteger instantaneous, BigInteger previous) {
        return alpha.multiply(instantaneous).add(WAD.subtract(alpha).multiply(previous)).divide(WAD);
    }

    /** Equation (3): wei owed for {@code usageSeconds} at {@code basePricePerSecond} wei/s. */
    public static BigInteger price(BigInteger reputation, BigInteger basePricePerSecond, long usageSeconds) {
        return reputation.multiply(basePricePerSecond).multiply(BigInteger.valueOf(usageSeconds)).divide(WAD);
    }

    /** One session: the new reputation and what it costs, from the previous reputation. */
    public Session session(BigInteger previous, long[] errorCounts, BigInteger basePricePerSecond, long usageSeconds) {
        BigInteger instant = instantaneous(errorCounts);
        BigInteger reputation = smoothed(instant, previous);
        return new Session(instant, reputation, price(reputation, basePricePerSecond, usageSeconds));
    }

    public record Session(BigInteger instantaneous, BigInteger reputation, BigInteger amount) {}

    @Override
    public boolean equals(Object o) {
        return o instanceof ReputationModel m && m.alpha.equals(alpha) && m.prior.equals(prior) && Arrays.equals(m.weightsMicros, weightsMicros);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * alpha.hashCode() + prior.hashCode()) + Arrays.hashCode(weightsMicros);
    }

    @Override
    public String toString() {
        return "ReputationModel[alpha=" + alpha + ", prior=" + prior + ", weightsMicros=" + Arrays.toString(weightsMicros) + "]";
    }
}
