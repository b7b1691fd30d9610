package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Licences;
import org.vnfx.contracts.Orchestration;
import org.vnfx.contracts.Settlement;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.ledger.tx.PreflightTransactionManager;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.StaticArray8;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint40;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint72;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;

/**
 * Contract-level invariants under a seeded random walk over every state-changing function of the suite, each
 * call made by an actor drawn from every role (operators, providers, MEC nodes, validators, customers, pending,
 * revoked and unregistered accounts) with plausible arguments, valid and invalid ones mixed.
 *
 * <p>A Java model of the suite predicts every call: either it succeeds, or it reverts with one exact custom error
 * (the first check of the contract that fails). After every step the walk checks that
 * <ul>
 *   <li>the call succeeded exactly when the model allowed it, and reverted with the predicted error otherwise (one
 *       refused call in {@value #FORCE_ONE_REVERT_IN} is also forced into a block without pre-flight, and must be mined
 *       as a revert that changed nothing);
 *   <li>every account holds exactly the role and status the model gave it (a role only comes from registering as a
 *       customer or from an operator's approval; nobody gains one otherwise);
 *   <li>the offer or deployment the call acted on moved along an edge of its lifecycle graph, or not at all;
 *   <li>no wei is created or destroyed: Settlement holds escrow + owed, owed is the sum of the providers' balances,
 *       Licences holds the sum of earnings, and deposits + licence payments == ether held + withdrawn + reclaimed;
 *   <li>a successful call's gas stays under a bound of its function that does not depend on the size of the market.
 * </ul>
 * Every {@value #SWEEP_EVERY_STEPS} steps and at the end, the whole market (every offer, deployment, tally, term,
 * licence and resource pool) is compared with the model.
 *
 * <p>{@code -Dvnfx.invariants.seed=N} replays a walk, {@code -Dvnfx.invariants.steps=N} sets its length. A failure
 * names the seed, the step and the calls that led there (all of them in {@code target/invariant-walk-SEED.log}).
 */
class InvariantWalkTest {
    static final int DEFAULT_STEPS = 600;
    static final int SWEEP_EVERY_STEPS = 100;
    static final int HISTORY_SHOWN = 30;
    /** Accounts that may join during a walk, so that revocations do not empty a role for good. */
    static final int MAX_NEWCOMERS = 12;
    /** One refused call in this many is also forced into a block without pre-flight. */
    static final int FORCE_ONE_REVERT_IN = 10;
    static final BigInteger FORCED_GAS = BigInteger.valueOf(500_000);
    /** Clock jumps are far larger than the seconds a walk takes, so expiries are never a matter of timing. */
    static final long TIME_JUMP_SECONDS = 100_000;
    static final long[] TRIAL_PERIODS_SECONDS = {50_000, 150_000};
    static final long POLICY_LIFETIME_SECONDS = 150_000;
    static final BigInteger WAD = BigInteger.TEN.pow(18);
    /** Small deposits and whole-escrow reclaims keep the escrow short now and then, so payments are deferred and settled. */
    static final BigInteger MAX_DEPOSIT_WEI = WAD;
    static final long MAX_BASE_PRICE_WEI_PER_SECOND = 100_000_000_000_000L;
    static final long MAX_LICENCE_PRICE_WEI = 100_000_000_000_000_000L;
    static final int MAX_ENVELOPE_BYTES = 512;
    static final int MAX_POLICY_LIST = 64;
    static final List<String> FUNCTIONS = List.of("ids", "fw", "cdn");
    static final List<String> REGIONS = List.of("eu", "us");
    static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    /**
     * Gas of one successful call, per function: constants (1.25 to 1.7 times the most seen over 12 walks of 2,000 steps),
     * so a walk of any length must stay under them: nothing in the suite may grow with the market. attach loops over
     * its lists, which the walk keeps to at most three customers and two regions.
     */
    static final Map<String, Long> GAS_BOUNDS = Map.ofEntries(
            Map.entry("Identities.register", 90_000L), Map.entry("Identities.approve", 45_000L),
            Map.entry("Identities.revoke", 45_000L), Map.entry("Identities.rotateKey", 45_000L),
            Map.entry("Offers.advertise", 160_000L), Map.entry("Offers.accept", 85_000L), Map.entry("Offers.reject", 45_000L),
            Map.entry("Offers.retire", 55_000L), Map.entry("Offers.setReputationParameters", 60_000L),
            Map.entry("Attestations.setThreshold", 65_000L), Map.entry("Attestations.shareKey", 60_000L),
            Map.entry("Attestations.attest", 110_000L), Map.entry("Attestations.strike", 60_000L),
            Map.entry("Policies.attach", 220_000L), Map.entry("Policies.assignRegion", 65_000L),
            Map.entry("Policies.declareDerivation", 75_000L),
            Map.entry("Orchestration.publishResources", 70_000L), Map.entry("Orchestration.request", 110_000L),
            Map.entry("Orchestration.grant", 85_000L), Map.entry("Orchestration.refuse", 45_000L),
            Map.entry("Orchestration.reportInstantiation", 65_000L), Map.entry("Orchestration.reportUninstall", 130_000L),
            Map.entry("Orchestration.settle", 100_000L),
            Map.entry("Settlement.deposit", 65_000L), Map.entry("Settlement.reclaim", 60_000L), Map.entry("Settlement.withdraw", 50_000L),
            Map.entry("Licences.setTerms", 105_000L), Map.entry("Licences.buy", 105_000L), Map.entry("Licences.withdraw", 45_000L),
            Map.entry("Licences.instantiate", 170_000L), Map.entry("Licences.terminate", 45_000L));

    enum IdStatus { NONE, PENDING, APPROVED, REVOKED }

    enum OfferStatus { NONE, ADVERTISED, ACCEPTED, REJECTED, RETIRED }

    enum DeploymentStatus { NONE, REQUESTED, GRANTED, REFUSED, RUNNING, FAILED, UNINSTALLED, SETTLED }

    /** The lifecycle graphs of the contracts' notices: the only moves a status may make in one transaction. */
    static final Map<IdStatus, Set<IdStatus>> IDENTITY_MOVES = new EnumMap<>(Map.of(
            IdStatus.NONE, EnumSet.of(IdStatus.PENDING, IdStatus.APPROVED), IdStatus.PENDING, EnumSet.of(IdStatus.APPROVED),
            IdStatus.APPROVED, EnumSet.of(IdStatus.REVOKED), IdStatus.REVOKED, EnumSet.noneOf(IdStatus.class)));
    static final Map<OfferStatus, Set<OfferStatus>> OFFER_MOVES = new EnumMap<>(Map.of(
            OfferStatus.NONE, EnumSet.of(OfferStatus.ADVERTISED),
            OfferStatus.ADVERTISED, EnumSet.of(OfferStatus.ACCEPTED, OfferStatus.REJECTED, OfferStatus.RETIRED),
            OfferStatus.ACCEPTED, EnumSet.of(OfferStatus.RETIRED),
            OfferStatus.REJECTED, EnumSet.noneOf(OfferStatus.class), OfferStatus.RETIRED, EnumSet.noneOf(OfferStatus.class)));
    static final Map<DeploymentStatus, Set<DeploymentStatus>> DEPLOYMENT_MOVES = new EnumMap<>(Map.of(
            DeploymentStatus.NONE, EnumSet.of(DeploymentStatus.REQUESTED),
            DeploymentStatus.REQUESTED, EnumSet.of(DeploymentStatus.GRANTED, DeploymentStatus.REFUSED),
            DeploymentStatus.GRANTED, EnumSet.of(DeploymentStatus.RUNNING, DeploymentStatus.FAILED),
            DeploymentStatus.RUNNING, EnumSet.of(DeploymentStatus.SETTLED, DeploymentStatus.UNINSTALLED),
            DeploymentStatus.UNINSTALLED, EnumSet.of(DeploymentStatus.SETTLED),
            DeploymentStatus.REFUSED, EnumSet.noneOf(DeploymentStatus.class), DeploymentStatus.FAILED, EnumSet.noneOf(DeploymentStatus.class),
            DeploymentStatus.SETTLED, EnumSet.noneOf(DeploymentStatus.class)));

    /** An account of the walk with its own pre-flight signer. */
    record Player(Actor actor, PreflightTransactionManager signer) {
        String address() {
            return actor.address().toLowerCase(Locale.ROOT);
        }

        String name() {
            return actor.name();
        }
    }

    /** What the model expects of one call: {@code error} null when it must succeed; {@code effect} applies a success. */
    record Call(String contract, Function function, BigInteger value, String error, Effect effect, Target target, String shown) {}

    @FunctionalInterface
    interface Effect {
        void apply(TransactionReceipt receipt) throws Exception;
    }

    /** The offer or deployment a call acts on, whose status is read before and after it. */
    record Target(String offerDigest, BigInteger deploymentId) {}

    static final class IdentityModel {
        Role role = Role.NONE;
        IdStatus status = IdStatus.NONE;
        String keyX = "0".repeat(64);
        int keyPrefix;
    }

    static final class OfferModel {
        final String provider, function;
        final long vcpuMillis, memoryMiB, diskMiB;
        OfferStatus status = OfferStatus.ADVERTISED;
        int passes, fails;
        final Map<String, Boolean> votes = new HashMap<>();

        OfferModel(String provider, String function, long vcpuMillis, long memoryMiB, long diskMiB) {
            this.provider = provider;
            this.function = function;
            this.vcpuMillis = vcpuMillis;
            this.memoryMiB = memoryMiB;
            this.diskMiB = diskMiB;
        }
    }

