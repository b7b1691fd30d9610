package org.vnfx.ledger.economics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Equations (1)-(3) with values worked out by hand (every division rounds toward zero):
 * <pre>
 *   (1) R_i = 1e18 * 1e6 / (1e6 + sum w_e X_e)      weights in millionths
 *   (2) R   = (alpha R_i + (1e18 - alpha) R_prev) / 1e18
 *   (3) C   = R B t / 1e18
 * </pre>
 */
class ReputationModelTest {
    static final BigInteger WAD = ReputationModel.WAD;
    static final long MAX_UINT32 = ReputationModel.MAX_UINT32;
    static final long[] NO_ERRORS = new long[8];

    static BigInteger wad(String decimal) {
        return new java.math.BigDecimal(decimal).multiply(new java.math.BigDecimal(WAD)).toBigIntegerExact();
    }

    static long[] oneOf(int type, long count) {
        long[] x = new long[8];
        x[type] = count;
        return x;
    }

    @Test
    void aSessionWithoutErrorsHasTheBestInstantaneousReputationWhateverTheWeights() {
        assertEquals(WAD, ReputationModel.DEFAULT.instantaneous(NO_ERRORS));
        long[] heavy = new long[8];
        java.util.Arrays.fill(heavy, MAX_UINT32);
        assertEquals(WAD, new ReputationModel(wad("0.5"), WAD, heavy).instantaneous(NO_ERRORS));
    }

    @Test
    void errorsOfAZeroWeightTypeCostNothing() {
        long[] w = ErrorType.defaultWeights();
        w[ErrorType.RESERVED_7.ordinal()] = 0;
        assertEquals(WAD, new ReputationModel(wad("0.3"), wad("0.5"), w).instantaneous(oneOf(7, MAX_UINT32)));
    }

    @Test
    void oneErrorOfWeightOneHalvesTheInstantaneousReputationExactly() {
        // engine crash, weight 1.0: 1e24 / (1e6 + 1e6) = 0.5e18, no rounding
        assertEquals(wad("0.5"), ReputationModel.DEFAULT.instantaneous(oneOf(ErrorType.ENGINE_CRASH.ordinal(), 1)));
    }

    @Test
    void aThirdRoundsDown() {
        // weight 2.0, one error: 1e24 / 3e6 = 333333333333333333.33... -> ...333
        var m = new ReputationModel(wad("0.3"), wad("0.5"), new long[] {2_000_000, 0, 0, 0, 0, 0, 0, 0});
        assertEquals(new BigInteger("333333333333333333"), m.instantaneous(oneOf(0, 1)));
    }

    @Test
    void threeCaptureDropsWithTheDefaultParametersPriceAOneGweiSecondSessionOfOneHundredSeconds() {
        long[] errors = oneOf(ErrorType.CAPTURE_DROP.ordinal(), 3);
        // (1) penalty 3 * 1_000 = 3_000; 1e24 / 1_003_000 = 997008973080757726.8... -> ...726
        BigInteger instant = new BigInteger("997008973080757726");
        // (2) (0.3e18 * 997008973080757726 + 0.7e18 * 0.5e18) / 1e18 = 649102691924227317.8 -> ...317
        BigInteger reputation = new BigInteger("649102691924227317");
        // (3) 649102691924227317 * 1e9 * 100 / 1e18 = 64910269192.42... -> 64910269192 wei
        BigInteger amount = new BigInteger("64910269192");

        var s = ReputationModel.DEFAULT.session(ReputationModel.DEFAULT.prior(), errors, BigInteger.valueOf(1_000_000_000L), 100);

        assertEquals(instant, s.instantaneous());
        assertEquals(reputation, s.reputation());
        assertEquals(amount, s.amount());
        assertEquals(instant, ReputationModel.DEFAULT.instantaneous(errors));
        assertEquals(reputation, ReputationModel.DEFAULT.smoothed(instant, ReputationModel.DEFAULT.prior()));
    }

    @Test
    void theWorstPossibleSessionStillLeavesAPositiveReputation() {
        long[] all = new long[8];
        java.util.Arrays.fill(all, MAX_UINT32);
        // penalty 8 * (2^32 - 1)^2 = 147573952520676606216 ... ; 1e24 / (1e6 + that) = 6776.6 -> 6776
        assertEquals(BigInteger.valueOf(6776), new ReputationModel(wad("0.5"), WAD, all).instantaneous(all));
    }

    @Test
    void smoothingRoundsDownAndStaysBetweenItsInputs() {
        var tiny = new ReputationModel(BigInteger.ONE, WAD, NO_ERRORS);
        // alpha = 1 wei: (1 * 1e18 + (1e18 - 1) * 0) / 1e18 = 1
        assertEquals(BigInteger.ONE, tiny.smoothed(WAD, BigInteger.ZERO));
        // and from 1e18 towards 1: (1 * 1 + (1e18 - 1) * 1e18) / 1e18 = 1e18 - 1 + 1/1e18 -> 1e18 - 1
        assertEquals(WAD.subtract(BigInteger.ONE), tiny.smoothed(BigInteger.ONE, WAD));
        var heavy = new ReputationModel(WAD.subtract(BigInteger.ONE), WAD, NO_ERRORS);
        // alpha = 1 - 1e-18: (1e18-1) * 0 + 1 * 1e18 = 1e18 -> 1
        assertEquals(BigInteger.ONE, heavy.smoothed(BigInteger.ZERO, WAD));
        // the default: 0.3 * 1.0 + 0.7 * 0.5 = 0.65 exactly
        assertEquals(wad("0.65"), ReputationModel.DEFAULT.smoothed(WAD, wad("0.5")));
    }

