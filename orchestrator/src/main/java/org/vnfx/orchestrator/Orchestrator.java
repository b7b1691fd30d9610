package org.vnfx.orchestrator;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
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
 * second grant. The requests of one pass are read, decided and sent together, in JSON-RPC batches, and the checkpoint
 * moves only past requests whose decision is seen mined (see {@link #settle}).
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

    /**
     * Brings the offer book and every pending request up to the chain head, in the caller's thread, and waits until
     * every decision it sent is mined.
     */
    public int catchUp() throws Exception {
        int handled = poll();
        while (unfinished()) {
            Thread.sleep(Chain.RECEIPT_POLL_MILLIS);
            handled += follower.poll();
        }
        return handled;
    }

    private int poll() throws Exception {
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
                    .on(Orchestration.DEPLOYMENTREQUESTED_EVENT, this::requested)
                    .checkpointBy(this::settle);
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
        Choice c = choose(id, PassReads.read(market.suite(), policies, signer, book, List.of(id), DefaultBlockParameterName.LATEST), inFlightGrants());
        if (!c.open()) return c.alreadyDecided(c.status().name());
        try {
            return c.made(c.offer() != null ? market.grant(id, c.offer().packageDigest(), c.envelope()) : market.refuse(id, c.reason()));
        } catch (ContractRevertException e) {
            if (e.error().equals("WrongStatus")) return c.alreadyDecided("decided concurrently");
            throw e;
        }
    }

    /**
     * The choice for one request from {@code reads}. {@code reserved}: per MEC (lower-case address), what the grants
     * that {@code reads} does not count yet take from the node's free resources: those in flight, those mined after the
     * block read, and those chosen before this one in the same pass.
     */
    private Choice choose(BigInteger id, PassReads reads, Map<String, Requirements> reserved) {
        Orchestration.Deployment d = reads.deployment(id);
        DeploymentStatus status = Market.status(d);
        String mec = d.mec;
        if (status != DeploymentStatus.REQUESTED) return new Choice(id, status, mec, null, null, null, "");
        String function = FunctionType.fromBytes32(d.functionType);
        if (!reads.isMec(mec)) {
            return refusal(id, mec, Refusal.REQUESTER_NOT_APPROVED, mec + " is not an approved MEC node");
        }
        List<Candidate> eligible = new ArrayList<>();
        for (OfferBook.Entry e : book.forFunction(function)) {
            Offers.Offer o = reads.offer(e.packageDigest());
            if (OfferRanking.eligible(o, function)) eligible.add(Candidate.of(e.packageDigest(), o));
        }
        if (eligible.isEmpty()) return refusal(id, mec, Refusal.NO_OFFER, "no accepted offer for '" + function + "'");
        Requirements free = reads.freeResources(mec).less(reserved.get(key(mec)));
        List<Candidate> fitting = OfferRanking.rank(eligible).stream().filter(c -> c.requirements().fitsIn(free)).toList();
        if (fitting.isEmpty()) {
            return refusal(id, mec, Refusal.INSUFFICIENT_RESOURCES, eligible.size() + " offer(s) for '" + function + "', none fits " + free);
        }
        // The provider's usage policy may keep its package from this node (region, end date): ask before granting.
        List<Candidate> allowed = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        for (Candidate c : fitting) {
            Optional<ContractRevertException> denial = reads.policyDenial(c.packageDigest(), mec);
            if (denial.isEmpty()) allowed.add(c);
            else denied.add("0x" + HexFormat.of().formatHex(c.packageDigest()) + ": " + denial.get().error() + " " + denial.get().arguments());
        }
        if (allowed.isEmpty()) {
            return refusal(id, mec, Refusal.POLICY_DENIED, fitting.size() + " fitting offer(s), the usage policy of each keeps it from " + mec + ": "
                    + String.join("; ", denied));
        }
        Identities.Identity mecIdentity = reads.identity(mec);
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

    // --- decisions in flight ----------------------------------------------------------------------

    /** How often the chain may refuse the decision of one request before it is refused with {@link Refusal#OTHER}. */
    public static final int MAX_DECISION_ATTEMPTS = 3;
    /** How long a sent decision may stay unmined before it is decided again (the node may have dropped it). */
    public static final Duration UNMINED_DECISION_TIMEOUT = Duration.ofMinutes(2);

    /** A request to decide: the block that holds it, the decisions of it the chain refused so far and the last refusal. */
    private record Queued(BigInteger id, long block, int refusals, String lastRefusal) {
        Queued refusedAgain(String why) {
            return new Queued(id, block, refusals + 1, why);
        }
    }

    /** A decision sent, not seen mined yet. */
    private record InFlight(Choice choice, Queued request, String transactionHash, long sentNanos) {}

    private final Map<BigInteger, Queued> queued = new LinkedHashMap<>();
    private final Map<BigInteger, InFlight> inFlight = new LinkedHashMap<>();

    private synchronized void requested(org.web3j.protocol.core.methods.response.Log log) {
        BigInteger id = Orchestration.getDeploymentRequestedEventFromLog(log).deploymentId;
        if (!inFlight.containsKey(id)) queued.putIfAbsent(id, new Queued(id, log.getBlockNumber().longValueExact(), 0, ""));
    }

    private synchronized boolean unfinished() {
        return !queued.isEmpty() || !inFlight.isEmpty();
    }

    /**
     * The follower's progress, after each of its passes: decisions seen mined are reported, the requests of the
     * pass decided and sent, and the checkpoint may move up to the block before the oldest request still undecided
     * or unmined. The follower reads on meanwhile, so decisions are pipelined: a pass never waits for the blocks
     * that mine the previous one's.
     */
    private synchronized long settle(long handledThrough) throws Exception {
        Map<String, Requirements> minedAfter = confirm(handledThrough);
        if (!queued.isEmpty()) decideQueued(handledThrough, minedAfter);
        long finished = handledThrough;
        for (Queued q : queued.values()) finished = Math.min(finished, q.block() - 1);
        for (InFlight f : inFlight.values()) finished = Math.min(finished, f.request().block() - 1);
        return finished;
    }

    /**
     * Reads the receipts of the decisions in flight, in one batch. A mined one is reported; one that reverted when
     * mined (decided meanwhile, or the node's resources or the offer changed under it) is queued to be decided
     * again, as is one unmined for {@link #UNMINED_DECISION_TIMEOUT}. Answers, per MEC, the grants mined after
     * {@code block}: the reads of a pass at {@code block} do not count them yet.
     */
    private Map<String, Requirements> confirm(long block) throws Exception {
        Map<String, Requirements> minedAfter = new HashMap<>();
        if (inFlight.isEmpty()) return minedAfter;
        List<InFlight> flying = List.copyOf(inFlight.values());
        List<Optional<TransactionReceipt>> receipts = chain.receipts(flying.stream().map(InFlight::transactionHash).toList());
        long now = System.nanoTime();
        for (int i = 0; i < flying.size(); i++) {
            InFlight f = flying.get(i);
            Choice c = f.choice();
            if (receipts.get(i).isEmpty()) {
                if (now - f.sentNanos() < UNMINED_DECISION_TIMEOUT.toNanos()) continue;
                LOG.warn("deployment {}: decision {} not mined after {}, deciding again", c.id(), f.transactionHash(), UNMINED_DECISION_TIMEOUT);
                inFlight.remove(c.id());
                queued.put(c.id(), f.request().refusedAgain("not mined after " + UNMINED_DECISION_TIMEOUT));
                continue;
            }
            TransactionReceipt r = receipts.get(i).get();
            inFlight.remove(c.id());
            if (!r.isStatusOK()) {
                queued.put(c.id(), f.request().refusedAgain("transaction " + r.getTransactionHash() + " reverted when mined"));
                continue;
            }
            if (c.offer() != null && r.getBlockNumber().longValueExact() > block) minedAfter.merge(key(c.mec()), c.offer().requirements(), Requirements::plus);
            listener.accept(c.made(r));
        }
        return minedAfter;
    }

    /**
     * Decides every queued request together: their reads in a few JSON-RPC batches at {@code block} ({@link PassReads}),
     * the choices in chain order (each MEC's free resources less the grants not counted at {@code block}: those in
     * flight, those mined after it, those chosen before in the pass), then all decisions pre-flighted and sent in two
     * more batches. So many requests cost a few round trips rather than a dozen each, and with slow blocks their
     * decisions share a block instead of taking one each. A request leaves the queue only once its decision is sent
     * or found made; a failure leaves it queued for the next pass.
     */
    private void decideQueued(long block, Map<String, Requirements> minedAfter) throws Exception {
        PassReads reads = PassReads.read(market.suite(), policies, signer, book, queued.keySet(), DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
        Map<String, Requirements> reserved = inFlightGrants();
        minedAfter.forEach((mec, r) -> reserved.merge(mec, r, Requirements::plus));
        List<Choice> open = new ArrayList<>();
        for (Queued q : List.copyOf(queued.values())) {
            Choice c = choose(q.id(), reads, reserved);
            if (!c.open()) {
                queued.remove(q.id());
                listener.accept(c.alreadyDecided(c.status().name()));
                continue;
            }
            if (q.refusals() >= MAX_DECISION_ATTEMPTS) {
                // Never leave a request waiting for ever: say on chain that it cannot be served, and why in the log.
                LOG.warn("deployment {}: the chain refused {} decisions, the last: {}; refusing it", q.id(), q.refusals(), q.lastRefusal());
                c = refusal(q.id(), c.mec(), Refusal.OTHER, q.refusals() + " decisions refused by the chain, the last: " + q.lastRefusal());
            }
            if (c.offer() != null) reserved.merge(key(c.mec()), c.offer().requirements(), Requirements::plus);
            open.add(c);
        }
        Orchestration orchestration = market.suite().orchestration();
        List<PreflightTransactionManager.Call> calls = new ArrayList<>();
        for (Choice c : open) {
            calls.add(new PreflightTransactionManager.Call(orchestration.getContractAddress(), c.offer() != null
                    ? orchestration.grant(c.id(), c.offer().packageDigest(), c.envelope()).encodeFunctionCall()
                    : orchestration.refuse(c.id(), BigInteger.valueOf(c.reason().ordinal())).encodeFunctionCall()));
        }
        List<PreflightTransactionManager.Answer> sent = signer.sendAll(calls);
        long now = System.nanoTime();
        for (int i = 0; i < open.size(); i++) {
            Choice c = open.get(i);
            PreflightTransactionManager.Answer a = sent.get(i);
            Queued q = queued.remove(c.id());
            if (!a.refused()) {
                inFlight.put(c.id(), new InFlight(c, q, a.result(), now));
            } else if (a.refusal() instanceof ContractRevertException e && e.error().equals("WrongStatus")) {
                listener.accept(c.alreadyDecided("decided concurrently"));
            } else {
                // Refused in pre-flight (the chain moved on since the reads) or by the node: decided again next pass.
                queued.put(c.id(), q.refusedAgain(a.refusal().getMessage()));
            }
        }
    }

    /** Per MEC (lower-case address), what the grants sent and not seen mined yet take from its free resources. */
    private Map<String, Requirements> inFlightGrants() {
        Map<String, Requirements> reserved = new HashMap<>();
        for (InFlight f : inFlight.values()) {
            if (f.choice().offer() != null) reserved.merge(key(f.choice().mec()), f.choice().offer().requirements(), Requirements::plus);
        }
        return reserved;
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        if (follower != null) follower.close();
    }
}
