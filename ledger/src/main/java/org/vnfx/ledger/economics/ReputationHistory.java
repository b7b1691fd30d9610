package org.vnfx.ledger.economics;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vnfx.contracts.Offers;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.events.EventFollower;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.FunctionType;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * Each offer's reputation over its sessions (the B-VNF paper's Fig. 4), rebuilt from the chain alone: the
 * Offers contract's {@code OfferAdvertised}, {@code ReputationParametersSet} and {@code ReputationUpdated}
 * events since the suite's deployment block. Reputations are WAD fixed point ({@link ReputationModel#WAD} = 1.0).
 *
 * @param chainId   the chain read
 * @param fromBlock first block scanned: the suite's deployment block
 * @param toBlock   last block scanned: the head when read
 * @param series    one per advertised offer, in order of advertisement
 */
public record ReputationHistory(long chainId, long fromBlock, long toBlock, List<Series> series) {

    /**
     * One point of an offer's line. Point 0 is the prior the offer started at: it has no deployment (0)
     * and no instantaneous reputation (null), and its block is the advertisement's.
     *
     * @param session       the contract's session count: 0 for the prior, 1 for the offer's first settled session
     * @param instantaneous R_i of the session, equation (1)
     * @param reputation    R after the session, equation (2): what the session was priced with
     */
    public record Point(int session, long deploymentId, long block, BigInteger instantaneous, BigInteger reputation) {}

    /** One offer's line: its prior, then one point per session. */
    public record Series(String packageDigest, String functionType, String provider, boolean operatorOwned, List<Point> points) {
        public Series {
            points = List.copyOf(points);
            if (points.isEmpty() || points.get(0).session() != 0) throw new IllegalArgumentException("a series starts with its prior (session 0)");
        }

        public int sessions() {
            return points.size() - 1;
        }

        public BigInteger prior() {
            return points.get(0).reputation();
        }

        public Point last() {
            return points.get(points.size() - 1);
        }
    }

    public ReputationHistory {
        series = List.copyOf(series);
    }

    /** Settled sessions over all offers. */
    public int sessions() {
        return series.stream().mapToInt(Series::sessions).sum();
    }

    public ReputationHistory forFunction(String functionType) {
        return new ReputationHistory(chainId, fromBlock, toBlock, series.stream().filter(s -> s.functionType().equals(functionType)).toList());
    }

    /** Only the offers that have run at least one session: a line needs two points. */
    public ReputationHistory withSessions() {
        return new ReputationHistory(chainId, fromBlock, toBlock, series.stream().filter(s -> s.sessions() > 0).toList());
    }

    /** Reads the history of the suite in {@code record} up to the chain head. */
    public static ReputationHistory read(Chain chain, DeploymentRecord record) throws Exception {
        String address = record.address("Offers");
        Offers offers = Offers.load(address, chain.web3j(), new ReadonlyTransactionManager(chain.web3j(), ZERO_ADDRESS),
                new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
        // Read before the scan, so that if the scan finds no ReputationParametersSet this is still the prior
        // every offer was advertised with.
        BigInteger currentPrior = offers.priorReputation().send();
        Collector c = new Collector();
        EventFollower scan = EventFollower.scan(chain, List.of(address), record.blockNumber())
                .on(Offers.REPUTATIONPARAMETERSSET_EVENT, c::parametersSet)
                .on(Offers.OFFERADVERTISED_EVENT, c::advertised)
                .on(Offers.REPUTATIONUPDATED_EVENT, c::updated);
        scan.poll();

        // Offers advertised before the first parameter change started at the constructor's prior. With no change
        // at all that is the contract's current prior; after one, no current state holds it (only an archive
        // node's history would), and ReputationModel.DEFAULT mirrors the constructor (ReputationReferenceTest checks that).
        BigInteger deployedPrior = c.prior != null ? ReputationModel.DEFAULT.prior() : currentPrior;
        List<Series> series = c.offers.values().stream().map(o -> o.series(deployedPrior)).toList();
        return new ReputationHistory(chain.chainId(), record.blockNumber(), scan.checkpoint(), series);
    }

    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    /** The scan's state, fed the Offers logs in chain order. */
    private static final class Collector {
        final Map<String, OfferLine> offers = new LinkedHashMap<>();
        BigInteger prior; // null until the first ReputationParametersSet: the value the contract was deployed with

        void parametersSet(Log log) {
            prior = Offers.getReputationParametersSetEventFromLog(log).priorReputation;
        }

        void advertised(Log log) {
            var e = Offers.getOfferAdvertisedEventFromLog(log);
            String digest = Numeric.toHexString(e.packageDigest);
            offers.put(digest, new OfferLine(digest, FunctionType.fromBytes32(e.functionType), e.provider, e.operatorOwned,
                    log.getBlockNumber().longValueExact(), prior));
        }

        void updated(Log log) {
            var e = Offers.getReputationUpdatedEventFromLog(log);
            String digest = Numeric.toHexString(e.packageDigest);
            OfferLine o = offers.get(digest);
            if (o == null) throw new IllegalStateException("ReputationUpdated in block " + log.getBlockNumber() + " for " + digest + ", never advertised");
            int session = e.sessions.intValueExact();
            // The contract counts sessions one by one: a gap means logs are missing, and the line would lie.
            if (session != o.sessions.size() + 1) {
                throw new IllegalStateException("offer " + digest + ": session " + session + " in block " + log.getBlockNumber()
                        + " follows session " + o.sessions.size() + " (the node is missing logs?)");
            }
            o.sessions.add(new Point(session, e.deploymentId.longValueExact(), log.getBlockNumber().longValueExact(), e.instantaneous, e.reputation));
        }
    }

    private record OfferLine(String digest, String functionType, String provider, boolean operatorOwned, long advertisedBlock,
                             BigInteger prior, List<Point> sessions) {
        OfferLine(String digest, String functionType, String provider, boolean operatorOwned, long advertisedBlock, BigInteger prior) {
            this(digest, functionType, provider, operatorOwned, advertisedBlock, prior, new ArrayList<>());
        }

        Series series(BigInteger deployedPrior) {
            List<Point> points = new ArrayList<>();
            points.add(new Point(0, 0, advertisedBlock, null, prior == null ? deployedPrior : prior));
            points.addAll(sessions);
            return new Series(digest, functionType, provider, operatorOwned, points);
        }
    }
}