    static final class DeploymentModel {
        final String mec, function;
        String offer;
        DeploymentStatus status = DeploymentStatus.REQUESTED;
        long instantiatedAt;
        BigInteger due = BigInteger.ZERO;

        DeploymentModel(String mec, String function) {
            this.mec = mec;
            this.function = function;
        }
    }

    /** A usage policy; an empty customer or region set means the list is not used. */
    record PolicyModel(int actions, Set<String> customers, Set<String> regions, int maxInstances, long notAfter) {}

    record TermsModel(String provider, int kinds, long trialPeriod, int trialSlots, BigInteger price, int privateSlots) {}

    static final class LicenceModel {
        boolean acquired;
        int privateSlots, privateInUse;
        long trialExpiry; // 0: not activated
        int trialSlots, trialInUse;
    }

    record InstanceModel(String digest, String customer, int kind) {}

    static final int PUBLIC = 1, TRIAL = 2, PRIVATE = 4;
    static final int KIND_PUBLIC = 1, KIND_TRIAL = 2, KIND_PRIVATE = 3;
    static final int INSTANTIATE = 1, REDISTRIBUTE = 2, MODIFY = 4;

    // the world
    TestMarket market;
    Random random;
    final List<Player> players = new ArrayList<>();
    Player admin;
    final Map<String, String> contracts = new HashMap<>();

    // the model
    final Map<String, IdentityModel> identities = new HashMap<>();
    final Map<String, OfferModel> offers = new LinkedHashMap<>();
    final Map<String, Integer> acceptedOffers = new HashMap<>();
    final List<DeploymentModel> deployments = new ArrayList<>(); // id i + 1 at index i
    final Map<String, long[]> freeResources = new HashMap<>();
    int threshold;
    final Map<String, PolicyModel> policies = new HashMap<>();
    final Map<String, String> regionOf = new HashMap<>();
    final Map<String, String> derivedFrom = new HashMap<>();
    final Map<String, TermsModel> terms = new HashMap<>();
    final Map<String, LicenceModel> licences = new HashMap<>(); // customer + digest
    final Map<BigInteger, InstanceModel> instances = new LinkedHashMap<>();
    final List<BigInteger> endedInstances = new ArrayList<>();
    final Map<String, Integer> activeInstances = new HashMap<>();
    long instanceCount;
    BigInteger escrow = BigInteger.ZERO;
    final Map<String, BigInteger> balances = new HashMap<>();   // Settlement.balanceOf
    final Map<String, BigInteger> earnings = new HashMap<>();   // Licences.earnings
    // the money that crossed the suite's edge
    BigInteger deposited = BigInteger.ZERO, licencesSold = BigInteger.ZERO;
    BigInteger withdrawn = BigInteger.ZERO, reclaimed = BigInteger.ZERO;

    // what the walk saw
    final List<String> history = new ArrayList<>();
    final Map<String, Long> maxGas = new TreeMap<>();
    final Map<String, Integer> outcomes = new TreeMap<>();
    Views everyStep;
    int newcomers;
    Map<String, String> lastIdentities = Map.of();

    @Test
    void aRandomWalkOfEveryRoleOverEveryFunctionKeepsTheSuitesInvariants() throws Exception {
        long seed = Long.getLong("vnfx.invariants.seed", System.nanoTime());
        int steps = Integer.getInteger("vnfx.invariants.steps", DEFAULT_STEPS);
        random = new Random(seed);
        long started = System.nanoTime();
        try (TestMarket m = TestMarket.start()) {
            market = m;
            world();
            for (int step = 1; step <= steps; step++) {
                try {
                    step(step);
                    if (step % SWEEP_EVERY_STEPS == 0 || step == steps) sweep();
                } catch (AssertionError | Exception e) {
                    throw new AssertionError(report(seed, step, e), e);
                }
            }
        }
        System.out.printf(Locale.ROOT, "InvariantWalkTest seed=%d: %d steps in %.1f s, %d offers, %d deployments, %d instances%n",
                seed, steps, (System.nanoTime() - started) / 1e9, offers.size(), deployments.size(), instanceCount);
        System.out.println("  outcomes: " + outcomes);
        System.out.println("  most gas per function: " + maxGas);
    }

    // ---------------------------------------------------------------- the world

    void world() throws Exception {
        admin = player(market.operator, Role.OPERATOR, IdStatus.APPROVED);
        player(market.actor("co-operator", Role.OPERATOR), Role.OPERATOR, IdStatus.APPROVED);
        player(market.registered("operator-applicant", Role.OPERATOR), Role.OPERATOR, IdStatus.PENDING);
        for (String name : List.of("provider-1", "provider-2")) player(market.actor(name, Role.PROVIDER), Role.PROVIDER, IdStatus.APPROVED);
        player(market.registered("provider-pending", Role.PROVIDER), Role.PROVIDER, IdStatus.PENDING);
        for (String name : List.of("mec-1", "mec-2")) player(market.actor(name, Role.MEC), Role.MEC, IdStatus.APPROVED);
        Actor revokedMec = market.actor("mec-revoked", Role.MEC);
        market.operator.market().revoke(revokedMec.address());
        player(revokedMec, Role.MEC, IdStatus.REVOKED);
        for (String name : List.of("validator-1", "validator-2", "validator-3")) player(market.actor(name, Role.VALIDATOR), Role.VALIDATOR, IdStatus.APPROVED);
        for (String name : List.of("customer-1", "customer-2")) player(market.actor(name, Role.CUSTOMER), Role.CUSTOMER, IdStatus.APPROVED);
        for (String name : List.of("stranger-1", "stranger-2", "stranger-3")) player(market.stranger(name), Role.NONE, IdStatus.NONE);
        for (Player p : players) {
            IdentityModel id = identities.get(p.address());
            if (id.status != IdStatus.NONE) {
                id.keyX = HexFormat.of().formatHex(p.actor().encryptionKey().x());
                id.keyPrefix = p.actor().encryptionKey().prefix();
            }
        }
        market.record.addresses().forEach(contracts::put);

        everyStep = new Views(market.chain.web3j());
        everyStep.etherBalance("settlement ether", contracts.get("Settlement"));
        everyStep.etherBalance("licences ether", contracts.get("Licences"));
        everyStep.call("pool", contracts.get("Settlement"), "pool");
        for (Player p : players) watch(p);
        checkInvariants();
    }

    /** The per-account views read after every step. */
    void watch(Player p) {
        Address a = new Address(p.address());
        everyStep.call("identity " + p.address(), contracts.get("Identities"), "identityOf", a);
        everyStep.call("balance " + p.address(), contracts.get("Settlement"), "balanceOf", a);
        everyStep.call("earnings " + p.address(), contracts.get("Licences"), "earnings", a);
    }

    Player player(Actor actor, Role role, IdStatus status) {
        Player p = new Player(actor, market.chain.signer(actor.account()).knowing(market.record.addresses()));
        players.add(p);
        IdentityModel id = new IdentityModel();
        id.role = role;
        id.status = status;
        identities.put(p.address(), id);
        return p;
    }

    // ---------------------------------------------------------------- one step

    /** An operation of the walk: how often it is drawn, which roles call it naturally, and the call for a caller. */
    record Operation(String name, int weight, Set<Role> natural, CallMaker make) {}

    @FunctionalInterface
    interface CallMaker {
        Call make(Player caller) throws Exception;
    }

    List<Operation> operations() {
        Set<Role> ops = EnumSet.of(Role.OPERATOR), providers = EnumSet.of(Role.PROVIDER, Role.OPERATOR), mecs = EnumSet.of(Role.MEC);
        Set<Role> validators = EnumSet.of(Role.VALIDATOR), customers = EnumSet.of(Role.CUSTOMER), anyone = EnumSet.allOf(Role.class);
        return List.of(
                new Operation("register", 2, EnumSet.of(Role.NONE), this::register),
                new Operation("approve", 2, ops, this::approve),
                new Operation("revoke", 1, ops, this::revoke),
                new Operation("rotateKey", 1, anyone, this::rotateKey),
                new Operation("advertise", 6, providers, this::advertise),
                new Operation("accept", 5, ops, this::accept),
                new Operation("reject", 1, ops, this::reject),
                new Operation("retire", 1, providers, this::retire),
                new Operation("setReputationParameters", 1, ops, this::setReputationParameters),
                new Operation("setThreshold", 1, ops, this::setThreshold),
                new Operation("shareKey", 1, ops, this::shareKey),
                new Operation("attest", 4, validators, this::attest),
                new Operation("strike", 1, anyone, this::strike),
                new Operation("attach", 2, providers, this::attach),
                new Operation("assignRegion", 1, ops, this::assignRegion),
                new Operation("declareDerivation", 1, providers, this::declareDerivation),
                new Operation("publishResources", 3, mecs, this::publishResources),
                new Operation("request", 6, mecs, this::request),
                new Operation("grant", 6, ops, this::grant),
                new Operation("refuse", 1, ops, this::refuse),
                new Operation("reportInstantiation", 8, mecs, this::reportInstantiation),
                new Operation("reportUninstall", 8, mecs, this::reportUninstall),
                new Operation("settle", 3, anyone, this::settle),
                new Operation("deposit", 3, ops, this::deposit),
                new Operation("reclaim", 2, ops, this::reclaim),
                new Operation("withdraw", 2, providers, this::withdrawPayments),
                new Operation("setTerms", 4, providers, this::setTerms),
                new Operation("buy", 4, customers, this::buy),
                new Operation("withdrawSales", 2, providers, this::withdrawSales),
                new Operation("instantiate", 6, customers, this::instantiate),
                new Operation("terminate", 4, customers, this::terminate),
                new Operation("recordSession", 1, anyone, this::recordSession),
                new Operation("pay", 1, anyone, this::pay));
    }

