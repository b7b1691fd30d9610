package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vnfx.ledger.TestMarket.ENVELOPE;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.Market.Refusal;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.ContractRevertException;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Steps out of order and steps done twice: each is refused with the exact error and leaves the deployment,
 * the offer, the MEC's resources, the escrow and the provider's balance exactly as they were. A replayed
 * signed transaction is refused by the node itself.
 */
class ReplayAndOrderingTest {
    static final Requirements MEC_HAS = new Requirements(4000, 8192, 10_000);

    static TestMarket market;
    static Market operator;
    static Actor provider, mec, otherMec;
    static OfferTerms ids;
    String snapshot;

    @BeforeAll
    static void chain() throws Exception {
        market = TestMarket.start();
        operator = market.operator.market();
        operator.deposit(TestMarket.ETHER);
        provider = market.actor("provider", Role.PROVIDER);
        mec = market.actor("mec", Role.MEC);
        otherMec = market.actor("other-mec", Role.MEC);
        mec.market().publishResources(MEC_HAS);
        otherMec.market().publishResources(MEC_HAS);
        ids = market.acceptedOffer(provider, "ids", new Requirements(500, 256, 100), 1_000_000);
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    /** Every test starts from the same chain: its steps are undone afterwards (evm_snapshot / evm_revert). */
    @BeforeEach
    void isolate() throws Exception {
        snapshot = market.snapshot();
    }

    @AfterEach
    void restore() throws Exception {
        market.revertTo(snapshot);
    }

    /** What a refused step must not touch. */
    Views state(BigInteger deploymentId) {
        return new Views()
                .add("deployment", () -> market.deployment(deploymentId))
                .add("offer", () -> operator.offer(ids.packageDigest()))
                .add("free resources of mec", () -> operator.freeResources(mec.address()))
                .add("free resources of other mec", () -> operator.freeResources(otherMec.address()))
                .add("escrow", operator::escrow)
                .add("owed", operator::owed)
                .add("provider balance", () -> operator.balanceOf(provider.address()))
                .add("deployment count", () -> operator.suite().orchestration().deploymentCount().send());
    }

    /** The step reverts with exactly this error and nothing observable changes. */
    ContractRevertException refusedUnchanged(BigInteger deploymentId, String function, String error, Executable step) throws Exception {
        Views views = state(deploymentId);
        Map<String, String> before = views.read();
        ContractRevertException e = Reverts.expect(function, error, step);
        assertEquals(before, views.read(), "a refused step changes nothing");
        return e;
    }

    static BigInteger statusCode(DeploymentStatus s) {
        return BigInteger.valueOf(s.ordinal());
    }

    @Test
    void anUninstallReportedBeforeTheInstantiationIsRefused() throws Exception {
        BigInteger id = market.granted(mec, ids);
        var e = refusedUnchanged(id, "Orchestration.reportUninstall", "WrongStatus", () -> mec.market().reportUninstall(id, 0, new long[8]));
        assertEquals(statusCode(DeploymentStatus.GRANTED), e.arguments().get("status"));
        assertEquals(id, e.arguments().get("deploymentId"));
    }

    @Test
    void anInstantiationReportedTwiceIsRefused() throws Exception {
        BigInteger id = market.running(mec, ids);
        BigInteger startedAt = market.deployment(id).instantiatedAt;
        market.advanceSeconds(30);

        var e = refusedUnchanged(id, "Orchestration.reportInstantiation", "WrongStatus", () -> mec.market().reportInstantiation(id, true, new byte[32]));
        assertEquals(statusCode(DeploymentStatus.RUNNING), e.arguments().get("status"));
        refusedUnchanged(id, "Orchestration.reportInstantiation", "WrongStatus", () -> mec.market().reportInstantiation(id, false, new byte[32]));
        assertEquals(startedAt, market.deployment(id).instantiatedAt, "a replayed start must not reset the usage clock");
    }

    @Test
    void anInstantiationReportedForAFailedStartIsRefused() throws Exception {
        BigInteger id = market.granted(mec, ids);
        mec.market().reportInstantiation(id, false, new byte[32]);

        var e = refusedUnchanged(id, "Orchestration.reportInstantiation", "WrongStatus", () -> mec.market().reportInstantiation(id, true, new byte[32]));
        assertEquals(statusCode(DeploymentStatus.FAILED), e.arguments().get("status"));
    }

    @Test
    void anUninstallReportedTwiceIsRefusedAndPaysOnce() throws Exception {
        BigInteger id = market.running(mec, ids);
        market.advanceSeconds(100);
        mec.market().reportUninstall(id, 100, new long[8]);
        BigInteger paid = operator.balanceOf(provider.address());
        assertTrue(paid.signum() > 0);

        var e = refusedUnchanged(id, "Orchestration.reportUninstall", "WrongStatus", () -> mec.market().reportUninstall(id, 100, new long[8]));
        assertEquals(statusCode(DeploymentStatus.SETTLED), e.arguments().get("status"));
        assertEquals(paid, operator.balanceOf(provider.address()));
        assertEquals(BigInteger.ONE, operator.offer(ids.packageDigest()).sessions, "the reputation counts the session once");
    }

    @Test
    void aGrantGivenTwiceIsRefusedAndReservesOnce() throws Exception {
        BigInteger id = market.granted(mec, ids);
        assertEquals(new Requirements(3500, 7936, 9900), operator.freeResources(mec.address()));

        var e = refusedUnchanged(id, "Orchestration.grant", "WrongStatus", () -> operator.grant(id, ids.packageDigest(), ENVELOPE));
        assertEquals(statusCode(DeploymentStatus.GRANTED), e.arguments().get("status"));
        assertEquals(new Requirements(3500, 7936, 9900), operator.freeResources(mec.address()));
    }

    @Test
    void aRefusalAfterTheGrantIsRefused() throws Exception {
        BigInteger id = market.granted(mec, ids);
        var e = refusedUnchanged(id, "Orchestration.refuse", "WrongStatus", () -> operator.refuse(id, Refusal.POLICY_DENIED));
        assertEquals(statusCode(DeploymentStatus.GRANTED), e.arguments().get("status"));
    }

    @Test
    void aGrantAfterTheRefusalAndASecondRefusalAreRefused() throws Exception {
        BigInteger id = market.requested(mec, ids);
        operator.refuse(id, Refusal.NO_OFFER);

        var e = refusedUnchanged(id, "Orchestration.grant", "WrongStatus", () -> operator.grant(id, ids.packageDigest(), ENVELOPE));
        assertEquals(statusCode(DeploymentStatus.REFUSED), e.arguments().get("status"));
        refusedUnchanged(id, "Orchestration.refuse", "WrongStatus", () -> operator.refuse(id, Refusal.OTHER));
    }

    @Test
    void stepsOnADeploymentThatDoesNotExistAreRefusedWithUnknownDeployment() throws Exception {
        BigInteger nowhere = operator.suite().orchestration().deploymentCount().send().add(BigInteger.ONE);
        refusedUnchanged(nowhere, "Orchestration.grant", "UnknownDeployment", () -> operator.grant(nowhere, ids.packageDigest(), ENVELOPE));
        refusedUnchanged(nowhere, "Orchestration.refuse", "UnknownDeployment", () -> operator.refuse(nowhere, Refusal.OTHER));
        refusedUnchanged(nowhere, "Orchestration.reportInstantiation", "UnknownDeployment", () -> mec.market().reportInstantiation(nowhere, true, new byte[32]));
        refusedUnchanged(nowhere, "Orchestration.reportUninstall", "UnknownDeployment", () -> mec.market().reportUninstall(nowhere, 0, new long[8]));
        var e = refusedUnchanged(nowhere, "Orchestration.settle", "UnknownDeployment", () -> operator.settle(nowhere));
        assertEquals(nowhere, e.arguments().get("deploymentId"));
        refusedUnchanged(BigInteger.ZERO, "Orchestration.settle", "UnknownDeployment", () -> operator.settle(BigInteger.ZERO));
    }

    @Test
    void settlingADeploymentThatWasPaidOrIsStillRunningIsRefused() throws Exception {
        BigInteger running = market.running(mec, ids);
        var e = refusedUnchanged(running, "Orchestration.settle", "WrongStatus", () -> operator.settle(running));
        assertEquals(statusCode(DeploymentStatus.RUNNING), e.arguments().get("status"));

        market.advanceSeconds(10);
        mec.market().reportUninstall(running, 10, new long[8]);
        e = refusedUnchanged(running, "Orchestration.settle", "WrongStatus", () -> operator.settle(running));
        assertEquals(statusCode(DeploymentStatus.SETTLED), e.arguments().get("status"));
    }

    @Test
    void aMecCannotReportForAnotherMecsDeployment() throws Exception {
        BigInteger granted = market.granted(mec, ids);
        var e = refusedUnchanged(granted, "Orchestration.reportInstantiation", "NotDeploymentMec",
                () -> otherMec.market().reportInstantiation(granted, false, new byte[32]));
        assertEquals(otherMec.address(), e.arguments().get("caller"));
        assertEquals(granted, e.arguments().get("deploymentId"));

        BigInteger running = market.running(mec, ids);
        market.advanceSeconds(50);
        refusedUnchanged(running, "Orchestration.reportUninstall", "NotDeploymentMec",
                () -> otherMec.market().reportUninstall(running, 50, new long[] {0, 0, 0, 0, 1_000, 0, 0, 0}));
        assertEquals(DeploymentStatus.RUNNING, Market.status(market.deployment(running)));
    }

    @Test
    void registeringTwiceIsRefusedEvenWithAnotherRole() throws Exception {
        Actor customer = market.actor("customer", Role.CUSTOMER);
        Views identity = new Views().add("identity", () -> operator.identity(customer.address()));
        Map<String, String> before = identity.read();

        var e = Reverts.expect("Identities.register", "AlreadyRegistered", () -> customer.market().register(Role.CUSTOMER, customer.encryptionKey()));
        assertEquals(customer.address(), e.arguments().get("account"));
        Reverts.expect("Identities.register", "AlreadyRegistered", () -> customer.market().register(Role.OPERATOR, customer.encryptionKey()));
        Reverts.expect("Identities.register", "AlreadyRegistered", () -> mec.market().register(Role.MEC, mec.encryptionKey()));
        assertEquals(before, identity.read());

        // a revoked identity cannot come back by registering again
        operator.revoke(otherMec.address());
        Reverts.expect("Identities.register", "AlreadyRegistered", () -> otherMec.market().register(Role.MEC, otherMec.encryptionKey()));
    }

    @Test
    void approvingTwiceAndRevokingTwiceAreRefused() throws Exception {
        Actor validator = market.registered("validator", Role.VALIDATOR);
        operator.approve(validator.address());
        Views identity = new Views().add("identity", () -> operator.identity(validator.address()));
        Map<String, String> approved = identity.read();

        var e = Reverts.expect("Identities.approve", "NotPending", () -> operator.approve(validator.address()));
        assertEquals(BigInteger.TWO, e.arguments().get("status"), "status Approved");
        assertEquals(approved, identity.read());

        operator.revoke(validator.address());
        Map<String, String> revoked = identity.read();
        e = Reverts.expect("Identities.revoke", "NotApproved", () -> operator.revoke(validator.address()));
        assertEquals(BigInteger.valueOf(3), e.arguments().get("status"), "status Revoked");
        e = Reverts.expect("Identities.approve", "NotPending", () -> operator.approve(validator.address()));
        assertEquals(BigInteger.valueOf(3), e.arguments().get("status"), "a revoked identity cannot be approved again");
        assertEquals(revoked, identity.read());

        Actor nobody = market.stranger("nobody");
        e = Reverts.expect("Identities.approve", "NotPending", () -> operator.approve(nobody.address()));
        assertEquals(BigInteger.ZERO, e.arguments().get("status"));
    }

    @Test
    void acceptingTwiceIsRefusedAndCountsOnce() throws Exception {
        var e = Reverts.expect("Offers.accept", "WrongOfferStatus", () -> operator.accept(ids.packageDigest()));
        assertEquals(BigInteger.TWO, e.arguments().get("status"), "status Accepted");
        assertEquals(BigInteger.ONE, operator.suite().offers().acceptedOffers(org.vnfx.ledger.suite.FunctionType.toBytes32(ids.functionType())).send());
    }

    @Test
    void theSameSignedTransactionSentAgainIsRefusedByTheNode() throws Exception {
        BigInteger id = market.requested(mec, ids);
        // the operator signs a refusal once and the signed bytes are sent twice
        var signer = market.operator.account();
        BigInteger nonce = market.nonce(signer.getAddress());
        String data = org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("refuse",
                java.util.List.of(new org.web3j.abi.datatypes.generated.Uint256(id), new org.web3j.abi.datatypes.generated.Uint8(Refusal.OTHER.ordinal())),
                java.util.List.of()));
        BigInteger gasPrice = market.chain.web3j().ethGasPrice().send().getGasPrice();
        RawTransaction tx = RawTransaction.createTransaction(nonce, gasPrice, BigInteger.valueOf(200_000), market.record.address("Orchestration"), data);
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(tx, market.chain.chainId(), signer));

