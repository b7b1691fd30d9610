package org.vnfx.ledger.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Offers;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The history read back from events equals, session by session, what the contract emitted and stored and
 * what the Java reference model computes, including a change of the reputation parameters half-way.
 */
class ReputationHistoryTest {
    static final Requirements NEEDS = new Requirements(100, 64, 16);

    /** What the test expects an offer's line to be. */
    record Expected(OfferTerms terms, String provider, List<ReputationHistory.Point> points) {}

    @Test
    void theHistoryFollowsTheContractAndTheReferenceModelSessionBySession() throws Exception {
        try (TestMarket market = TestMarket.start()) {
            Market op = market.operator.market();
            op.deposit(TestMarket.ETHER);
            Actor alice = market.actor("alice", Role.PROVIDER);
            Actor bob = market.actor("bob", Role.PROVIDER);
            Actor mec = market.actor("mec", Role.MEC);
            mec.market().publishResources(new Requirements(10_000, 10_000, 10_000));
            String ids = TestMarket.uniqueFunction("ids");
            String fw = TestMarket.uniqueFunction("fw");

            Map<String, Expected> expected = new LinkedHashMap<>();
            OfferTerms a = offer(market, alice, ids, 1_000_000_000L, ReputationModel.DEFAULT.prior(), expected);
            OfferTerms b = offer(market, bob, fw, 2_000_000_000L, ReputationModel.DEFAULT.prior(), expected);

            // Clean, light, heavy: the two lines must part ways.
            ReputationModel model = ReputationModel.DEFAULT;
            session(market, mec, a, model, expected, errors(0, 0, 0, 0, 0));
            session(market, mec, b, model, expected, errors(300, 20, 0, 1, 0));
            session(market, mec, a, model, expected, errors(12, 0, 0, 0, 0));
            session(market, mec, b, model, expected, errors(0, 0, 4, 2, 1));
            session(market, mec, a, model, expected, errors(0, 0, 0, 0, 0));

            // New parameters: later sessions use the new alpha, later offers start at the new prior, earlier ones keep theirs.
            ReputationModel changed = new ReputationModel(new BigInteger("600000000000000000"), new BigInteger("800000000000000000"), ErrorType.defaultWeights());
            op.setReputationParameters(changed.alpha(), changed.prior(), changed.weightsMicros());
            OfferTerms c = offer(market, bob, ids, 500_000_000L, changed.prior(), expected);
            offer(market, alice, fw, 500_000_000L, changed.prior(), expected); // never runs: its line is its prior alone
            session(market, mec, c, changed, expected, errors(0, 50, 0, 0, 0));
            session(market, mec, a, changed, expected, errors(0, 0, 0, 3, 0));
            session(market, mec, b, changed, expected, errors(0, 0, 0, 0, 0));

            ReputationHistory history = ReputationHistory.read(market.chain, market.record);
            assertEquals(market.chain.chainId(), history.chainId());
            assertEquals(market.record.blockNumber(), history.fromBlock());
            assertEquals(market.chain.blockNumber(), history.toBlock());
            assertEquals(List.copyOf(expected.keySet()), history.series().stream().map(ReputationHistory.Series::packageDigest).toList(),
                    "one series per offer, in order of advertisement");
            for (ReputationHistory.Series s : history.series()) {
                Expected e = expected.get(s.packageDigest());
                assertEquals(e.terms().functionType(), s.functionType());
                assertEquals(e.provider().toLowerCase(), s.provider().toLowerCase());
                assertEquals(e.points(), s.points(), "offer " + s.packageDigest());
                Offers.Offer stored = op.offer(e.terms().packageDigest());
                assertEquals(stored.reputation, s.last().reputation(), "the line ends where the contract is");
                assertEquals(stored.sessions.intValueExact(), s.sessions());
            }
            assertEquals(8, history.sessions());
            assertEquals(List.of(4, 1), history.forFunction(ids).series().stream().map(ReputationHistory.Series::sessions).toList());
            assertEquals(3, history.withSessions().series().size());
            assertNull(history.series().get(0).points().get(0).instantaneous(), "the prior is not a session");
        }
    }

    static OfferTerms offer(TestMarket market, Actor provider, String function, long price, BigInteger prior, Map<String, Expected> expected)
            throws Exception {
        OfferTerms t = TestMarket.terms(function, NEEDS, price);
        TransactionReceipt r = provider.market().advertise(t);
        market.operator.market().accept(t.packageDigest());
        List<ReputationHistory.Point> points = new ArrayList<>();
        points.add(new ReputationHistory.Point(0, 0, r.getBlockNumber().longValueExact(), null, prior));
        expected.put(Numeric.toHexString(t.packageDigest()), new Expected(t, provider.address(), points));
        return t;
    }

    /** One session of the offer with these errors; checks the event against the model and records the expected point. */
    static void session(TestMarket market, Actor mec, OfferTerms offer, ReputationModel model, Map<String, Expected> expected, long[] errors)
            throws Exception {
        List<ReputationHistory.Point> points = expected.get(Numeric.toHexString(offer.packageDigest())).points();
        ReputationHistory.Point previous = points.get(points.size() - 1);
        BigInteger id = market.running(mec, offer);
        market.advanceSeconds(5);
        TransactionReceipt r = mec.market().reportUninstall(id, 5, errors);
        ReputationModel.Session s = model.session(previous.reputation(), errors, offer.basePricePerSecond(), 5);
        var event = Offers.getReputationUpdatedEvents(r).get(0);
        assertEquals(s.reputation(), event.reputation, "the contract agrees with the model");
        assertEquals(s.instantaneous(), event.instantaneous);
        points.add(new ReputationHistory.Point(previous.session() + 1, id.longValueExact(), r.getBlockNumber().longValueExact(),
                s.instantaneous(), s.reputation()));
    }

    static long[] errors(long captureDrops, long decoderInvalid, long memcapHits, long ruleFailures, long crashes) {
        return new long[] {captureDrops, decoderInvalid, memcapHits, ruleFailures, crashes, 0, 0, 0};
    }
}
