package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.vnfx.ledger.Market.Refusal;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.ContractRevertException;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.StaticArray8;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Who may call what: every state-changing function of the suite, called by every actor that must not
 * call it. Each cell checks three things:
 * <ol>
 *   <li>the pre-flight rejects the call with the exact custom error (and names the caller where the error does);
 *   <li>nothing was sent (the caller's nonce did not move);
 *   <li>the same call forced on chain without pre-flight is mined as a revert, and every view of the suite
 *       (identities, roles, offers, deployments, resources, escrow, balances, parameters, wiring) is unchanged.
 * </ol>
 * Each row also simulates the call for the actors that <em>may</em> make it, so a row cannot pass because its
 * arguments were wrong for everyone.
 */
class AccessControlMatrixTest {
    static final BigInteger FORCED_GAS = BigInteger.valueOf(500_000);

    static TestMarket market;
    static Actor operator, coOperator, provider, mec, customer, validator, pendingProvider, pendingMec, stranger, revokedMec;
    /** Not callers: the owners of the targets the rows act on. */
    static Actor offerOwner, ownerMec, applicant, operatorApplicant;
    static OfferTerms advertised, accepted;
    static BigInteger requestedId, grantedId, runningId, instanceId;
    static List<Actor> callers;
    static Views views;
    static Map<String, String> baseline;

    @BeforeAll
    static void world() throws Exception {
        market = TestMarket.start();
        operator = market.operator;
        coOperator = market.actor("co-operator", Role.OPERATOR);
        provider = market.actor("provider", Role.PROVIDER);
        mec = market.actor("mec", Role.MEC);
        customer = market.actor("customer", Role.CUSTOMER);
        validator = market.actor("validator", Role.VALIDATOR);
        pendingProvider = market.registered("pending-provider", Role.PROVIDER);
        pendingMec = market.registered("pending-mec", Role.MEC);
        stranger = market.stranger("stranger");
        revokedMec = market.actor("revoked-mec", Role.MEC);
        revokedMec.market().publishResources(new Requirements(4000, 8192, 10_000));
        operator.market().revoke(revokedMec.address());
        callers = List.of(operator, coOperator, provider, mec, customer, validator, pendingProvider, pendingMec, stranger, revokedMec);

        offerOwner = market.actor("offer-owner", Role.PROVIDER);
        ownerMec = market.actor("owner-mec", Role.MEC);
        applicant = market.registered("applicant", Role.VALIDATOR);
        operatorApplicant = market.registered("operator-applicant", Role.OPERATOR);
        accepted = market.acceptedOffer(offerOwner, "ids", new Requirements(500, 256, 100), 1_000);
        advertised = TestMarket.terms("ids", new Requirements(500, 256, 100), 1_000);
        offerOwner.market().advertise(advertised);
        ownerMec.market().publishResources(new Requirements(4000, 8192, 10_000));
        requestedId = market.requested(ownerMec, accepted);
        grantedId = market.granted(ownerMec, accepted);
        runningId = market.running(ownerMec, accepted);
        operator.market().deposit(TestMarket.ETHER);
        // Licence terms on the accepted offer (public, and private at 1 wei) and one public instance of the customer.
        new Licensing(market.chain, market.record, offerOwner.account()).setTerms(accepted.packageDigest(),
                new Licensing.Terms(true, 0, 0, BigInteger.ONE, 1));
        instanceId = Licensing.instanceOf(new Licensing(market.chain, market.record, customer.account()).instantiate(accepted.packageDigest())).id();

        views = views();
        baseline = views.read();
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    /** Everything a rejected call could have touched. */
    static Views views() {
        String identities = market.record.address("Identities"), offers = market.record.address("Offers");
        String orchestration = market.record.address("Orchestration"), settlement = market.record.address("Settlement");
        Views v = new Views(market.chain.web3j());
        List<Actor> everyone = new ArrayList<>(callers);
        everyone.addAll(List.of(offerOwner, ownerMec, applicant, operatorApplicant));
        for (Actor a : everyone) {
            Address who = new Address(a.address());
            v.call("identity " + a.name(), identities, "identityOf", who);
            // the operator role for everyone (no escalation), and each one's own role (no loss)
            v.call("operator role of " + a.name(), identities, "hasRole", new Bytes32(roleId("vnfx.OPERATOR")), who);
            if (a.role() != Role.NONE && a.role() != Role.OPERATOR) {
                v.call(a.role().label() + " role of " + a.name(), identities, "hasRole", new Bytes32(roleId("vnfx." + a.role().name())), who);
            }
        }
        v.call("administrator", identities, "admin");
        for (OfferTerms o : List.of(accepted, advertised)) v.call("offer " + hex(o.packageDigest()), offers, "offer", new Bytes32(o.packageDigest()));
        v.call("accepted ids offers", offers, "acceptedOffers", new Bytes32(FunctionType.toBytes32("ids")));
        v.call("alpha", offers, "alpha");
        v.call("prior", offers, "priorReputation");
        v.call("weights", offers, "errorWeights");
        v.call("offers bound to", offers, "orchestration");
        v.call("settlement bound to", settlement, "orchestration");
        String attestations = market.record.address("Attestations");
        v.call("offers gated by", offers, "attestations");
        v.call("attestation threshold", attestations, "threshold");
        for (OfferTerms o : List.of(accepted, advertised)) {
            v.call("tally " + hex(o.packageDigest()), attestations, "tally", new Bytes32(o.packageDigest()));
            v.call("vote of validator on " + hex(o.packageDigest()), attestations, "voteOf", new Bytes32(o.packageDigest()), new Address(validator.address()));
        }
        v.call("deployment count", orchestration, "deploymentCount");
        for (BigInteger id : List.of(requestedId, grantedId, runningId)) v.call("deployment " + id, orchestration, "deployment", new Uint256(id));
        for (Actor a : List.of(mec, ownerMec, revokedMec)) v.call("free resources " + a.name(), orchestration, "freeResources", new Address(a.address()));
        v.call("escrow and owed", settlement, "pool");
        for (Actor a : List.of(offerOwner, provider)) v.call("balance " + a.name(), settlement, "balanceOf", new Address(a.address()));
        v.etherBalance("settlement ether", settlement);
        String licences = market.record.address("Licences");
        for (Actor a : List.of(offerOwner, provider)) v.call("licence earnings " + a.name(), licences, "earnings", new Address(a.address()));
        v.etherBalance("licences ether", licences);
        v.call("licence terms", licences, "termsOf", new Bytes32(accepted.packageDigest()));
        for (Actor a : callers) v.call("licence of " + a.name(), licences, "licenceOf", new Address(a.address()), new Bytes32(accepted.packageDigest()));
        v.call("instance count", licences, "instanceCount");
        v.call("instance " + instanceId, licences, "instancePackage", new Uint256(instanceId));
        return v;
    }

    static String hex(byte[] b) {
        return "0x" + java.util.HexFormat.of().formatHex(b);
    }

    /** One function with fixed arguments; denied maps each caller that must not make the call to the error it gets. */
    record Row(String contract, String label, java.util.function.Function<Actor, Function> call, BigInteger value,
               Map<Actor, String> denied, List<Actor> allowed) {
        String function() {
            return contract + "." + call.apply(operator).getName();
        }
    }

    static final class RowBuilder {
        final String contract, label;
        final java.util.function.Function<Actor, Function> call;
        BigInteger value = BigInteger.ZERO;
        final Map<Actor, String> denied = new LinkedHashMap<>();
        final List<Actor> allowed = new ArrayList<>();

        RowBuilder(String contract, String label, java.util.function.Function<Actor, Function> call) {
            this.contract = contract;
            this.label = label;
            this.call = call;
        }

        RowBuilder value(BigInteger v) {
            value = v;
            return this;
        }

        RowBuilder allow(Actor... actors) {
            allowed.addAll(List.of(actors));
            return this;
        }

        /** Every caller not allowed gets {@code error}. */
        RowBuilder othersGet(String error) {
            for (Actor c : callers) if (!allowed.contains(c) && !denied.containsKey(c)) denied.put(c, error);
            return this;
        }

        RowBuilder deny(Actor who, String error) {
            denied.put(who, error);
            return this;
        }

        Row build() {
            return new Row(contract, label, call, value, denied, allowed);
        }
    }

    static RowBuilder row(String contract, String label, java.util.function.Function<Actor, Function> call) {
        return new RowBuilder(contract, label, call);
    }

    static Function fn(String name, Type<?>... args) {
        return new Function(name, List.of(args), List.of());
    }

    static StaticArray8<Uint32> zeros() {
        List<Uint32> z = new ArrayList<>();
        for (int i = 0; i < 8; i++) z.add(new Uint32(0));
        return new StaticArray8<>(Uint32.class, z);
    }

    static List<Row> rows() {
        Actor[] operators = {operator, coOperator};
        return List.of(
                // Identities
                row("Identities", "approve a pending validator", a -> fn("approve", new Address(applicant.address())))
                        .allow(operators).othersGet("NotOperator").build(),
                row("Identities", "approve a pending operator", a -> fn("approve", new Address(operatorApplicant.address())))
                        .allow(operator).deny(coOperator, "NotAdmin").othersGet("NotOperator").build(),
                row("Identities", "revoke an approved MEC", a -> fn("revoke", new Address(mec.address())))
                        .allow(operators).othersGet("NotOperator").build(),
                row("Identities", "revoke an operator", a -> fn("revoke", new Address(coOperator.address())))
                        .allow(operator).deny(coOperator, "NotAdmin").othersGet("NotOperator").build(),
                row("Identities", "register again", a -> fn("register", new Uint8(Role.PROVIDER.ordinal()), new Bytes32(a.encryptionKey().x()), new Uint8(a.encryptionKey().prefix())))
                        .allow(stranger).othersGet("AlreadyRegistered").build(),
                row("Identities", "rotate its key", a -> fn("rotateKey", new Bytes32(a.encryptionKey().x()), new Uint8(a.encryptionKey().prefix())))
                        .allow(operator, coOperator, provider, mec, customer, validator, pendingProvider, pendingMec, revokedMec).othersGet("NotRegistered").build(),
                // Offers
                row("Offers", "advertise a new package", a -> fn("advertise", new Bytes32(digest("new package")), new Uint8(0x55), new Bytes32(digest("cid")),
                        new Bytes32(FunctionType.toBytes32("ids")), new Uint32(500), new Uint32(256), new Uint32(100), new Uint128(1_000),
                        new DynamicBytes(TestMarket.ENVELOPE)))
                        .allow(operator, coOperator, provider).othersGet("NotProvider").build(),
                row("Offers", "accept an advertised offer", a -> fn("accept", new Bytes32(advertised.packageDigest())))
                        .allow(operators).othersGet("NotOperator").build(),
                row("Offers", "reject an advertised offer", a -> fn("reject", new Bytes32(advertised.packageDigest())))
                        .allow(operators).othersGet("NotOperator").build(),
                row("Offers", "retire another provider's offer", a -> fn("retire", new Bytes32(accepted.packageDigest())))
                        .allow(operator, coOperator, offerOwner).othersGet("NotOfferProvider").build(),
                row("Offers", "set reputation parameters", a -> fn("setReputationParameters", new Uint64(BigInteger.TEN.pow(17)), new Uint64(BigInteger.TEN.pow(17)), zeros()))
                        .allow(operators).othersGet("NotOperator").build(),
                row("Offers", "record a session", a -> fn("recordSession", new Bytes32(accepted.packageDigest()), new Uint256(runningId), new Uint32(0), zeros()))
                        .othersGet("NotOrchestration").build(),
                // Orchestration
                row("Orchestration", "publish free resources", a -> fn("publishResources", new Uint32(1), new Uint32(1), new Uint32(1)))
                        .allow(mec, ownerMec).othersGet("NotMec").build(),
                row("Orchestration", "request a VNF", a -> fn("request", new Bytes32(FunctionType.toBytes32("ids"))))
                        .allow(mec, ownerMec).othersGet("NotMec").build(),
                row("Orchestration", "grant a request", a -> fn("grant", new Uint256(requestedId), new Bytes32(accepted.packageDigest()), new org.web3j.abi.datatypes.DynamicBytes(TestMarket.ENVELOPE)))
                        .allow(operators).othersGet("NotOperator").build(),
                row("Orchestration", "refuse a request", a -> fn("refuse", new Uint256(requestedId), new Uint8(Refusal.POLICY_DENIED.ordinal())))
                        .allow(operators).othersGet("NotOperator").build(),
                row("Orchestration", "report another MEC's instantiation", a -> fn("reportInstantiation", new Uint256(grantedId), new Bool(true), new Bytes32(new byte[32])))
                        .allow(ownerMec).othersGet("NotDeploymentMec").build(),
                row("Orchestration", "report another MEC's uninstall", a -> fn("reportUninstall", new Uint256(runningId), new Uint32(0), zeros()))
                        .allow(ownerMec).othersGet("NotDeploymentMec").build(),
                // Attestations
                row("Attestations", "set the threshold", a -> fn("setThreshold", new Uint16(1)))
                        .allow(operators).othersGet("NotOperator").build(),
                row("Attestations", "share a key with a validator", a -> fn("shareKey", new Bytes32(advertised.packageDigest()), new Address(validator.address()),
                        new DynamicBytes(TestMarket.ENVELOPE)))
                        .allow(operators).othersGet("NotOperator").build(),
                row("Attestations", "attest an advertised package", a -> fn("attest", new Bytes32(advertised.packageDigest()), new Bool(false), new Bytes32(digest("reason"))))
                        .allow(validator).othersGet("NotValidator").build(),
                row("Attestations", "strike a current validator's vote", a -> fn("strike", new Bytes32(advertised.packageDigest()), new Address(validator.address())))
                        .othersGet("StillValidator").build(),
                // Settlement
                row("Settlement", "deposit escrow", a -> fn("deposit")).value(BigInteger.ONE)
                        .allow(operators).othersGet("NotOperator").build(),
                row("Settlement", "reclaim escrow", a -> fn("reclaim", new Uint256(1), new Address(a.address())))
                        .allow(operators).othersGet("NotOperator").build(),
                row("Settlement", "pay a provider", a -> fn("pay", new Uint256(runningId), new Address(a.address()), new Uint256(1)))
                        .othersGet("NotOrchestration").build(),
                row("Settlement", "withdraw with nothing owed", a -> fn("withdraw"))
                        .othersGet("NothingToWithdraw").build(),
                // Licences
                row("Licences", "set the licence terms of another provider's offer", a -> fn("setTerms", new Bytes32(accepted.packageDigest()),
                        new Uint8(1), new Uint32(0), new Uint16(0), new org.web3j.abi.datatypes.generated.Uint72(0), new Uint16(0)))
                        .allow(offerOwner).othersGet("NotOfferProvider").build(),
                row("Licences", "buy a private licence", a -> fn("buy", new Bytes32(accepted.packageDigest()))).value(BigInteger.ONE)
                        .allow(customer).othersGet("NotCustomer").build(),
                row("Licences", "instantiate a network service", a -> fn("instantiate", new Bytes32(accepted.packageDigest())))
                        .allow(customer).othersGet("NotCustomer").build(),
                row("Licences", "terminate another customer's instance", a -> fn("terminate", new Uint256(instanceId)))
                        .allow(customer).othersGet("NotInstanceOwner").build(),
                row("Licences", "withdraw with no sales owed", a -> fn("withdraw"))
                        .othersGet("NothingToWithdraw").build());
    }

    /** Errors that carry the offending caller as an argument. */
    static final Map<String, String> CALLER_ARGUMENT = Map.ofEntries(
            Map.entry("NotOperator", "caller"), Map.entry("NotProvider", "caller"), Map.entry("NotMec", "caller"),
            Map.entry("NotOrchestration", "caller"), Map.entry("NotDeploymentMec", "caller"), Map.entry("NotOfferProvider", "caller"),
            Map.entry("AlreadyRegistered", "account"), Map.entry("NotRegistered", "account"), Map.entry("NothingToWithdraw", "provider"),
            Map.entry("NotAdmin", "caller"), Map.entry("NotValidator", "account"),
            Map.entry("NotCustomer", "caller"), Map.entry("NotInstanceOwner", "caller"));

    @TestFactory
    Stream<DynamicNode> everyStateChangingFunctionRefusesEveryCallerThatMustNotCallIt() {
        return rows().stream().map(r -> dynamicContainer(r.function() + " (" + r.label() + ")", Stream.concat(
                r.denied().entrySet().stream().map(e -> dynamicTest("by " + e.getKey().name() + " -> " + e.getValue(),
                        () -> denied(r, e.getKey(), e.getValue()))),
                r.allowed().stream().map(a -> dynamicTest("by " + a.name() + " -> allowed (simulated only)", () -> allowed(r, a))))));
    }

    void denied(Row r, Actor caller, String error) throws Exception {
        String to = market.record.address(r.contract());
        String data = FunctionEncoder.encode(r.call().apply(caller));
        BigInteger nonce = market.nonce(caller.address());

        ContractRevertException e = Reverts.expect(r.function(), error,
                () -> market.chain.signer(caller.account()).knowing(market.record.addresses()).sendTransaction(BigInteger.ZERO, BigInteger.ZERO, to, data, r.value(), false));
        String arg = CALLER_ARGUMENT.get(error);
        if (arg != null) assertEquals(caller.address(), e.arguments().get(arg), e.getMessage());
        assertEquals(nonce, market.nonce(caller.address()), "the pre-flight sent nothing");

        // The contract itself, not only the simulation, refuses: force the call into a block.
        var receipts = new PollingTransactionReceiptProcessor(market.chain.web3j(), 10, 1000);
        var raw = new RawTransactionManager(market.chain.web3j(), caller.account(), market.chain.chainId(), receipts);
        BigInteger gasPrice = market.chain.web3j().ethGasPrice().send().getGasPrice(); // no mark-up: it would compound
        var sent = raw.sendTransaction(gasPrice, FORCED_GAS, to, data, r.value(), false);
        assertTrue(!sent.hasError(), () -> "node refused the forced transaction: " + sent.getError().getMessage());
        TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
        assertEquals("0x0", receipt.getStatus(), "the forced call must be mined as a revert");
        assertTrue(receipt.getGasUsed().compareTo(FORCED_GAS) < 0, "reverted, not out of gas");
        assertEquals(baseline, views.read(), "a refused call changes nothing");
    }

    void allowed(Row r, Actor caller) throws Exception {
        String to = market.record.address(r.contract());
        String data = FunctionEncoder.encode(r.call().apply(caller));
        market.chain.signer(caller.account()).knowing(market.record.addresses()).estimate(to, data, r.value()); // throws if the simulation reverts
    }

    static byte[] roleId(String name) {
        return Hash.sha3(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static byte[] digest(String seed) {
        return Hash.sha3(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