        var first = market.chain.web3j().ethSendRawTransaction(signed).send();
        assertTrue(!first.hasError(), () -> first.getError().getMessage());
        // anvil mines on arrival but answers before the block is sealed: wait for the receipt
        for (int i = 0; i < 100 && market.chain.web3j().ethGetTransactionReceipt(first.getTransactionHash()).send().getTransactionReceipt().isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertEquals(DeploymentStatus.REFUSED, Market.status(market.deployment(id)));
        long block = market.chain.blockNumber();
        Map<String, String> before = state(id).read();

        var replay = market.chain.web3j().ethSendRawTransaction(signed).send();

        assertTrue(replay.hasError(), "the node must refuse a replayed transaction");
        assertTrue(replay.getError().getMessage().toLowerCase().contains("nonce"), replay.getError().getMessage());
        assertEquals(block, market.chain.blockNumber(), "nothing was mined");
        assertEquals(before, state(id).read());
        assertEquals(nonce.add(BigInteger.ONE), market.nonce(signer.getAddress()));
    }

    @Test
    void aTransactionSignedForAnotherChainNeverExecutes() throws Exception {
        BigInteger id = market.requested(mec, ids);
        var signer = market.operator.account();
        String data = org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("refuse",
                java.util.List.of(new org.web3j.abi.datatypes.generated.Uint256(id), new org.web3j.abi.datatypes.generated.Uint8(Refusal.OTHER.ordinal())),
                java.util.List.of()));
        RawTransaction tx = RawTransaction.createTransaction(market.nonce(signer.getAddress()),
                market.chain.web3j().ethGasPrice().send().getGasPrice(), BigInteger.valueOf(200_000), market.record.address("Orchestration"), data);
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(tx, market.chain.chainId() + 1, signer));

        var sent = market.chain.web3j().ethSendRawTransaction(signed).send();
        try {
            // anvil takes it into its pool, Besu refuses it at once; either way it must never execute here
            market.chain.rpc("evm_mine");
            if (!sent.hasError()) {
                assertTrue(market.chain.web3j().ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt().isEmpty(),
                        "a transaction signed for chain " + (market.chain.chainId() + 1) + " was mined on chain " + market.chain.chainId());
            }
        } finally {
            if (!sent.hasError()) market.chain.rpc("anvil_dropTransaction", sent.getTransactionHash()); // free the operator's nonce
        }
        assertEquals(DeploymentStatus.REQUESTED, Market.status(market.deployment(id)));
    }
}
