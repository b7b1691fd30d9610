package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.contracts.Settlement;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.economics.ReputationModel;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The contract's equations (1)-(3) against the Java reference, to the wei, over randomized parameters and
 * sessions: edge values (zero and uint32-max error counts and weights, alpha next to 0 and 1, prior 1 wei
 * and 1.0, base prices from 0 to uint128-max, usage from 0 s to uint32-max s) mixed with random ones.
 * The seed is printed in every failure; rerun one with {@code -Dvnfx.seed=N}.
 */
class ReputationReferenceTest {
    static final int ROUNDS = 4;
    static final int SESSIONS_PER_ROUND = 10;
    static final BigInteger WAD = ReputationModel.WAD;
    static final BigInteger MAX_UINT128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    static final long MAX_UINT32 = ReputationModel.MAX_UINT32;
    static final Requirements NEEDS = new Requirements(1, 1, 1);

    static TestMarket market;
    static Market operator;
    static Actor provider, mec;

    @BeforeAll
    static void chain() throws Exception {
        market = TestMarket.start();
        operator = market.operator.market();
        market.chain.fundFromDevFaucet(market.operator.address(), BigInteger.valueOf(1_000_000));
        operator.deposit(TestMarket.ETHER.multiply(BigInteger.valueOf(500_000)));
        provider = market.actor("provider", Role.PROVIDER);
        mec = market.actor("mec", Role.MEC);
        mec.market().publishResources(new Requirements(MAX_UINT32, MAX_UINT32, MAX_UINT32));
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    /** One offer under test and the reputation the reference says it has now. */
    static final class Tracked {
        final OfferTerms terms;
        BigInteger reputation;
        int sessions;

        Tracked(OfferTerms terms, BigInteger reputation) {
            this.terms = terms;
            this.reputation = reputation;
        }
    }

    @Test
    void theContractAgreesWithTheReferenceModelToTheWeiOverRandomParametersAndSessions() throws Exception {
        var offersContract = operator.suite().offers();
        assertEquals(ReputationModel.DEFAULT.alpha(), offersContract.alpha().send(), "a fresh suite starts with the reference defaults");
        assertEquals(ReputationModel.DEFAULT.prior(), offersContract.priorReputation().send());
        assertEquals(longs(ReputationModel.DEFAULT.weightsMicros()), offersContract.weights().send());

        long seed = Long.getLong("vnfx.seed", System.nanoTime());
        Random random = new Random(seed);
        List<Tracked> offers = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int session = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ReputationModel model = randomModel(random);
            String context0 = "seed=" + seed + " (rerun with -Dvnfx.seed=" + seed + ") round " + round + " " + model;
            TransactionReceipt set = operator.setReputationParameters(model.alpha(), model.prior(), model.weightsMicros());
            var setEvent = Offers.getReputationParametersSetEvents(set).get(0);
            assertEquals(model.alpha(), setEvent.alpha, context0);
            assertEquals(model.prior(), setEvent.priorReputation, context0);
            assertEquals(longs(model.weightsMicros()), setEvent.weights, context0);
            assertEquals(longs(model.weightsMicros()), operator.suite().offers().weights().send(), context0);

            for (int k = 0; k < 2; k++) {
                OfferTerms t = terms(randomPrice(random));
                provider.market().advertise(t);
                operator.accept(t.packageDigest());
                assertEquals(model.prior(), operator.offer(t.packageDigest()).reputation, context0 + ": a new offer starts at the prior");
                offers.add(new Tracked(t, model.prior()));
            }

            for (int s = 0; s < SESSIONS_PER_ROUND; s++, session++) {
                Tracked o = offers.get(random.nextInt(offers.size()));
                long[] errors = randomErrors(random);
                long usage = randomUsage(random, session);
                String context = context0 + " session " + session + ": base price " + o.terms.basePricePerSecond()
                        + ", usage " + usage + " s, errors " + Arrays.toString(errors) + ", previous reputation " + o.reputation;
                seen.merge(bucket(errors, usage, o.terms.basePricePerSecond()), 1, Integer::sum);

                ReputationModel.Session expected = model.session(o.reputation, errors, o.terms.basePricePerSecond(), usage);
                checkSession(o, errors, usage, expected, context);
                o.reputation = expected.reputation();
                o.sessions++;
            }
        }
        assertEquals(ROUNDS * SESSIONS_PER_ROUND, session);
        System.out.println("ReputationReferenceTest seed=" + seed + " kinds of sessions: " + seen);
    }

