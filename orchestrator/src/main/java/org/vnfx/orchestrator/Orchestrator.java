package org.vnfx.orchestrator;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.contracts.Identities;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.CryptoException;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.Market.Refusal;
import org.vnfx.ledger.policy.UsagePolicies;
import org.vnfx.ledger.OfferRanking;
import org.vnfx.ledger.OfferRanking.Candidate;
import org.vnfx.ledger.events.EventFollower;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.ContractRevertException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The orchestrator agent (DESIGN.md flow 3), run by the operator: for every VNF request on chain it
 * checks the requester, ranks the accepted offers of that function (operator-owned first, then
 * reputation, then price), keeps those that fit the MEC's free resources, and grants the best one with
 * the content key sealed for that MEC alone — or refuses with a reason code.
 *
 * <p>It resumes from a checkpoint in {@code stateDir}; a request seen twice after a crash is decided
 * once, because every decision starts from the deployment's status on chain and the contract refuses a
 * second grant.
 */
public final class Orchestrator implements AutoCloseable {
    public static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

    public enum Outcome { GRANTED, REFUSED, ALREADY_DECIDED }

    /** What became of one request. {@code offer} is set when granted; {@code reason} when refused. */
    public record Decision(BigInteger deploymentId, Outcome outcome, byte[] offer, Refusal reason, String detail, TransactionReceipt receipt) {
        @Override
        public String toString() {
            return "deployment " + deploymentId + ": " + outcome
                    + (offer != null ? " offer 0x" + HexFormat.of().formatHex(offer) : "")
                    + (reason != null ? " " + reason : "") + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    private final Chain chain;
    private final DeploymentRecord record;
    private final Market market;
    private final UsagePolicies policies;
    private final Identities identities;
    private final KeyCustody custody;
    private final Path stateDir;
    private final Consumer<Decision> listener;
    private final OfferBook book = new OfferBook();
    private EventFollower follower;

    public Orchestrator(Chain chain, DeploymentRecord record, Credentials operator, ECKeyPair operatorEncryption, Path stateDir,
            Consumer<Decision> listener) {
        this.chain = chain;
        this.record = record;
        this.market = new Market(chain, record, operator);
        this.policies = new UsagePolicies(chain, record, operator);
        this.identities = market.suite().identities();
        this.custody = new KeyCustody(operatorEncryption);
        this.stateDir = stateDir;
        this.listener = listener;
    }

    /** Reads the advertisements so far, then follows requests from the saved checkpoint in the background. */
    public Orchestrator start() throws Exception {
        catchUp();
        follower.start(POLL_INTERVAL, e -> LOG.warn("orchestrator pass failed, will retry: {}", e.toString()));
        return this;
    }

    /** Brings the offer book and every pending request up to the chain head, in the caller's thread. */
    public int catchUp() throws Exception {
        if (follower == null) {
            // Advertisements carry the operator's key envelope and are needed whatever the checkpoint says.
            EventFollower.scan(chain, List.of(record.address("Offers")), record.blockNumber())
                    .on(Offers.OFFERADVERTISED_EVENT, log -> book.add(Offers.getOfferAdvertisedEventFromLog(log)))
                    .poll();
            follower = new EventFollower(chain, List.of(record.address("Offers"), record.address("Orchestration")),
                    stateDir.resolve("orchestrator-checkpoint.json"), record.blockNumber())
                    .on(Offers.OFFERADVERTISED_EVENT, log -> book.add(Offers.getOfferAdvertisedEventFromLog(log)))
                    .on(Orchestration.DEPLOYMENTREQUESTED_EVENT,
                            log -> listener.accept(decide(Orchestration.getDeploymentRequestedEventFromLog(log).deploymentId)));
        }
        return follower.poll();
    }

    public long checkpoint() {
        return follower == null ? -1 : follower.checkpoint();
    }

    /** Decides one request from the chain's current state. Safe to call again for the same deployment. */
    public synchronized Decision decide(BigInteger id) throws Exception {
        Orchestration.Deployment d = market.deployment(id);
        DeploymentStatus status = Market.status(d);
        if (status != DeploymentStatus.REQUESTED) return new Decision(id, Outcome.ALREADY_DECIDED, null, null, status.name(), null);
        String mec = d.mec;
        String function = FunctionType.fromBytes32(d.functionType);
        if (!identities.hasRole(Role.MEC.id(), mec).send()) {
            return refuse(id, Refusal.REQUESTER_NOT_APPROVED, mec + " is not an approved MEC node");
        }
        List<Candidate> eligible = new ArrayList<>();
        for (OfferBook.Entry e : book.forFunction(function)) {
            Offers.Offer o = market.offer(e.packageDigest());
            if (OfferRanking.eligible(o, function)) eligible.add(Candidate.of(e.packageDigest(), o));
        }
        if (eligible.isEmpty()) return refuse(id, Refusal.NO_OFFER, "no accepted offer for '" + function + "'");
        Requirements free = market.freeResources(mec);
        List<Candidate> fitting = OfferRanking.rank(eligible).stream().filter(c -> c.requirements().fitsIn(free)).toList();
        if (fitting.isEmpty()) {
            return refuse(id, Refusal.INSUFFICIENT_RESOURCES, eligible.size() + " offer(s) for '" + function + "', none fits " + free);
        }
        // The provider's usage policy may keep its package from this node (region, end date): ask before granting.
        List<Candidate> allowed = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        for (Candidate c : fitting) {
            try {
                policies.checkRedistribute(c.packageDigest(), mec, false);
                allowed.add(c);
            } catch (ContractRevertException e) {
                denied.add("0x" + HexFormat.of().formatHex(c.packageDigest()) + ": " + e.error() + " " + e.arguments());
            }
        }
        if (allowed.isEmpty()) {
            return refuse(id, Refusal.POLICY_DENIED, fitting.size() + " fitting offer(s), the usage policy of each keeps it from " + mec + ": "
                    + String.join("; ", denied));
        }
        Identities.Identity mecIdentity = market.identity(mec);
        CompressedKey mecKey = new CompressedKey((byte) mecIdentity.keyPrefix.intValueExact(), mecIdentity.keyX);
        List<String> unusable = new ArrayList<>();
        for (Candidate c : allowed) {
            byte[] envelope;
            try {
                envelope = custody.reseal(c.packageDigest(), book.get(c.packageDigest()).operatorKeyEnvelope(), id, mec, mecKey);
            } catch (CryptoException e) {
                // The provider sealed a key this operator cannot open: skip the offer, never grant it blind.
                unusable.add("0x" + HexFormat.of().formatHex(c.packageDigest()) + ": " + e.getMessage());
                continue;
            }
            try {
                TransactionReceipt r = market.grant(id, c.packageDigest(), envelope);
                return new Decision(id, Outcome.GRANTED, c.packageDigest(), null, "", r);
            } catch (ContractRevertException e) {
                if (e.error().equals("WrongStatus")) return new Decision(id, Outcome.ALREADY_DECIDED, null, null, "decided concurrently", null);
                throw e;
            }
        }
        return refuse(id, Refusal.OTHER, "no fitting offer's key envelope opens for this operator: " + String.join("; ", unusable));
    }

    private Decision refuse(BigInteger id, Refusal reason, String detail) throws Exception {
        try {
            TransactionReceipt r = market.refuse(id, reason);
            return new Decision(id, Outcome.REFUSED, null, reason, detail, r);
        } catch (ContractRevertException e) {
            if (e.error().equals("WrongStatus")) return new Decision(id, Outcome.ALREADY_DECIDED, null, null, "decided concurrently", null);
            throw e;
        }
    }

    @Override
    public void close() {
        if (follower != null) follower.close();
    }
}