    @Test
    void priceRoundsDownToTheWei() {
        assertEquals(BigInteger.ZERO, ReputationModel.price(BigInteger.ONE, BigInteger.ONE, 1), "1e-18 wei rounds to 0");
        assertEquals(BigInteger.ONE, ReputationModel.price(wad("0.5"), BigInteger.valueOf(3), 1), "1.5 wei rounds to 1");
        assertEquals(BigInteger.ZERO, ReputationModel.price(WAD, BigInteger.valueOf(1_000), 0), "no usage, no charge");
        assertEquals(BigInteger.ZERO, ReputationModel.price(WAD, BigInteger.ZERO, 3_600), "a free VNF");
        assertEquals(BigInteger.valueOf(3_600_000), ReputationModel.price(WAD, BigInteger.valueOf(1_000), 3_600), "R = 1 charges B t");
    }

    @Test
    void theLargestPriceExceedsUint128SoTheContractMustKeepItInUint256() {
        BigInteger maxUint128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        BigInteger c = ReputationModel.price(WAD, maxUint128, MAX_UINT32);
        assertEquals(new BigInteger("1461501636990620551282746369252908412219869364225"), c); // (2^128 - 1)(2^32 - 1)
        assertTrue(c.bitLength() > 128);
        assertTrue(WAD.multiply(maxUint128).multiply(BigInteger.valueOf(MAX_UINT32)).bitLength() < 256, "R B t never overflows uint256");
    }

    @Test
    void theDefaultParametersAreTheOnesDocumentedForTheContract() {
        assertEquals(wad("0.3"), ReputationModel.DEFAULT.alpha());
        assertEquals(wad("0.5"), ReputationModel.DEFAULT.prior());
        assertArrayEquals(new long[] {1_000, 10_000, 50_000, 500_000, 1_000_000, 1_000_000, 100_000, 100_000}, ReputationModel.DEFAULT.weightsMicros());
    }

    @ParameterizedTest(name = "alpha {0} is refused")
    @ValueSource(strings = {"0", "1000000000000000000", "1000000000000000001", "-1"})
    void alphaMustBeStrictlyBetweenZeroAndOne(String alpha) {
        var e = assertThrows(IllegalArgumentException.class, () -> new ReputationModel(new BigInteger(alpha), WAD, NO_ERRORS));
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
    }

    @ParameterizedTest(name = "prior {0} is refused")
    @ValueSource(strings = {"0", "1000000000000000001", "-5"})
    void priorMustBeAboveZeroAndAtMostOne(String prior) {
        var e = assertThrows(IllegalArgumentException.class, () -> new ReputationModel(wad("0.3"), new BigInteger(prior), NO_ERRORS));
        assertTrue(e.getMessage().contains("prior"), e.getMessage());
    }

    @Test
    void theBoundariesThemselvesAreAccepted() {
        new ReputationModel(BigInteger.ONE, BigInteger.ONE, NO_ERRORS);
        new ReputationModel(WAD.subtract(BigInteger.ONE), WAD, new long[] {MAX_UINT32, 0, 0, 0, 0, 0, 0, MAX_UINT32});
    }

    @Test
    void thereAreExactlyEightUint32Weights() {
        assertThrows(IllegalArgumentException.class, () -> new ReputationModel(wad("0.3"), wad("0.5"), new long[7]));
        assertThrows(IllegalArgumentException.class, () -> new ReputationModel(wad("0.3"), wad("0.5"), new long[9]));
        assertThrows(IllegalArgumentException.class, () -> new ReputationModel(wad("0.3"), wad("0.5"), new long[] {-1, 0, 0, 0, 0, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new ReputationModel(wad("0.3"), wad("0.5"), new long[] {MAX_UINT32 + 1, 0, 0, 0, 0, 0, 0, 0}));
    }

    @Test
    void errorCountsAreEightUint32s() {
        var m = ReputationModel.DEFAULT;
        assertThrows(IllegalArgumentException.class, () -> m.instantaneous(new long[7]));
        assertThrows(IllegalArgumentException.class, () -> m.instantaneous(oneOf(2, -1)));
        assertThrows(IllegalArgumentException.class, () -> m.instantaneous(oneOf(2, MAX_UINT32 + 1)));
    }

    @Test
    void theWeightsCannotBeChangedFromOutside() {
        long[] w = ErrorType.defaultWeights();
        var m = new ReputationModel(wad("0.3"), wad("0.5"), w);
        w[0] = 999;
        m.weightsMicros()[1] = 999;
        assertArrayEquals(ErrorType.defaultWeights(), m.weightsMicros());
        assertEquals(ReputationModel.DEFAULT, m);
        assertEquals(ReputationModel.DEFAULT.hashCode(), m.hashCode());
        assertNotEquals(ReputationModel.DEFAULT, new ReputationModel(wad("0.3"), wad("0.5"), w));
    }
}
