package org.vnfx.orchestrator;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.contracts.Attestations;
import org.vnfx.contracts.Identities;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.CryptoException;
import org.vnfx.ledger.Attestation;
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
import org.vnfx.ledger.tx.PreflightTransactionManager;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The orchestrator agent (DESIGN.md flow 3), run by the operator: for every VNF request on chain it
 * checks the requester, ranks the accepted offers of that function (operator-owned first, then
 * reputation, then price), keeps those that fit the MEC's free resources, and grants the best one with
 * the content key sealed for that MEC alone — or refuses with a reason code.
 *
 * <p>It also shares the content key of every advertised package with every approved validator
 * (Attestations.shareKey, the key re-sealed for that validator alone), whichever comes first: the
 * advertisement or the validator's approval. A pair already shared (a KeyShared event on chain) is never
 * shared again, and an offer no longer advertised is not shared at all.
 *
 * <p>It resumes from a checkpoint in {@code stateDir}; a request seen twice after a crash is decided
 * once, because every decision starts from the deployment's status on chain and the contract refuses a
 * second grant. The decisions of one pass are sent back to back (consecutive nonces) and their receipts
 * awaited together before the checkpoint moves, so that with slow blocks a block holds many decisions,
 * not one.
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

    /** A content key published for one validator. */
    public record KeyShare(byte[] packageDigest, String validator, TransactionReceipt receipt) {
        @Override
        public String toString() {
            return "key of 0x" + HexFormat.of().formatHex(packageDigest) + " shared with validator " + validator;
        }
    }

    private final Chain chain;
    private final DeploymentRecord record;
    private final Market market;
    /** Sends the decisions in flight: the operator's key, its own signer (nonces come from the node's pending count). */
    private final PreflightTransactionManager signer;
    private final UsagePolicies policies;
    private final Identities identities;
    private final KeyCustody custody;
    private final Path stateDir;
    private final Consumer<Decision> listener;
    private final OfferBook book = new OfferBook();
    private final Attestation attestation;
    /** Approved validators (lower-case addresses), in approval order. */
    private final Set<String> validators = new LinkedHashSet<>();
    /** "digest-hex/validator" pairs whose key is on chain already. */
    private final Set<String> shared = new HashSet<>();
    private volatile Consumer<KeyShare> keyShares = k -> {};
    private EventFollower follower;

    public Orchestrator(Chain chain, DeploymentRecord record, Credentials operator, ECKeyPair operatorEncryption, Path stateDir,
            Consumer<Decision> listener) {
        this.chain = chain;
        this.record = record;
        this.market = new Market(chain, record, operator);
        this.signer = chain.signer(operator).knowing(record.addresses());
        this.policies = new UsagePolicies(chain, record, operator);
        this.identities = market.suite().identities();
        this.custody = new KeyCustody(operatorEncryption);
        this.attestation = new Attestation(chain, record, operator);
        this.stateDir = stateDir;
        this.listener = listener;
    }

    /** Called after each key shared (the CLI prints them). */
    public Orchestrator onKeyShared(Consumer<KeyShare> listener) {
        this.keyShares = listener;
        return this;
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
            // So are the validators and the keys already shared with them: key sharing is decided from the whole history.
            EventFollower.scan(chain, List.of(record.address("Offers"), record.address("Identities"), record.address("Attestations")),
                            record.blockNumber())
                    .on(Offers.OFFERADVERTISED_EVENT, log -> book.add(Offers.getOfferAdvertisedEventFromLog(log)))
                    .on(Identities.APPROVED_EVENT, this::learnApproved)
                    .on(Identities.REVOKED_EVENT, this::learnRevoked)
                    .on(Attestations.KEYSHARED_EVENT, this::learnShared)
                    .poll();
            follower = new EventFollower(chain,
                    List.of(record.address("Offers"), record.address("Orchestration"), record.address("Identities"), record.address("Attestations")),
                    stateDir.resolve("orchestrator-checkpoint.json"), record.blockNumber())
                    .on(Offers.OFFERADVERTISED_EVENT, this::advertised)
                    .on(Identities.APPROVED_EVENT, this::approved)
                    .on(Identities.REVOKED_EVENT, this::learnRevoked)
                    .on(Attestations.KEYSHARED_EVENT, this::learnShared)
                    .on(Orchestration.DEPLOYMENTREQUESTED_EVENT, log -> decideInFlight(Orchestration.getDeploymentRequestedEventFromLog(log).deploymentId))
                    .beforeCheckpoint(this::awaitInFlight);
        }
        return follower.poll();
    }

    public long checkpoint() {
        return follower == null ? -1 : follower.checkpoint();
    }

    // --- key sharing with validators --------------------------------------------------------

    private void learnApproved(org.web3j.protocol.core.methods.response.Log log) {
        Identities.ApprovedEventResponse e = Identities.getApprovedEventFromLog(log);
        if (Role.of(e.role) == Role.VALIDATOR) validators.add(e.account.toLowerCase(Locale.ROOT));
    }

    private void learnRevoked(org.web3j.protocol.core.methods.response.Log log) {
        Identities.RevokedEventResponse e = Identities.getRevokedEventFromLog(log);
        if (Role.of(e.role) == Role.VALIDATOR) validators.remove(e.account.toLowerCase(Locale.ROOT));
    }

    private void learnShared(org.web3j.protocol.core.methods.response.Log log) {
        Attestation.SharedKey k = Attestation.sharedKey(log);
        shared.add(pair(k.packageDigest(), k.validator()));
    }

    /** A new advertisement: its key goes to every validator approved so far. */
    private void advertised(org.web3j.protocol.core.methods.response.Log log) throws Exception {
        Offers.OfferAdvertisedEventResponse e = Offers.getOfferAdvertisedEventFromLog(log);
        book.add(e);
        for (String v : List.copyOf(validators)) share(e.packageDigest, v);
    }

    /** A validator approved (perhaps after the advertisements): it gets the key of every offer still advertised. */
    private void approved(org.web3j.protocol.core.methods.response.Log log) throws Exception {
        learnApproved(log);
        Identities.ApprovedEventResponse e = Identities.getApprovedEventFromLog(log);
        if (Role.of(e.role) != Role.VALIDATOR) return;
        for (OfferBook.Entry entry : book.all()) share(entry.packageDigest(), e.account);
    }

    /**
     * Shares one package's key with one validator unless it is on chain already, the offer has left Advertised,
     * or the validator has lost its role since. An envelope this operator cannot open is skipped (logged): the
     * validators cannot inspect that package, and acceptance waits for them.
     */
    synchronized void share(byte[] packageDigest, String validator) throws Exception {
        String key = pair(packageDigest, validator);
        if (shared.contains(key)) return;
        if (Market.OfferStatus.values()[market.offer(packageDigest).status.intValueExact()] != Market.OfferStatus.ADVERTISED) return;
        if (!identities.hasRole(Role.VALIDATOR.id(), validator).send()) return;
        Identities.Identity id = market.identity(validator);
        CompressedKey validatorKey = new CompressedKey((byte) id.keyPrefix.intValueExact(), id.keyX);
        byte[] envelope;
        try {
            envelope = custody.resealForValidator(packageDigest, book.get(packageDigest).operatorKeyEnvelope(), validator, validatorKey);
        } catch (CryptoException e) {
            LOG.warn("offer 0x{}: the provider's key envelope does not open for this operator, not shared with validators: {}",
                    HexFormat.of().formatHex(packageDigest), e.getMessage());
            shared.add(key);
            return;
        }
        try {
            TransactionReceipt r = attestation.shareKey(packageDigest, validator, envelope);
            shared.add(key);
            keyShares.accept(new KeyShare(packageDigest, validator, r));
        } catch (ContractRevertException e) {
            // Raced with an acceptance, a retirement or a revocation: nothing to share any more.
            if (e.error().equals("NotAdvertised") || e.error().equals("NotValidator")) return;
            throw e;
        }
    }

    private static String pair(byte[] packageDigest, String validator) {
        return HexFormat.of().formatHex(packageDigest) + "/" + validator.toLowerCase(Locale.ROOT);
    }

    /**
     * What to do with one request, chosen from the chain's state: grant {@code offer} with {@code envelope}, or
     * refuse for {@code reason}; {@code status} other than REQUESTED means it was decided already.
     */
    private record Choice(BigInteger id, DeploymentStatus status, String mec, Candidate offer, byte[] envelope, Refusal reason, String detail) {
        boolean open() {
            return status == DeploymentStatus.REQUESTED;
        }

        Decision alreadyDecided(String why) {
            return new Decision(id, Outcome.ALREADY_DECIDED, null, null, why, null);
        }

        Decision made(TransactionReceipt r) {
            return offer != null ? new Decision(id, Outcome.GRANTED, offer.packageDigest(), null, "", r) : new Decision(id, Outcome.REFUSED, null, reason, detail, r);
        }
    }

    /** Decides one request from the chain's current state and waits for it to be mined. Safe to call again for the same deployment. */
    public synchronized Decision decide(BigInteger id) throws Exception {
        Choice c = choose(id, false);
        if (!c.open()) return c.alreadyDecided(c.status().name());
        try {
            return c.made(c.offer() != null ? market.grant(id, c.offer().packageDigest(), c.envelope()) : market.refuse(id, c.reason()));
        } catch (ContractRevertException e) {
            if (e.error().equals("WrongStatus")) return c.alreadyDecided("decided concurrently");
            throw e;
        }
    }

    /**
     * The choice for one request. {@code inPass}: decided among the decisions of a pass still in flight, so the MEC's
     * free resources are those read at its first request of the pass less the grants sent to it since (a grant may be
     * mined at any moment, so the chain's current figure cannot tell which are already counted).
     */
    private Choice choose(BigInteger id, boolean inPass) throws Exception {
        Orchestration.Deployment d = market.deployment(id);
        DeploymentStatus status = Market.status(d);
        String mec = d.mec;
        if (status != DeploymentStatus.REQUESTED) return new Choice(id, status, mec, null, null, null, "");
        String function = FunctionType.fromBytes32(d.functionType);
        if (!identities.hasRole(Role.MEC.id(), mec).send()) {
            return refusal(id, mec, Refusal.REQUESTER_NOT_APPROVED, mec + " is not an approved MEC node");
        }
        List<Candidate> eligible = new ArrayList<>();
        for (OfferBook.Entry e : book.forFunction(function)) {
            Offers.Offer o = market.offer(e.packageDigest());
            if (OfferRanking.eligible(o, function)) eligible.add(Candidate.of(e.packageDigest(), o));
        }
        if (eligible.isEmpty()) return refusal(id, mec, Refusal.NO_OFFER, "no accepted offer for '" + function + "'");
        Requirements free = inPass ? passFree.computeIfAbsent(key(mec), this::freeResources).less(reserved.get(key(mec))) : market.freeResources(mec);
        List<Candidate> fitting = OfferRanking.rank(eligible).stream().filter(c -> c.requirements().fitsIn(free)).toList();
        if (fitting.isEmpty()) {
            return refusal(id, mec, Refusal.INSUFFICIENT_RESOURCES, eligible.size() + " offer(s) for '" + function + "', none fits " + free);
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
            return refusal(id, mec, Refusal.POLICY_DENIED, fitting.size() + " fitting offer(s), the usage policy of each keeps it from " + mec + ": "
                    + String.join("; ", denied));
        }
        Identities.Identity mecIdentity = market.identity(mec);
        CompressedKey mecKey = new CompressedKey((byte) mecIdentity.keyPrefix.intValueExact(), mecIdentity.keyX);
        List<String> unusable = new ArrayList<>();
        for (Candidate c : allowed) {
            try {
                byte[] envelope = custody.reseal(c.packageDigest(), book.get(c.packageDigest()).operatorKeyEnvelope(), id, mec, mecKey);
                return new Choice(id, status, mec, c, envelope, null, "");
            } catch (CryptoException e) {
                // The provider sealed a key this operator cannot open: skip the offer, never grant it blind.
                unusable.add("0x" + HexFormat.of().formatHex(c.packageDigest()) + ": " + e.getMessage());
            }
        }
        return refusal(id, mec, Refusal.OTHER, "no fitting offer's key envelope opens for this operator: " + String.join("; ", unusable));
    }

    private static Choice refusal(BigInteger id, String mec, Refusal reason, String detail) {
        return new Choice(id, DeploymentStatus.REQUESTED, mec, null, null, reason, detail);
    }

    // --- decisions in flight ---------------------------------------------------------------------

    /** A decision sent, not yet mined. */
    private record InFlight(Choice choice, String transactionHash) {}

    private final List<InFlight> inFlight = new ArrayList<>();
    /** Per MEC (lower-case address): what the grants in flight take from its free resources. */
    private final Map<String, Requirements> reserved = new HashMap<>();
    /** Per MEC: its free resources when the pass first looked, before any grant of the pass. */
    private final Map<String, Requirements> passFree = new HashMap<>();

    /**
     * Decides a request seen by the follower and sends the decision without waiting for it to be mined, so that
     * every request of a pass is decided in the same block rather than one per block. The follower's checkpoint
     * does not move until {@link #awaitInFlight} has seen them all mined.
     */
    private synchronized void decideInFlight(BigInteger id) throws Exception {
        Choice c = choose(id, true);
        if (!c.open()) {
            listener.accept(c.alreadyDecided(c.status().name()));
            return;
        }
        Orchestration orchestration = market.suite().orchestration();
        String data = c.offer() != null
                ? orchestration.grant(id, c.offer().packageDigest(), c.envelope()).encodeFunctionCall()
                : orchestration.refuse(id, BigInteger.valueOf(c.reason().ordinal())).encodeFunctionCall();
        String hash;
        try {
            hash = signer.sendTransaction(BigInteger.ZERO, BigInteger.ZERO, record.address("Orchestration"), data, BigInteger.ZERO, false)
                    .getTransactionHash();
        } catch (ContractRevertException e) {
            if (e.error().equals("WrongStatus")) {
                listener.accept(c.alreadyDecided("decided concurrently"));
                return;
            }
            throw e;
        }
        if (c.offer() != null) reserved.merge(key(c.mec()), c.offer().requirements(), Requirements::plus);
        inFlight.add(new InFlight(c, hash));
    }

    /**
     * Waits for every decision in flight to be mined, in the order sent. One that reverted when mined (decided
     * meanwhile, or the node's resources changed under it) is decided again from the chain, synchronously.
     */
    private synchronized void awaitInFlight() throws Exception {
        try {
            for (InFlight f : inFlight) {
                TransactionReceipt r = chain.awaitReceipt(f.transactionHash());
                listener.accept(r.isStatusOK() ? f.choice().made(r) : decide(f.choice().id()));
            }
        } finally {
            inFlight.clear();
            reserved.clear();
            passFree.clear();
        }
    }

    private Requirements freeResources(String mec) {
        try {
            return market.freeResources(mec);
        } catch (Exception e) {
            throw new IllegalStateException("free resources of " + mec + ": " + e.getMessage(), e);
        }
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }



    @Override
    public void close() {
        if (follower != null) follower.close();
    }
}