    List<Operation> operations;
    int totalWeight;

    Operation drawOperation() {
        if (operations == null) {
            operations = operations();
            totalWeight = operations.stream().mapToInt(Operation::weight).sum();
        }
        int r = random.nextInt(totalWeight);
        for (Operation o : operations) {
            r -= o.weight();
            if (r < 0) return o;
        }
        throw new IllegalStateException();
    }

    /**
     * A quarter of the time anyone at all; otherwise someone registered with a role that calls it naturally, mostly
     * one whose role is approved (so that lifecycles move on), sometimes a pending or revoked one.
     */
    Player drawCaller(Operation o) {
        if (random.nextInt(4) == 0) return players.get(random.nextInt(players.size()));
        boolean approvedOnly = random.nextInt(5) != 0;
        List<Player> natural = players.stream().filter(p -> o.natural().contains(identities.get(p.address()).role)
                && (!approvedOnly || identities.get(p.address()).status == IdStatus.APPROVED)).toList();
        return natural.isEmpty() ? players.get(random.nextInt(players.size())) : natural.get(random.nextInt(natural.size()));
    }

    void step(int step) throws Exception {
        if (random.nextInt(80) == 0) {
            market.advanceSeconds(TIME_JUMP_SECONDS);
            history.add(step + ": the clock jumps " + TIME_JUMP_SECONDS + " s");
            return;
        }
        if (random.nextInt(100) == 0 && newcomers < MAX_NEWCOMERS) {
            Player p = player(market.stranger("newcomer-" + ++newcomers), Role.NONE, IdStatus.NONE);
            watch(p);
            history.add(step + ": " + p.name() + " (" + p.address() + ") gets an account, unregistered");
            checkInvariants();
            return;
        }
        Operation o = drawOperation();
        Player caller = drawCaller(o);
        Call call = o.make().make(caller);
        String name = call.contract() + "." + call.function().getName();
        history.add(step + ": " + caller.name() + " " + call.contract() + "." + call.shown()
                + (call.value().signum() > 0 ? " value " + call.value() : "") + " -> " + (call.error() == null ? "ok" : call.error()));
        Object before = targetStatus(call.target());
        String to = contracts.get(call.contract());
        String data = FunctionEncoder.encode(call.function());
        TransactionReceipt receipt = null;
        try {
            var sent = caller.signer().sendTransaction(BigInteger.ZERO, BigInteger.ZERO, to, data, call.value(), false);
            receipt = receipt(sent.getTransactionHash());
        } catch (ContractRevertException e) {
            assertEquals(name, e.function(), e.getMessage());
            assertEquals(call.error(), e.error(), () -> "the model expected " + (call.error() == null ? "success" : call.error()) + " but " + e.getMessage());
            outcomes.merge(name + " " + e.error(), 1, Integer::sum);
            if (random.nextInt(FORCE_ONE_REVERT_IN) == 0) forceOnChain(caller, name, to, data, call.value());
        }
        if (receipt != null) {
            assertTrue(receipt.isStatusOK(), name + " passed its pre-flight but was mined as a revert");
            assertEquals(null, call.error(), name + " succeeded but the model expected " + call.error());
            call.effect().apply(receipt);
            long gas = receipt.getGasUsed().longValueExact();
            maxGas.merge(name, gas, Math::max);
            long bound = GAS_BOUNDS.getOrDefault(name, 0L);
            assertTrue(gas <= bound, name + " used " + gas + " gas, over its bound of " + bound);
            outcomes.merge(name + " ok", 1, Integer::sum);
        }
        Object after = targetStatus(call.target());
        checkMove(call.target(), before, after);
        checkInvariants();
    }

    /**
     * The contract itself, not only the pre-flight's simulation, refuses: the call is signed without pre-flight and
     * mined as a revert. The model is left as it was, so the checks that follow prove that nothing changed.
     */
    void forceOnChain(Player caller, String name, String to, String data, BigInteger value) throws Exception {
        var raw = new RawTransactionManager(market.chain.web3j(), caller.actor().account(), market.chain.chainId());
        BigInteger gasPrice = market.chain.web3j().ethGasPrice().send().getGasPrice();
        var sent = raw.sendTransaction(gasPrice, FORCED_GAS, to, data, value, false);
        assertTrue(!sent.hasError(), () -> "the node refused the forced " + name + ": " + sent.getError().getMessage());
        TransactionReceipt r = receipt(sent.getTransactionHash());
        assertEquals("0x0", r.getStatus(), "the forced " + name + " must be mined as a revert");
        assertTrue(r.getGasUsed().compareTo(FORCED_GAS) < 0, "the forced " + name + " reverted, not out of gas");
        outcomes.merge(name + " forced revert", 1, Integer::sum);
    }