    void checkSession(Tracked o, long[] errors, long usage, ReputationModel.Session expected, String context) throws Exception {
        BigInteger escrowBefore = operator.escrow();
        BigInteger balanceBefore = operator.balanceOf(provider.address());
        BigInteger id = market.running(mec, o.terms);
        if (usage > 0) market.advanceSeconds(usage);

        TransactionReceipt r = mec.market().reportUninstall(id, usage, errors);

        var updated = Offers.getReputationUpdatedEvents(r);
        assertEquals(1, updated.size(), context);
        assertEquals(id, updated.get(0).deploymentId, context);
        assertEquals(expected.instantaneous(), updated.get(0).instantaneous, context + ": R_i (1)");
        assertEquals(expected.reputation(), updated.get(0).reputation, context + ": R (2) in the event");
        assertEquals(BigInteger.valueOf(o.sessions + 1), updated.get(0).sessions, context);
        var stored = operator.offer(o.terms.packageDigest());
        assertEquals(expected.reputation(), stored.reputation, context + ": R (2) stored");
        assertEquals(BigInteger.valueOf(o.sessions + 1), stored.sessions, context);

        var uninstalled = Orchestration.getDeploymentUninstalledEvents(r).get(0);
        assertEquals(expected.amount(), uninstalled.amount, context + ": C (3) in DeploymentUninstalled");
        boolean affordable = expected.amount().compareTo(escrowBefore) <= 0;
        assertEquals(affordable, uninstalled.paid, context + ": paid iff escrow " + escrowBefore + " covers " + expected.amount());
        if (affordable) {
            assertEquals(expected.amount(), Settlement.getPaymentCreditedEvents(r).get(0).amount, context + ": C (3) credited");
            assertEquals(balanceBefore.add(expected.amount()), operator.balanceOf(provider.address()), context + ": provider balance");
            assertEquals(escrowBefore.subtract(expected.amount()), operator.escrow(), context + ": escrow");
            assertEquals(Market.DeploymentStatus.SETTLED, Market.status(market.deployment(id)), context);
        } else {
            assertEquals(expected.amount(), Settlement.getPaymentDeferredEvents(r).get(0).amount, context + ": C (3) deferred");
            assertEquals(expected.amount(), market.deployment(id).amountDue, context + ": amount due kept for settle()");
            assertEquals(balanceBefore, operator.balanceOf(provider.address()), context);
            assertEquals(escrowBefore, operator.escrow(), context);
            assertEquals(Market.DeploymentStatus.UNINSTALLED, Market.status(market.deployment(id)), context);
        }
    }

    static OfferTerms terms(BigInteger basePrice) {
        return new OfferTerms(TestMarket.randomDigest(), OfferTerms.CODEC_RAW, TestMarket.randomDigest(), "ids", NEEDS, basePrice, TestMarket.ENVELOPE);
    }

    static List<BigInteger> longs(long[] values) {
        return Arrays.stream(values).mapToObj(BigInteger::valueOf).toList();
    }

    static BigInteger uniform(Random random, BigInteger lowInclusive, BigInteger highInclusive) {
        BigInteger span = highInclusive.subtract(lowInclusive).add(BigInteger.ONE);
        BigInteger r;
        do {
            r = new BigInteger(span.bitLength(), random);
        } while (r.compareTo(span) >= 0);
        return lowInclusive.add(r);
    }

    static <T> T pick(Random random, List<Supplier<T>> choices) {
        return choices.get(random.nextInt(choices.size())).get();
    }

    static ReputationModel randomModel(Random random) {
        BigInteger alpha = pick(random, List.of(() -> BigInteger.ONE, () -> WAD.subtract(BigInteger.ONE),
                () -> uniform(random, BigInteger.ONE, WAD.subtract(BigInteger.ONE)), () -> uniform(random, BigInteger.ONE, WAD.subtract(BigInteger.ONE))));
        BigInteger prior = pick(random, List.of(() -> BigInteger.ONE, () -> WAD, () -> uniform(random, BigInteger.ONE, WAD), () -> uniform(random, BigInteger.ONE, WAD)));
        long[] weights = new long[ReputationModel.ERROR_TYPES];
        for (int e = 0; e < weights.length; e++) {
            weights[e] = pick(random, List.of(() -> 0L, () -> 1L, () -> MAX_UINT32, () -> 1_000_000L,
                    () -> (long) random.nextInt(1_000_000), () -> random.nextLong(MAX_UINT32 + 1)));
        }
        return new ReputationModel(alpha, prior, weights);
    }

    static long[] randomErrors(Random random) {
        long[] x = new long[ReputationModel.ERROR_TYPES];
        int mode = random.nextInt(5);
        for (int e = 0; e < x.length; e++) {
            x[e] = switch (mode) {
                case 0 -> 0; // a clean session
                case 1 -> MAX_UINT32; // everything failed as often as a uint32 can say
                case 2 -> random.nextInt(4) == 0 ? random.nextInt(10) : 0; // a few errors of a few types
                case 3 -> random.nextBoolean() ? MAX_UINT32 : random.nextInt(3); // mixed extremes
                default -> random.nextLong(MAX_UINT32 + 1);
            };
        }
        return x;
    }

    static BigInteger randomPrice(Random random) {
        return pick(random, List.of(() -> BigInteger.ZERO, () -> BigInteger.ONE, () -> BigInteger.valueOf(random.nextInt(1_000_000_000)),
                () -> uniform(random, BigInteger.ONE, BigInteger.TEN.pow(15)), () -> MAX_UINT128,
                () -> uniform(random, BigInteger.ONE.shiftLeft(100), MAX_UINT128)));
    }

    /** Mostly short sessions; once the longest a uint32 can report. */
    static long randomUsage(Random random, int session) {
        if (session == 17) return MAX_UINT32;
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1 + random.nextInt(100);
            case 2 -> 1 + random.nextInt(86_400);
            default -> 1 + random.nextInt(10_000_000);
        };
    }

    static String bucket(long[] errors, long usage, BigInteger price) {
        boolean none = Arrays.stream(errors).allMatch(e -> e == 0);
        boolean max = Arrays.stream(errors).anyMatch(e -> e == MAX_UINT32);
        return (none ? "clean" : max ? "max-errors" : "errors") + "/" + (usage == 0 ? "no-usage" : usage == MAX_UINT32 ? "max-usage" : "usage")
                + "/" + (price.signum() == 0 ? "free" : price.bitLength() > 64 ? "huge-price" : "price");
    }
}