    TransactionReceipt receipt(String hash) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            var r = market.chain.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt();
            if (r.isPresent()) return r.get();
            Thread.sleep(5);
        }
        throw new AssertionError("no receipt for " + hash);
    }

    // ---------------------------------------------------------------- invariants

    Object targetStatus(Target t) throws Exception {
        if (t == null) return null;
        if (t.offerDigest() != null) return OfferStatus.values()[word(call("Offers", "offer", new Bytes32(bytes(t.offerDigest()))), 3).intValueExact()];
        return DeploymentStatus.values()[word(call("Orchestration", "deployment", new Uint256(t.deploymentId())), 1).intValueExact()];
    }

    void checkMove(Target t, Object before, Object after) {
        if (t == null) return;
        if (t.offerDigest() != null) {
            OfferStatus b = (OfferStatus) before, a = (OfferStatus) after;
            assertTrue(a == b || OFFER_MOVES.get(b).contains(a), "offer " + t.offerDigest() + " moved " + b + " -> " + a);
            OfferModel o = offers.get(t.offerDigest());
            assertEquals(o == null ? OfferStatus.NONE : o.status, a, "status of offer " + t.offerDigest());
        } else {
            DeploymentStatus b = (DeploymentStatus) before, a = (DeploymentStatus) after;
            assertTrue(a == b || DEPLOYMENT_MOVES.get(b).contains(a), "deployment " + t.deploymentId() + " moved " + b + " -> " + a);
            DeploymentModel d = deployment(t.deploymentId());
            assertEquals(d == null ? DeploymentStatus.NONE : d.status, a, "status of deployment " + t.deploymentId());
        }
    }

    /** Roles and money, after every step. */
    void checkInvariants() throws Exception {
        Map<String, String> v = everyStep.read();
        Map<String, String> ids = new HashMap<>();
        BigInteger owed = BigInteger.ZERO, earned = BigInteger.ZERO;
        for (Player p : players) {
            String idHex = v.get("identity " + p.address());
            ids.put(p.address(), idHex);
            IdentityModel m = identities.get(p.address());
            Role role = Role.of(word(idHex, 2));
            IdStatus status = IdStatus.values()[word(idHex, 3).intValueExact()];
            String was = lastIdentities.get(p.address());
            if (was != null) {
                IdStatus before = IdStatus.values()[word(was, 3).intValueExact()];
                Role roleBefore = Role.of(word(was, 2));
                assertTrue(status == before || IDENTITY_MOVES.get(before).contains(status), p.name() + "'s identity moved " + before + " -> " + status);
                assertTrue(roleBefore == Role.NONE || roleBefore == role, p.name() + "'s role changed from " + roleBefore + " to " + role);
            }
            assertEquals(m.role, role, p.name() + "'s role");
            assertEquals(m.status, status, p.name() + "'s identity status");
            assertEquals(m.keyX, hex(word(idHex, 0)), p.name() + "'s encryption key");
            assertEquals(m.keyPrefix, word(idHex, 1).intValueExact(), p.name() + "'s encryption key prefix");
            BigInteger balance = word(v.get("balance " + p.address()), 0), earning = word(v.get("earnings " + p.address()), 0);
            assertEquals(balances.getOrDefault(p.address(), BigInteger.ZERO), balance, p.name() + "'s Settlement balance");
            assertEquals(earnings.getOrDefault(p.address(), BigInteger.ZERO), earning, p.name() + "'s licence earnings");
            owed = owed.add(balance);
            earned = earned.add(earning);
        }
        lastIdentities = ids;
        BigInteger settlementHeld = new BigInteger(v.get("settlement ether")), licencesHeld = new BigInteger(v.get("licences ether"));
        BigInteger poolEscrow = word(v.get("pool"), 0), poolOwed = word(v.get("pool"), 1);
        String money = "escrow " + poolEscrow + ", owed " + poolOwed + ", Settlement holds " + settlementHeld + ", Licences holds " + licencesHeld
                + ", deposited " + deposited + ", licences sold " + licencesSold + ", withdrawn " + withdrawn + ", reclaimed " + reclaimed;
        assertEquals(escrow, poolEscrow, "escrow: " + money);
        assertEquals(settlementHeld, poolEscrow.add(poolOwed), "Settlement holds escrow + owed: " + money);
        assertEquals(poolOwed, owed, "owed == the sum of the providers' balances: " + money);
        assertEquals(licencesHeld, earned, "Licences holds the sum of earnings: " + money);
        assertEquals(deposited.add(licencesSold), settlementHeld.add(licencesHeld).add(withdrawn).add(reclaimed),
                "deposits + licence sales == held + withdrawn + reclaimed: " + money);
    }

    /** The whole market against the model. */
    void sweep() throws Exception {
        Views v = new Views(market.chain.web3j());
        String o = contracts.get("Offers"), a = contracts.get("Attestations"), orch = contracts.get("Orchestration");
        String lic = contracts.get("Licences"), pol = contracts.get("Policies");
        v.call("threshold", a, "threshold");
        v.call("deployment count", orch, "deploymentCount");
        v.call("instance count", lic, "instanceCount");
        for (String f : FUNCTIONS) v.call("accepted " + f, o, "acceptedOffers", new Bytes32(FunctionType.toBytes32(f)));
        for (String d : offers.keySet()) {
            Bytes32 digest = new Bytes32(bytes(d));
            v.call("offer " + d, o, "offer", digest);
            v.call("tally " + d, a, "tally", digest);
            v.call("terms " + d, lic, "termsOf", digest);
            v.call("active " + d, lic, "activeInstances", digest);
            v.call("policy " + d, pol, "policy", digest);
            v.call("derived " + d, pol, "derivedFrom", digest);
            for (Player p : players) {
                if (identities.get(p.address()).role == Role.CUSTOMER) v.call("licence " + p.address() + d, lic, "licenceOf", new Address(p.address()), digest);
            }
        }
        for (int i = 1; i <= deployments.size(); i++) v.call("deployment " + i, orch, "deployment", new Uint256(i));
        for (Player p : players) v.call("free " + p.address(), orch, "freeResources", new Address(p.address()));
        // what every other contract asks: hasRole, for every account and every role
        for (Player p : players) {
            for (Role role : Role.values()) {
                if (role != Role.NONE) v.call("has " + role + " " + p.address(), contracts.get("Identities"), "hasRole", new Bytes32(role.id()), new Address(p.address()));
            }
        }
        for (BigInteger id : instances.keySet()) v.call("instance " + id, lic, "instancePackage", new Uint256(id));
        for (BigInteger id : endedInstances) v.call("instance " + id, lic, "instancePackage", new Uint256(id));
        Map<String, String> r = v.read();

        assertEquals(threshold, word(r.get("threshold"), 0).intValueExact(), "threshold");
        assertEquals(deployments.size(), word(r.get("deployment count"), 0).intValueExact(), "deployment count");
        assertEquals(instanceCount, word(r.get("instance count"), 0).longValueExact(), "instance count");
        for (String f : FUNCTIONS) assertEquals(acceptedOffers.getOrDefault(f, 0), word(r.get("accepted " + f), 0).intValueExact(), "accepted offers of " + f);
        for (var e : offers.entrySet()) {
            String d = e.getKey();
            OfferModel m = e.getValue();
            assertEquals(m.status.ordinal(), word(r.get("offer " + d), 3).intValueExact(), "status of offer " + d);
            assertEquals(m.provider, address(word(r.get("offer " + d), 2)), "provider of offer " + d);
            assertEquals(m.passes, word(r.get("tally " + d), 0).intValueExact(), "passes of " + d);
            assertEquals(m.fails, word(r.get("tally " + d), 1).intValueExact(), "fails of " + d);
            TermsModel t = terms.get(d);
            String tHex = r.get("terms " + d);
            assertEquals(t == null ? 0 : t.kinds(), word(tHex, 3).intValueExact(), "licence kinds of " + d);
            if (t != null) {
                assertEquals(t.provider(), address(word(tHex, 0)), "terms provider of " + d);
                assertEquals(t.price(), word(tHex, 1), "private price of " + d);
                assertEquals(t.trialPeriod(), word(tHex, 4).longValueExact(), "trial period of " + d);
            }
            assertEquals(activeInstances.getOrDefault(d, 0), word(r.get("active " + d), 0).intValueExact(), "active instances of " + d);
            PolicyModel p = policies.get(d);
            assertEquals(p != null, word(r.get("policy " + d), 0).signum() != 0, "policy attached to " + d);
            if (p != null) assertEquals(p.actions(), word(r.get("policy " + d), 1).intValueExact(), "policy actions of " + d);
            assertEquals(derivedFrom.getOrDefault(d, "0".repeat(64)), hex(word(r.get("derived " + d), 0)), "parent of " + d);
            for (Player c : players) {
                String lHex = r.get("licence " + c.address() + d);
                if (lHex == null) continue;
                LicenceModel l = licences.get(c.address() + d);
                String what = c.name() + "'s licence of " + d;
                assertEquals(l != null && l.acquired, word(lHex, 1).signum() != 0, what + ": acquired");
                assertEquals(l == null ? 0 : l.privateInUse, word(lHex, 3).intValueExact(), what + ": private slots in use");
                assertEquals(l == null ? 0 : l.trialExpiry, word(lHex, 5).longValueExact(), what + ": trial expiry");
                assertEquals(l == null ? 0 : l.trialInUse, word(lHex, 7).intValueExact(), what + ": trial slots in use");
            }
        }
        for (int i = 1; i <= deployments.size(); i++) {
            DeploymentModel d = deployments.get(i - 1);
            String hexD = r.get("deployment " + i);
            assertEquals(d.status.ordinal(), word(hexD, 1).intValueExact(), "status of deployment " + i);
            assertEquals(d.mec, address(word(hexD, 0)), "MEC of deployment " + i);
            assertEquals(d.due, word(hexD, 6), "amount due on deployment " + i);
        }
        for (Player p : players) {
            long[] free = freeResources.getOrDefault(p.address(), new long[3]);
            String f = r.get("free " + p.address());
            for (int k = 0; k < 3; k++) assertEquals(free[k], word(f, k).longValueExact(), p.name() + "'s free resources [" + k + "]");
        }
        for (Player p : players) {
            for (Role role : Role.values()) {
                if (role == Role.NONE) continue;
                boolean has = word(r.get("has " + role + " " + p.address()), 0).signum() != 0;
                assertEquals(hasRole(role, p.address()), has, p.name() + " holds the " + role + " role");
            }
        }
        for (var e : instances.entrySet()) assertEquals(e.getValue().digest(), hex(word(r.get("instance " + e.getKey()), 0)), "instance " + e.getKey());
        for (BigInteger id : endedInstances) assertEquals(BigInteger.ZERO, word(r.get("instance " + id), 0), "ended instance " + id);
    }

    String report(long seed, int step, Throwable e) {
        Path log = Path.of("target", "invariant-walk-" + seed + ".log");
        try {
            Files.createDirectories(log.getParent());
            Files.write(log, history);
        } catch (Exception ignored) {
            // the message below still holds the last calls
        }
        List<String> last = history.subList(Math.max(0, history.size() - HISTORY_SHOWN), history.size());
        return "invariant broken at step " + step + " of seed " + seed + " (replay: -Dvnfx.invariants.seed=" + seed
                + " -Dvnfx.invariants.steps=" + step + "): " + e.getMessage() + "\nthe last calls (all in " + log.toAbsolutePath() + "):\n  "
                + String.join("\n  ", last);
    }

    // ---------------------------------------------------------------- the model's view of roles

    boolean hasRole(Role role, String address) {
        IdentityModel id = identities.get(address.toLowerCase(Locale.ROOT));
        return id != null && id.status == IdStatus.APPROVED && id.role == role;
    }

    boolean isOperator(Player p) {
        return hasRole(Role.OPERATOR, p.address());
    }

    // ---------------------------------------------------------------- Identities

    Call register(Player p) {
        int role = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(5);
        boolean goodKey = random.nextInt(8) != 0;
        // a bad key: a zero x coordinate, or a prefix that is neither 0x02 nor 0x03
        boolean zeroX = !goodKey && random.nextBoolean();
        byte[] x = zeroX ? new byte[32] : p.actor().encryptionKey().x();
        int prefix = goodKey || zeroX ? p.actor().encryptionKey().prefix() : 4;
        IdentityModel id = identities.get(p.address());
        String error = role == 0 ? "InvalidRole" : !goodKey ? "InvalidKey" : id.status != IdStatus.NONE ? "AlreadyRegistered" : null;
        return new Call("Identities", fn("register", new Uint8(role), new Bytes32(x), new Uint8(prefix)), BigInteger.ZERO, error, r -> {
            id.role = Role.values()[role];
            id.status = id.role == Role.CUSTOMER ? IdStatus.APPROVED : IdStatus.PENDING;
            id.keyX = HexFormat.of().formatHex(x);
            id.keyPrefix = prefix;
        }, null, "register(" + Role.values()[role] + (goodKey ? "" : ", bad key") + ")");
    }

    Call approve(Player p) {
        List<Player> pending = players.stream().filter(t -> identities.get(t.address()).status == IdStatus.PENDING).toList();
        Player target = !pending.isEmpty() && random.nextInt(4) != 0 ? pending.get(random.nextInt(pending.size()))
                : players.get(random.nextInt(players.size()));
        IdentityModel id = identities.get(target.address());
        String error = !isOperator(p) ? "NotOperator" : id.role == Role.OPERATOR && p != admin ? "NotAdmin"
                : id.status != IdStatus.PENDING ? "NotPending" : null;
        return new Call("Identities", fn("approve", new Address(target.address())), BigInteger.ZERO, error,
                r -> id.status = IdStatus.APPROVED, null, "approve(" + target.name() + ")");
    }

    Call revoke(Player p) {
        // Never the administrator, nor the last approved account of a role: revoking them is allowed but would end
        // every path of that role for good (a revoked identity cannot come back), and the rest of the walk with it.
        List<Player> targets = players.stream().filter(t -> t != admin && !lastOfItsRole(t)).toList();
        Player target = targets.get(random.nextInt(targets.size()));
        IdentityModel id = identities.get(target.address());
        String error = !isOperator(p) ? "NotOperator" : id.role == Role.OPERATOR && p != admin ? "NotAdmin"
                : id.status != IdStatus.APPROVED ? "NotApproved" : null;
        return new Call("Identities", fn("revoke", new Address(target.address())), BigInteger.ZERO, error,
                r -> id.status = IdStatus.REVOKED, null, "revoke(" + target.name() + ")");
    }

    boolean lastOfItsRole(Player t) {
        IdentityModel id = identities.get(t.address());
        return id.status == IdStatus.APPROVED && players.stream().filter(o -> hasRole(id.role, o.address())).count() == 1;
    }

    Call rotateKey(Player p) {
        byte[] x = digest();
        int prefix = random.nextInt(10) == 0 ? 5 : 2 + random.nextInt(2);
        IdentityModel id = identities.get(p.address());
        String error = prefix == 5 ? "InvalidKey" : id.status == IdStatus.NONE ? "NotRegistered" : null;
        return new Call("Identities", fn("rotateKey", new Bytes32(x), new Uint8(prefix)), BigInteger.ZERO, error, r -> {
            id.keyX = HexFormat.of().formatHex(x);
            id.keyPrefix = prefix;
        }, null, "rotateKey(prefix " + prefix + ")");
    }

    // ---------------------------------------------------------------- Offers

    Call advertise(Player p) {
        int shape = random.nextInt(20);
        String digest = shape == 0 ? zeroDigest() : shape < 3 && !offers.isEmpty() ? anyOffer() : hex(digest());
        int codec = random.nextInt(15) == 0 ? 0x12 : random.nextBoolean() ? 0x55 : 0x70;
        byte[] content = random.nextInt(20) == 0 ? new byte[32] : digest();
        String function = random.nextInt(20) == 0 ? null : FUNCTIONS.get(random.nextInt(FUNCTIONS.size()));
        long vcpu = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(2000);
        long memory = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(4096);
        long disk = random.nextInt(2000);
        long price = 1 + (long) (random.nextDouble() * MAX_BASE_PRICE_WEI_PER_SECOND);
        int envelopeBytes = random.nextInt(20) == 0 ? (random.nextBoolean() ? 0 : MAX_ENVELOPE_BYTES + 1) : 1 + random.nextInt(120);
        boolean operator = isOperator(p);
        String error = !operator && !hasRole(Role.PROVIDER, p.address()) ? "NotProvider"
                : isZero(digest) || (codec != 0x55 && codec != 0x70) || allZero(content) || function == null || vcpu == 0 || memory == 0 ? "InvalidOffer"
                : envelopeBytes == 0 || envelopeBytes > MAX_ENVELOPE_BYTES ? "InvalidEnvelope"
                : offers.containsKey(digest) ? "OfferExists" : null;
        Function f = fn("advertise", new Bytes32(bytes(digest)), new Uint8(codec), new Bytes32(content),
                new Bytes32(function == null ? new byte[32] : FunctionType.toBytes32(function)), new Uint32(vcpu), new Uint32(memory),
                new Uint32(disk), new Uint128(price), new DynamicBytes(new byte[envelopeBytes]));
        return new Call("Offers", f, BigInteger.ZERO, error, r -> offers.put(digest, new OfferModel(p.address(), function, vcpu, memory, disk)),
                new Target(digest, null), "advertise(" + shortHex(digest) + ", " + function + ", " + vcpu + "/" + memory + "/" + disk + ")");
    }

    Call accept(Player p) {
        String d = offerIn(OfferStatus.ADVERTISED);
        OfferModel o = offers.get(d);
        String error = !isOperator(p) ? "NotOperator" : o == null ? "UnknownOffer" : o.status != OfferStatus.ADVERTISED ? "WrongOfferStatus"
                : threshold != 0 && (o.passes < threshold || o.fails != 0) ? "NotListed" : null;
        return new Call("Offers", fn("accept", new Bytes32(bytes(d))), BigInteger.ZERO, error, r -> {
            o.status = OfferStatus.ACCEPTED;
            acceptedOffers.merge(o.function, 1, Integer::sum);
        }, new Target(d, null), "accept(" + shortHex(d) + ")");
    }

    Call reject(Player p) {
        String d = offerIn(OfferStatus.ADVERTISED);
        OfferModel o = offers.get(d);
        String error = !isOperator(p) ? "NotOperator" : o == null ? "UnknownOffer" : o.status != OfferStatus.ADVERTISED ? "WrongOfferStatus" : null;
        return new Call("Offers", fn("reject", new Bytes32(bytes(d))), BigInteger.ZERO, error, r -> o.status = OfferStatus.REJECTED,
                new Target(d, null), "reject(" + shortHex(d) + ")");
    }

    Call retire(Player p) {
        // half the time its own offer, otherwise any open one: an operator may retire anyone's, a provider only its own
        String d = random.nextBoolean() ? ownOffer(p) : someOffer((digest, o) -> o.status == OfferStatus.ADVERTISED || o.status == OfferStatus.ACCEPTED);
        OfferModel o = offers.get(d);
        String error = o == null ? "UnknownOffer" : !o.provider.equals(p.address()) && !isOperator(p) ? "NotOfferProvider"
                : o.status != OfferStatus.ACCEPTED && o.status != OfferStatus.ADVERTISED ? "WrongOfferStatus" : null;
        return new Call("Offers", fn("retire", new Bytes32(bytes(d))), BigInteger.ZERO, error, r -> {
            if (o.status == OfferStatus.ACCEPTED) acceptedOffers.merge(o.function, -1, Integer::sum);
            o.status = OfferStatus.RETIRED;
        }, new Target(d, null), "retire(" + shortHex(d) + ")");
    }

    Call setReputationParameters(Player p) {
        BigInteger alpha = random.nextInt(8) == 0 ? (random.nextBoolean() ? BigInteger.ZERO : WAD) : WAD.divide(BigInteger.valueOf(2 + random.nextInt(20)));
        BigInteger prior = random.nextInt(8) == 0 ? WAD.add(BigInteger.ONE) : WAD.divide(BigInteger.valueOf(1 + random.nextInt(10)));
        List<Uint32> weights = new ArrayList<>();
        for (int e = 0; e < 8; e++) weights.add(new Uint32(random.nextInt(2_000_000)));
        String error = !isOperator(p) ? "NotOperator"
                : alpha.signum() == 0 || alpha.compareTo(WAD) >= 0 || prior.compareTo(WAD) > 0 ? "InvalidReputationParameters" : null;
        return new Call("Offers", fn("setReputationParameters", new Uint64(alpha), new Uint64(prior), new StaticArray8<>(Uint32.class, weights)),
                BigInteger.ZERO, error, r -> { }, null, "setReputationParameters(" + alpha + ", " + prior + ")");
    }

    // ---------------------------------------------------------------- Attestations

    Call setThreshold(Player p) {
        // Mostly 0 or 1: with two or three validators a higher threshold would leave most offers unlisted.
        int k = random.nextInt(6) == 0 ? 2 + random.nextInt(2) : random.nextInt(2);
        String error = !isOperator(p) ? "NotOperator" : null;
        return new Call("Attestations", fn("setThreshold", new Uint16(k)), BigInteger.ZERO, error, r -> threshold = k, null, "setThreshold(" + k + ")");
    }

    Call shareKey(Player p) {
        String d = offerIn(OfferStatus.ADVERTISED);
        Player validator = players.get(random.nextInt(players.size()));
        int envelopeBytes = random.nextInt(15) == 0 ? 0 : 1 + random.nextInt(100);
        OfferModel o = offers.get(d);
        String error = !isOperator(p) ? "NotOperator" : !hasRole(Role.VALIDATOR, validator.address()) ? "NotValidator"
                : envelopeBytes == 0 ? "InvalidEnvelope" : o == null || o.status != OfferStatus.ADVERTISED ? "NotAdvertised" : null;
        return new Call("Attestations", fn("shareKey", new Bytes32(bytes(d)), new Address(validator.address()), new DynamicBytes(new byte[envelopeBytes])),
                BigInteger.ZERO, error, r -> { }, null, "shareKey(" + shortHex(d) + ", " + validator.name() + ")");
    }

    Call attest(Player p) {
        String d = offerIn(OfferStatus.ADVERTISED);
        boolean passed = random.nextInt(5) != 0;
        OfferModel o = offers.get(d);
        String error = !hasRole(Role.VALIDATOR, p.address()) ? "NotValidator" : o == null || o.status != OfferStatus.ADVERTISED ? "NotAdvertised"
                : o.votes.containsKey(p.address()) ? "AlreadyAttested" : null;
        return new Call("Attestations", fn("attest", new Bytes32(bytes(d)), new Bool(passed), new Bytes32(digest())), BigInteger.ZERO, error, r -> {
            o.votes.put(p.address(), passed);
            if (passed) o.passes++;
            else o.fails++;
        }, null, "attest(" + shortHex(d) + ", " + (passed ? "pass" : "fail") + ")");
    }

    Call strike(Player p) {
        String d = someOffer((digest, o) -> !o.votes.isEmpty());
        OfferModel o = offers.get(d);
        // mostly a validator that voted on it (struck only once revoked), otherwise anyone
        List<Player> voters = o == null ? List.of() : players.stream().filter(v -> o.votes.containsKey(v.address())).toList();
        Player validator = !voters.isEmpty() && random.nextInt(4) != 0 ? voters.get(random.nextInt(voters.size()))
                : players.get(random.nextInt(players.size()));
        Boolean vote = o == null ? null : o.votes.get(validator.address());
        String error = hasRole(Role.VALIDATOR, validator.address()) ? "StillValidator" : vote == null ? "NoVote" : null;
        return new Call("Attestations", fn("strike", new Bytes32(bytes(d)), new Address(validator.address())), BigInteger.ZERO, error, r -> {
            o.votes.remove(validator.address());
            if (vote) o.passes--;
            else o.fails--;
        }, null, "strike(" + shortHex(d) + ", " + validator.name() + ")");
    }

    // ---------------------------------------------------------------- Policies

    Call attach(Player p) throws Exception {
        String d = ownOffer(p);
        int actions = random.nextInt(12) == 0 ? 8 : random.nextInt(3) == 0 ? random.nextInt(8) : 7;
        int maxInstances = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
        long now = latestTime();
        long notAfter = random.nextInt(3) != 0 ? 0 : random.nextBoolean() ? now - 1_000 : now + POLICY_LIFETIME_SECONDS;
        List<Address> customerList = new ArrayList<>();
        Set<String> customers = new HashSet<>();
        boolean tooLong = random.nextInt(20) == 0;
        if (tooLong) {
            for (int i = 0; i <= MAX_POLICY_LIST; i++) customerList.add(new Address(ZERO_ADDRESS));
        } else if (random.nextInt(4) == 0) {
            for (Player c : players) {
                if (random.nextBoolean()) {
                    customerList.add(new Address(c.address()));
                    customers.add(c.address());
                }
                if (customers.size() == 3) break;
            }
        }
        List<Bytes32> regionList = new ArrayList<>();
        Set<String> regions = new HashSet<>();
        if (random.nextInt(4) == 0) {
            for (String region : REGIONS) {
                if (random.nextBoolean()) {
                    regionList.add(new Bytes32(FunctionType.toBytes32(region)));
                    regions.add(region);
                }
            }
        }
        OfferModel o = offers.get(d);
        String error = o == null ? "UnknownOffer" : !o.provider.equals(p.address()) ? "NotOfferProvider" : policies.containsKey(d) ? "PolicyExists"
                : actions > 7 ? "InvalidActions" : tooLong ? "ListTooLong" : null;
        PolicyModel policy = new PolicyModel(actions, customers, regions, maxInstances, notAfter);
        Function f = fn("attach", new Bytes32(bytes(d)), new Uint8(actions), new Uint16(maxInstances), new Uint40(notAfter),
                new DynamicArray<>(Address.class, customerList), new DynamicArray<>(Bytes32.class, regionList));
        return new Call("Policies", f, BigInteger.ZERO, error, r -> policies.put(d, policy), null,
                "attach(" + shortHex(d) + ", " + policy.actions() + ", max " + maxInstances + ", until " + notAfter + ", "
                        + customerList.size() + " customers, regions " + regions + ")");
    }

    Call assignRegion(Player p) {
        Player target = players.get(random.nextInt(players.size()));
        String region = random.nextInt(5) == 0 ? null : REGIONS.get(random.nextInt(REGIONS.size()));
        String error = !isOperator(p) ? "NotOperator" : null;
        return new Call("Policies", fn("assignRegion", new Address(target.address()), new Bytes32(region == null ? new byte[32] : FunctionType.toBytes32(region))),
                BigInteger.ZERO, error, r -> {
                    if (region == null) regionOf.remove(target.address());
                    else regionOf.put(target.address(), region);
                }, null, "assignRegion(" + target.name() + ", " + region + ")");
    }

    Call declareDerivation(Player p) throws Exception {
        String child = ownOffer(p), parent = someOffer();
        OfferModel c = offers.get(child);
        long now = latestTime();
        PolicyModel pp = policies.get(parent);
        String error = c == null ? "UnknownOffer" : !c.provider.equals(p.address()) ? "NotOfferProvider" : !offers.containsKey(parent) ? "UnknownOffer"
                : derivedFrom.containsKey(child) ? "DerivationExists" : pp != null && expired(pp, now) ? "PolicyExpired"
                : pp != null && (pp.actions() & MODIFY) == 0 ? "ActionNotAllowed" : null;
        return new Call("Policies", fn("declareDerivation", new Bytes32(bytes(child)), new Bytes32(bytes(parent))), BigInteger.ZERO, error,
                r -> derivedFrom.put(child, parent), null, "declareDerivation(" + shortHex(child) + " from " + shortHex(parent) + ")");
    }

    /** The usage policy's verdict on an action, as Policies.check* would give it (null: allowed). */
    String policyRefusal(String digest, int action, String account, boolean checkCustomer, int active, long now) {
        PolicyModel p = policies.get(digest);
        if (p == null) return null;
        if (expired(p, now)) return "PolicyExpired";
        if ((p.actions() & action) == 0) return "ActionNotAllowed";
        if (checkCustomer && !p.customers().isEmpty() && !p.customers().contains(account)) return "CustomerNotAllowed";
        if (!p.regions().isEmpty() && !p.regions().contains(regionOf.get(account))) return "RegionNotAllowed";
        if (action == INSTANTIATE && p.maxInstances() != 0 && active >= p.maxInstances()) return "InstanceLimit";
        return null;
    }

    static boolean expired(PolicyModel p, long now) {
        return p.notAfter() != 0 && now > p.notAfter();
    }

    // ---------------------------------------------------------------- Orchestration

    Call publishResources(Player p) {
        long[] free = {random.nextInt(8000), random.nextInt(16_000), random.nextInt(8000)};
        String error = !hasRole(Role.MEC, p.address()) ? "NotMec" : null;
        return new Call("Orchestration", fn("publishResources", new Uint32(free[0]), new Uint32(free[1]), new Uint32(free[2])), BigInteger.ZERO,
                error, r -> freeResources.put(p.address(), free), null, "publishResources(" + free[0] + "/" + free[1] + "/" + free[2] + ")");
    }

    Call request(Player p) {
        String function = random.nextInt(12) == 0 ? "unheard-of" : FUNCTIONS.get(random.nextInt(FUNCTIONS.size()));
        String error = !hasRole(Role.MEC, p.address()) ? "NotMec" : acceptedOffers.getOrDefault(function, 0) == 0 ? "UnknownFunction" : null;
        BigInteger id = BigInteger.valueOf(deployments.size() + 1);
        return new Call("Orchestration", fn("request", new Bytes32(FunctionType.toBytes32(function))), BigInteger.ZERO, error, r -> {
            assertEquals(id, Orchestration.getDeploymentRequestedEvents(r).get(0).deploymentId, "the new deployment's id");
            deployments.add(new DeploymentModel(p.address(), function));
        }, new Target(null, id), "request(" + function + ")");
    }

    Call grant(Player p) throws Exception {
        BigInteger id = someDeployment(DeploymentStatus.REQUESTED);
        DeploymentModel d = deployment(id);
        String offer = d != null && random.nextInt(4) != 0 ? offerFor(d.function) : someOffer();
        int envelopeBytes = random.nextInt(20) == 0 ? MAX_ENVELOPE_BYTES + 1 : 1 + random.nextInt(100);
        OfferModel o = offers.get(offer);
        long now = latestTime();
        String error = !isOperator(p) ? "NotOperator" : d == null ? "UnknownDeployment" : d.status != DeploymentStatus.REQUESTED ? "WrongStatus"
                : envelopeBytes > MAX_ENVELOPE_BYTES ? "InvalidEnvelope" : o == null || o.status != OfferStatus.ACCEPTED ? "OfferNotAccepted"
                : !o.function.equals(d.function) ? "FunctionMismatch" : null;
        if (error == null) error = policyRefusal(offer, REDISTRIBUTE, d.mec, false, 0, now);
        if (error == null) {
            long[] free = freeResources.getOrDefault(d.mec, new long[3]);
            if (free[0] < o.vcpuMillis || free[1] < o.memoryMiB || free[2] < o.diskMiB) error = "InsufficientResources";
        }
        return new Call("Orchestration", fn("grant", new Uint256(id), new Bytes32(bytes(offer)), new DynamicBytes(new byte[envelopeBytes])),
                BigInteger.ZERO, error, r -> {
                    long[] free = freeResources.get(d.mec);
                    freeResources.put(d.mec, new long[] {free[0] - o.vcpuMillis, free[1] - o.memoryMiB, free[2] - o.diskMiB});
                    d.status = DeploymentStatus.GRANTED;
                    d.offer = offer;
                }, new Target(null, id), "grant(" + id + ", " + shortHex(offer) + ")");
    }

    Call refuse(Player p) {
        BigInteger id = someDeployment(DeploymentStatus.REQUESTED);
        DeploymentModel d = deployment(id);
        int reason = random.nextInt(7);
        String error = !isOperator(p) ? "NotOperator" : reason == 0 ? "InvalidRefusal" : d == null ? "UnknownDeployment"
                : d.status != DeploymentStatus.REQUESTED ? "WrongStatus" : null;
        return new Call("Orchestration", fn("refuse", new Uint256(id), new Uint8(reason)), BigInteger.ZERO, error,
                r -> d.status = DeploymentStatus.REFUSED, new Target(null, id), "refuse(" + id + ", reason " + reason + ")");
    }

    Call reportInstantiation(Player p) {
        BigInteger id = someDeployment(DeploymentStatus.GRANTED, p);
        DeploymentModel d = deployment(id);
        boolean success = random.nextInt(5) != 0;
        String error = owned(d, p, DeploymentStatus.GRANTED);
        return new Call("Orchestration", fn("reportInstantiation", new Uint256(id), new Bool(success), new Bytes32(digest())), BigInteger.ZERO, error, r -> {
            if (success) {
                d.status = DeploymentStatus.RUNNING;
                d.instantiatedAt = market.chain.web3j().ethGetBlockByNumber(
                        org.web3j.protocol.core.DefaultBlockParameter.valueOf(r.getBlockNumber()), false).send().getBlock().getTimestamp().longValueExact();
            } else {
                d.status = DeploymentStatus.FAILED;
                release(d);
            }
        }, new Target(null, id), "reportInstantiation(" + id + ", " + (success ? "ok" : "failed") + ")");
    }

    Call reportUninstall(Player p) throws Exception {
        BigInteger id = someDeployment(DeploymentStatus.RUNNING, p);
        DeploymentModel d = deployment(id);
        String error = owned(d, p, DeploymentStatus.RUNNING);
        long elapsed = d == null ? 0 : Math.max(0, latestTime() - d.instantiatedAt);
        // Usage beyond the elapsed time by far more than the seconds between two blocks of the walk.
        boolean tooLong = random.nextInt(10) == 0;
        long usage = tooLong ? elapsed + 10_000 : (long) (random.nextDouble() * (elapsed + 1));
        if (error == null && tooLong) error = "UsageExceedsElapsed";
        List<Uint32> counts = new ArrayList<>();
        for (int e = 0; e < 8; e++) counts.add(new Uint32(random.nextInt(3) == 0 ? random.nextInt(50) : 0));
        BigInteger escrowBefore = escrow;
        return new Call("Orchestration", fn("reportUninstall", new Uint256(id), new Uint32(usage), new StaticArray8<>(Uint32.class, counts)),
                BigInteger.ZERO, error, r -> {
                    var u = Orchestration.getDeploymentUninstalledEvents(r).get(0);
                    assertEquals(u.amount.compareTo(escrowBefore) <= 0, u.paid, "paid iff the escrow " + escrowBefore + " covers " + u.amount);
                    release(d);
                    if (u.paid) {
                        credit(offers.get(d.offer).provider, u.amount);
                        d.status = DeploymentStatus.SETTLED;
                    } else {
                        d.due = u.amount;
                        d.status = DeploymentStatus.UNINSTALLED;
                    }
                }, new Target(null, id), "reportUninstall(" + id + ", " + usage + " s)");
    }

    Call settle(Player p) {
        BigInteger id = someDeployment(DeploymentStatus.UNINSTALLED);
        DeploymentModel d = deployment(id);
        String error = d == null ? "UnknownDeployment" : d.status != DeploymentStatus.UNINSTALLED ? "WrongStatus"
                : d.due.compareTo(escrow) > 0 ? "InsufficientEscrow" : null;
        return new Call("Orchestration", fn("settle", new Uint256(id)), BigInteger.ZERO, error, r -> {
            assertEquals(d.due, Orchestration.getDeploymentSettledEvents(r).get(0).amount, "the settled amount");
            credit(offers.get(d.offer).provider, d.due);
            d.due = BigInteger.ZERO;
            d.status = DeploymentStatus.SETTLED;
        }, new Target(null, id), "settle(" + id + ")");
    }

    /** The owner-only checks of reportInstantiation and reportUninstall, in the contract's order. */
    static String owned(DeploymentModel d, Player p, DeploymentStatus expected) {
        return d == null ? "UnknownDeployment" : !d.mec.equals(p.address()) ? "NotDeploymentMec" : d.status != expected ? "WrongStatus" : null;
    }

    /** Resources go back to the MEC's pool, saturating at the uint32 maximum as the contract does. */
    void release(DeploymentModel d) {
        OfferModel o = offers.get(d.offer);
        long[] free = freeResources.getOrDefault(d.mec, new long[3]);
        long max = 0xFFFF_FFFFL;
        freeResources.put(d.mec, new long[] {Math.min(max, free[0] + o.vcpuMillis), Math.min(max, free[1] + o.memoryMiB), Math.min(max, free[2] + o.diskMiB)});
    }

    void credit(String provider, BigInteger amount) {
        escrow = escrow.subtract(amount);
        balances.merge(provider, amount, BigInteger::add);
    }

    // ---------------------------------------------------------------- Settlement

    Call deposit(Player p) {
        BigInteger value = random.nextInt(15) == 0 ? BigInteger.ZERO : randomWei(MAX_DEPOSIT_WEI);
        String error = !isOperator(p) ? "NotOperator" : value.signum() == 0 ? "ZeroAmount" : null;
        return new Call("Settlement", fn("deposit"), value, error, r -> {
            escrow = escrow.add(value);
            deposited = deposited.add(value);
        }, null, "deposit()");
    }

    Call reclaim(Player p) {
        int shape = random.nextInt(10);
        BigInteger amount = shape == 0 ? BigInteger.ZERO : shape == 1 ? escrow.add(BigInteger.ONE) : escrow.signum() == 0 ? BigInteger.ONE
                : shape < 5 ? escrow : randomWei(escrow);
        String to = random.nextInt(15) == 0 ? ZERO_ADDRESS : players.get(random.nextInt(players.size())).address();
        String error = !isOperator(p) ? "NotOperator" : amount.signum() == 0 ? "ZeroAmount" : to.equals(ZERO_ADDRESS) ? "ZeroAddress"
                : amount.compareTo(escrow) > 0 ? "InsufficientEscrow" : null;
        return new Call("Settlement", fn("reclaim", new Uint256(amount), new Address(to)), BigInteger.ZERO, error, r -> {
            escrow = escrow.subtract(amount);
            reclaimed = reclaimed.add(amount);
        }, null, "reclaim(" + amount + ")");
    }

    Call withdrawPayments(Player p) {
        BigInteger owed = balances.getOrDefault(p.address(), BigInteger.ZERO);
        String error = owed.signum() == 0 ? "NothingToWithdraw" : null;
        return new Call("Settlement", fn("withdraw"), BigInteger.ZERO, error, r -> {
            assertEquals(owed, Settlement.getWithdrawnEvents(r).get(0).amount, "withdrawn from Settlement");
            balances.remove(p.address());
            withdrawn = withdrawn.add(owed);
        }, null, "withdraw()");
    }

    Call pay(Player p) {
        return new Call("Settlement", fn("pay", new Uint256(1), new Address(p.address()), new Uint256(1)), BigInteger.ZERO, "NotOrchestration",
                r -> { }, null, "pay(1, self, 1)");
    }

    Call recordSession(Player p) {
        List<Uint32> zeros = new ArrayList<>();
        for (int e = 0; e < 8; e++) zeros.add(new Uint32(0));
        String d = someOffer();
        return new Call("Offers", fn("recordSession", new Bytes32(bytes(d)), new Uint256(1), new Uint32(0), new StaticArray8<>(Uint32.class, zeros)),
                BigInteger.ZERO, "NotOrchestration", r -> { }, null, "recordSession(" + shortHex(d) + ")");
    }

    // ---------------------------------------------------------------- Licences

    Call setTerms(Player p) {
        String d = ownOffer(p);
        int kinds = random.nextInt(8);
        boolean valid = random.nextInt(8) != 0;
        long trialPeriod = (kinds & TRIAL) != 0 ? TRIAL_PERIODS_SECONDS[random.nextInt(TRIAL_PERIODS_SECONDS.length)] : 0;
        int trialSlots = (kinds & TRIAL) != 0 ? 1 + random.nextInt(3) : 0;
        BigInteger price = (kinds & PRIVATE) != 0 && random.nextInt(4) != 0 ? randomWei(BigInteger.valueOf(MAX_LICENCE_PRICE_WEI)) : BigInteger.ZERO;
        int privateSlots = (kinds & PRIVATE) != 0 ? 1 + random.nextInt(3) : 0;
        if (!valid) {
            switch (random.nextInt(4)) {
                case 0 -> kinds = 8 + random.nextInt(8);
                case 1 -> trialPeriod = (kinds & TRIAL) != 0 ? 0 : TRIAL_PERIODS_SECONDS[0];
                case 2 -> trialSlots = (kinds & TRIAL) != 0 ? 0 : 1;
                default -> {
                    if ((kinds & PRIVATE) != 0) privateSlots = 0;
                    else price = BigInteger.ONE;
                }
            }
        }
        OfferModel o = offers.get(d);
        String provider = o == null ? ZERO_ADDRESS : o.provider;
        String error = !provider.equals(p.address()) ? "NotOfferProvider"
                : o.status == OfferStatus.REJECTED || o.status == OfferStatus.RETIRED ? "OfferClosed" : valid ? null : "InvalidTerms";
        TermsModel t = new TermsModel(p.address(), kinds, trialPeriod, trialSlots, price, privateSlots);
        return new Call("Licences", fn("setTerms", new Bytes32(bytes(d)), new Uint8(kinds), new Uint32(trialPeriod), new Uint16(trialSlots),
                new Uint72(price), new Uint16(privateSlots)), BigInteger.ZERO, error, r -> terms.put(d, t), null,
                "setTerms(" + shortHex(d) + ", " + t + ")");
    }

    Call buy(Player p) throws Exception {
        String d = licensedOffer();
        TermsModel t = terms.get(d);
        BigInteger price = t == null ? BigInteger.ZERO : t.price();
        BigInteger value = random.nextInt(10) == 0 ? price.add(BigInteger.ONE) : price;
        LicenceModel l = licences.get(p.address() + d);
        String error = !hasRole(Role.CUSTOMER, p.address()) ? "NotCustomer" : t == null || (t.kinds() & PRIVATE) == 0 ? "NotForSale"
                : !value.equals(price) ? "WrongPayment" : l != null && l.acquired ? "AlreadyLicensed"
                : policyRefusal(d, REDISTRIBUTE, p.address(), true, 0, latestTime());
        return new Call("Licences", fn("buy", new Bytes32(bytes(d))), value, error, r -> {
            LicenceModel licence = licences.computeIfAbsent(p.address() + d, k -> new LicenceModel());
            licence.acquired = true;
            licence.privateSlots = t.privateSlots();
            if (price.signum() != 0) earnings.merge(t.provider(), price, BigInteger::add);
            licencesSold = licencesSold.add(price);
        }, null, "buy(" + shortHex(d) + ")");
    }

    Call withdrawSales(Player p) {
        BigInteger owed = earnings.getOrDefault(p.address(), BigInteger.ZERO);
        String error = owed.signum() == 0 ? "NothingToWithdraw" : null;
        return new Call("Licences", fn("withdraw"), BigInteger.ZERO, error, r -> {
            assertEquals(owed, Licences.getWithdrawnEvents(r).get(0).amount, "withdrawn from Licences");
            earnings.remove(p.address());
            withdrawn = withdrawn.add(owed);
        }, null, "withdraw()");
    }

    Call instantiate(Player p) throws Exception {
        String d = licensedOffer();
        TermsModel t = terms.get(d);
        LicenceModel l = licences.get(p.address() + d);
        long now = latestTime();
        int active = activeInstances.getOrDefault(d, 0);
        String error = !hasRole(Role.CUSTOMER, p.address()) ? "NotCustomer" : policyRefusal(d, INSTANTIATE, p.address(), true, active, now);
        int kind = 0;
        int kinds = t == null ? 0 : t.kinds();
        if (error == null) {
            if (l != null && l.acquired) {
                kind = KIND_PRIVATE;
                if (l.privateInUse >= l.privateSlots) error = "SlotsFull";
            } else if ((kinds & PUBLIC) != 0) {
                kind = KIND_PUBLIC;
            } else if ((l != null && l.trialExpiry != 0) || (kinds & TRIAL) != 0) {
                kind = KIND_TRIAL;
                if (l != null && l.trialExpiry != 0) {
                    if (now >= l.trialExpiry) error = "TrialExpired";
                    else if (l.trialInUse >= l.trialSlots) error = "SlotsFull";
                }
            } else {
                error = "NoLicence";
            }
        }
        int expectedKind = kind;
        return new Call("Licences", fn("instantiate", new Bytes32(bytes(d))), BigInteger.ZERO, error, r -> {
            var started = Licences.getInstanceStartedEvents(r).get(0);
            assertEquals(expectedKind, started.kind.intValueExact(), "the licence an instance uses");
            LicenceModel licence = licences.computeIfAbsent(p.address() + d, k -> new LicenceModel());
            if (expectedKind == KIND_TRIAL && licence.trialExpiry == 0) {
                var activated = Licences.getTrialActivatedEvents(r).get(0);
                assertEquals(t.trialPeriod(), activated.expiry.subtract(activated.start).longValueExact(), "the trial's period");
                licence.trialExpiry = activated.expiry.longValueExact();
                licence.trialSlots = t.trialSlots();
            }
            int inUse = 0;
            if (expectedKind == KIND_PRIVATE) inUse = ++licence.privateInUse;
            if (expectedKind == KIND_TRIAL) inUse = ++licence.trialInUse;
            assertEquals(inUse, started.inUse.intValueExact(), "slots in use after the start");
            instanceCount++;
            instances.put(started.instanceId, new InstanceModel(d, p.address(), expectedKind));
            activeInstances.merge(d, 1, Integer::sum);
        }, null, "instantiate(" + shortHex(d) + ")");
    }

    Call terminate(Player p) {
        BigInteger id;
        int shape = random.nextInt(10);
        List<BigInteger> own = instances.entrySet().stream().filter(e -> e.getValue().customer().equals(p.address())).map(Map.Entry::getKey).toList();
        if (shape < 6 && !own.isEmpty()) id = own.get(random.nextInt(own.size()));
        else if (shape < 8 && !instances.isEmpty()) id = new ArrayList<>(instances.keySet()).get(random.nextInt(instances.size()));
        else if (shape < 9 && !endedInstances.isEmpty()) id = endedInstances.get(random.nextInt(endedInstances.size()));
        else id = new BigInteger(p.address().substring(2), 16).shiftLeft(96).or(BigInteger.valueOf(random.nextInt(1000)));
        InstanceModel i = instances.get(id);
        String owner = "0x" + String.format("%040x", id.shiftRight(96));
        String error = !owner.equals(p.address()) ? "NotInstanceOwner" : i == null ? "UnknownInstance" : null;
        return new Call("Licences", fn("terminate", new Uint256(id)), BigInteger.ZERO, error, r -> {
            instances.remove(id);
            endedInstances.add(id);
            activeInstances.merge(i.digest(), -1, Integer::sum);
            LicenceModel l = licences.get(i.customer() + i.digest());
            if (i.kind() == KIND_PRIVATE) l.privateInUse--;
            if (i.kind() == KIND_TRIAL) l.trialInUse--;
        }, null, "terminate(" + id.toString(16) + ")");
    }

    // ---------------------------------------------------------------- arguments

    /** Mostly an offer of the market; sometimes one nobody advertised. */
    String someOffer() {
        if (offers.isEmpty() || random.nextInt(12) == 0) return hex(digest());
        return anyOffer();
    }

    /** Mostly one of the offers that pass {@code fits} (so that the walk gets somewhere), otherwise {@link #someOffer()}. */
    String someOffer(BiPredicate<String, OfferModel> fits) {
        List<String> fitting = offers.entrySet().stream().filter(e -> fits.test(e.getKey(), e.getValue())).map(Map.Entry::getKey).toList();
        return !fitting.isEmpty() && random.nextInt(4) != 0 ? fitting.get(random.nextInt(fitting.size())) : someOffer();
    }

    String ownOffer(Player p) {
        return someOffer((d, o) -> o.provider.equals(p.address()));
    }

    String offerIn(OfferStatus status) {
        return someOffer((d, o) -> o.status == status);
    }

    String licensedOffer() {
        return someOffer((d, o) -> terms.containsKey(d));
    }

    String anyOffer() {
        List<String> all = new ArrayList<>(offers.keySet());
        return all.get(random.nextInt(all.size()));
    }

    /** An offer of the requested function, when one exists (a grant that can succeed). */
    String offerFor(String function) {
        List<String> fitting = offers.entrySet().stream().filter(e -> e.getValue().function != null && e.getValue().function.equals(function)
                && e.getValue().status == OfferStatus.ACCEPTED).map(Map.Entry::getKey).toList();
        return fitting.isEmpty() ? someOffer() : fitting.get(random.nextInt(fitting.size()));
    }

    /** Mostly a deployment in the status the call needs; sometimes any, or one that does not exist. */
    BigInteger someDeployment(DeploymentStatus wanted) {
        return someDeployment(wanted, null);
    }

    /** As {@link #someDeployment(DeploymentStatus)}, and mostly one of {@code mec}'s own when it has one. */
    BigInteger someDeployment(DeploymentStatus wanted, Player mec) {
        int shape = random.nextInt(10);
        if (deployments.isEmpty() || shape == 0) return BigInteger.valueOf(random.nextBoolean() ? 0 : deployments.size() + 1 + random.nextInt(3));
        List<Integer> fitting = new ArrayList<>();
        for (int i = 0; i < deployments.size(); i++) if (deployments.get(i).status == wanted) fitting.add(i + 1);
        if (mec != null && random.nextInt(4) != 0) {
            List<Integer> own = fitting.stream().filter(i -> deployments.get(i - 1).mec.equals(mec.address())).toList();
            if (!own.isEmpty()) fitting = own;
        }
        if (shape < 8 && !fitting.isEmpty()) return BigInteger.valueOf(fitting.get(random.nextInt(fitting.size())));
        return BigInteger.valueOf(1 + random.nextInt(deployments.size()));
    }

    DeploymentModel deployment(BigInteger id) {
        int i = id.intValue();
        return id.signum() > 0 && id.compareTo(BigInteger.valueOf(deployments.size())) <= 0 ? deployments.get(i - 1) : null;
    }

    byte[] digest() {
        byte[] d = new byte[32];
        random.nextBytes(d);
        return d;
    }

    BigInteger randomWei(BigInteger upTo) {
        BigInteger r;
        do {
            r = new BigInteger(upTo.bitLength(), random);
        } while (r.signum() == 0 || r.compareTo(upTo) > 0);
        return r;
    }

    long latestTime() throws Exception {
        return market.chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
    }

    // ---------------------------------------------------------------- encoding

    static Function fn(String name, Type<?>... args) {
        return new Function(name, List.of(args), List.of());
    }

    String call(String contract, String function, Type<?>... args) throws Exception {
        String data = FunctionEncoder.encode(fn(function, args));
        return market.chain.web3j().ethCall(Transaction.createEthCallTransaction(null, contracts.get(contract), data), DefaultBlockParameterName.LATEST)
                .send().getValue();
    }

    /** The i-th 32-byte word of ABI-encoded return data. */
    static BigInteger word(String hex, int i) {
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        return new BigInteger(h.substring(64 * i, 64 * (i + 1)), 16);
    }

    static String hex(BigInteger word) {
        return String.format("%064x", word);
    }

    static String address(BigInteger word) {
        return "0x" + String.format("%040x", word);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String shortHex(String hex) {
        return hex.substring(0, 8);
    }

    static String zeroDigest() {
        return "0".repeat(64);
    }

    static boolean isZero(String hex) {
        return hex.equals(zeroDigest());
    }

    static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}
