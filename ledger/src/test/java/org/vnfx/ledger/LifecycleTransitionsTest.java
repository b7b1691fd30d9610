package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vnfx.ledger.TestMarket.ENVELOPE;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vnfx.contracts.Orchestration;
import org.vnfx.contracts.Settlement;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.Market.OfferStatus;
import org.vnfx.ledger.Market.Refusal;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.economics.ReputationModel;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Every edge of the deployment lifecycle, and every refusal on the way, with the exact custom error.
 * <pre>
 *   Requested --grant--> Granted --instantiated(ok)--> Running --uninstalled--> Settled
 *            \--refuse--> Refused          \--instantiated(failed)--> Failed     \--(escrow short)--> Uninstalled --settle--> Settled
 * </pre>
 * One chain for the class; each test runs inside an evm_snapshot and is reverted afterwards, so escrow
 * and counters never leak from one test into another.
 */
class LifecycleTransitionsTest {
    static final Requirements IDS_NEEDS = new Requirements(500, 256, 100);
    static final Requirements MEC_HAS = new Requirements(4000, 8192, 10_000);
    static final long PRICE = 1_000_000_000L;

    static TestMarket market;
    static Market operator;
    String snapshot;

    @BeforeAll
    static void chain() throws Exception {
        market = TestMarket.start();
        operator = market.operator.market();
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    @BeforeEach
    void isolate() throws Exception {
        snapshot = market.snapshot();
    }

    @AfterEach
    void restore() throws Exception {
        market.revertTo(snapshot);
    }

    Actor mecWithResources(String name, Requirements free) throws Exception {
        Actor mec = market.actor(name, Role.MEC);
        mec.market().publishResources(free);
        return mec;
    }

    OfferTerms acceptedOffer(Actor provider, String prefix) throws Exception {
        return market.acceptedOffer(provider, TestMarket.uniqueFunction(prefix), IDS_NEEDS, PRICE);
    }

    DeploymentStatus status(BigInteger id) throws Exception {
        return Market.status(market.deployment(id));
    }

    // --- the happy path, one edge at a time ------------------------------------------------------

    @Test
    void requestedThenGrantedThenRunningThenSettledWhenEscrowCoversTheSession() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        OfferTerms ids = acceptedOffer(provider, "ids");
        operator.deposit(TestMarket.ETHER);

        TransactionReceipt requested = mec.market().request(ids.functionType());
        BigInteger id = Market.requestedId(requested);
        Orchestration.Deployment d = market.deployment(id);
        assertEquals(DeploymentStatus.REQUESTED, Market.status(d));
        assertEquals(mec.address(), d.mec);
        assertArrayEquals(FunctionType.toBytes32(ids.functionType()), d.functionType);
        assertArrayEquals(new byte[32], d.offer, "no offer is chosen before the grant");
        assertEquals(blockTime(requested), d.requestedAt);

        byte[] envelope = new byte[512]; // Orchestration.MAX_ENVELOPE_BYTES, the largest allowed
        envelope[0] = 0x04;
        TransactionReceipt granted = operator.grant(id, ids.packageDigest(), envelope);
        var grantEvent = Orchestration.getDeploymentGrantedEvents(granted).get(0);
        assertEquals(id, grantEvent.deploymentId);
        assertEquals(mec.address(), grantEvent.mec);
        assertArrayEquals(ids.packageDigest(), grantEvent.offer);
        assertArrayEquals(envelope, grantEvent.keyEnvelope, "the envelope reaches the MEC through the grant event");
        assertEquals(DeploymentStatus.GRANTED, status(id));
        assertArrayEquals(ids.packageDigest(), market.deployment(id).offer);
        assertEquals(new Requirements(3500, 7936, 9900), operator.freeResources(mec.address()), "the grant reserves what the offer needs");

        TransactionReceipt instantiated = mec.market().reportInstantiation(id, true, new byte[32]);
        assertEquals(DeploymentStatus.RUNNING, status(id));
        assertEquals(blockTime(instantiated), market.deployment(id).instantiatedAt);
        assertTrue(Orchestration.getDeploymentInstantiatedEvents(instantiated).get(0).success);

        market.advanceSeconds(60);
        long[] errors = {0, 2, 0, 0, 0, 0, 0, 0};
        TransactionReceipt uninstalled = mec.market().reportUninstall(id, 50, errors);
        BigInteger amount = ReputationModel.DEFAULT.session(ReputationModel.DEFAULT.prior(), errors, BigInteger.valueOf(PRICE), 50).amount();
        var event = Orchestration.getDeploymentUninstalledEvents(uninstalled).get(0);
        assertTrue(event.paid);
        assertEquals(amount, event.amount);
        assertEquals(BigInteger.valueOf(50), event.usageSeconds);
        assertEquals(DeploymentStatus.SETTLED, status(id));
        assertEquals(BigInteger.ZERO, market.deployment(id).amountDue);
        assertEquals(amount, operator.balanceOf(provider.address()));
        assertEquals(MEC_HAS, operator.freeResources(mec.address()), "the uninstall gives the resources back");
    }

    @ParameterizedTest(name = "refused for {0}")
    @EnumSource(value = Refusal.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aRequestIsRefusedAndTheReasonIsRecordedInTheEvent(Refusal reason) throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        OfferTerms ids = acceptedOffer(provider, "ids");
        BigInteger id = market.requested(mec, ids);

        TransactionReceipt refused = operator.refuse(id, reason);

        var event = Orchestration.getDeploymentRefusedEvents(refused);
        assertEquals(1, event.size());
        assertEquals(id, event.get(0).deploymentId);
        assertEquals(mec.address(), event.get(0).mec);
        assertEquals(BigInteger.valueOf(reason.ordinal()), event.get(0).reason);
        assertEquals(DeploymentStatus.REFUSED, status(id));
        assertEquals(MEC_HAS, operator.freeResources(mec.address()), "a refusal reserves nothing");
        Reverts.expect("Orchestration.grant", "WrongStatus", () -> operator.grant(id, ids.packageDigest(), ENVELOPE));
    }

    @Test
    void aRefusalWithoutAReasonIsItselfRefused() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        BigInteger id = market.requested(mec, acceptedOffer(provider, "ids"));

        var e = Reverts.expect("Orchestration.refuse", "InvalidRefusal", () -> operator.refuse(id, Refusal.NONE));
        assertEquals(BigInteger.ZERO, e.arguments().get("reason"));
        assertEquals(DeploymentStatus.REQUESTED, status(id));
    }

    @Test
    void aGrantedVnfThatFailsToStartIsFailedAndItsResourcesAreReleased() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        BigInteger id = market.granted(mec, acceptedOffer(provider, "ids"));
        assertEquals(new Requirements(3500, 7936, 9900), operator.freeResources(mec.address()));

        byte[] detail = FunctionType.toBytes32("image-digest-mismatch");
        TransactionReceipt r = mec.market().reportInstantiation(id, false, detail);

        var event = Orchestration.getDeploymentInstantiatedEvents(r).get(0);
        assertFalse(event.success);
        assertArrayEquals(detail, event.detail);
        assertEquals(DeploymentStatus.FAILED, status(id));
        assertEquals(BigInteger.ZERO, market.deployment(id).instantiatedAt, "a failed start never ran");
        assertEquals(MEC_HAS, operator.freeResources(mec.address()), "a failed start gives the reservation back");
        Reverts.expect("Orchestration.reportUninstall", "WrongStatus", () -> mec.market().reportUninstall(id, 0, new long[8]));
    }

    @Test
    void aSessionWhoseEscrowIsShortIsUninstalledWithPaymentDeferredThenSettledAfterADeposit() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        OfferTerms ids = acceptedOffer(provider, "ids");
        BigInteger small = BigInteger.valueOf(1_000);
        operator.deposit(small);
        BigInteger id = market.running(mec, ids);
        market.advanceSeconds(100);

        TransactionReceipt r = mec.market().reportUninstall(id, 90, new long[8]);

        BigInteger due = ReputationModel.DEFAULT.session(ReputationModel.DEFAULT.prior(), new long[8], BigInteger.valueOf(PRICE), 90).amount();
        assertTrue(due.compareTo(small) > 0, "the test needs a session dearer than the escrow");
        var deferred = Settlement.getPaymentDeferredEvents(r);
        assertEquals(1, deferred.size());
        assertEquals(id, deferred.get(0).deploymentId);
        assertEquals(provider.address(), deferred.get(0).provider);
        assertEquals(due, deferred.get(0).amount);
        assertEquals(small, deferred.get(0).escrow);
        assertFalse(Orchestration.getDeploymentUninstalledEvents(r).get(0).paid);
        assertEquals(DeploymentStatus.UNINSTALLED, status(id));
        assertEquals(due, market.deployment(id).amountDue);
        assertEquals(MEC_HAS, operator.freeResources(mec.address()), "resources come back even when payment waits");
        assertEquals(small, operator.escrow(), "nothing is paid out of a short escrow");
        assertEquals(BigInteger.ZERO, operator.balanceOf(provider.address()));
        var reputation = operator.offer(ids.packageDigest());
        assertEquals(BigInteger.ONE, reputation.sessions, "the usage report is recorded even though payment waits");

        // still short after a top-up that does not reach the amount due
        operator.deposit(due.subtract(small).subtract(BigInteger.ONE));
        Actor anyone = market.stranger("anyone");
        var e = Reverts.expect("Orchestration.settle", "InsufficientEscrow", () -> anyone.market().settle(id));
        assertTrue(e.arguments().values().containsAll(java.util.List.of(id, due)), e.getMessage());
        assertEquals(DeploymentStatus.UNINSTALLED, status(id));

        operator.deposit(BigInteger.ONE);
        TransactionReceipt settled = anyone.market().settle(id); // settle is permissionless

        assertEquals(DeploymentStatus.SETTLED, status(id));
        assertEquals(BigInteger.ZERO, market.deployment(id).amountDue);
        var settledEvent = Orchestration.getDeploymentSettledEvents(settled).get(0);
        assertEquals(id, settledEvent.deploymentId);
        assertEquals(due, settledEvent.amount);
        assertEquals(due, Settlement.getPaymentCreditedEvents(settled).get(0).amount);
        assertEquals(due, operator.balanceOf(provider.address()));
        assertEquals(BigInteger.ZERO, operator.escrow());
        Reverts.expect("Orchestration.settle", "WrongStatus", () -> anyone.market().settle(id));
    }

    // --- refusals at request and grant -----------------------------------------------------------

    @Test
    void aGrantThatDoesNotFitTheMecsFreeResourcesIsRefusedWithInsufficientResources() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Requirements tight = new Requirements(4000, 255, 10_000); // one MiB of memory short
        Actor mec = mecWithResources("mec", tight);
        OfferTerms ids = acceptedOffer(provider, "ids");
        BigInteger id = market.requested(mec, ids);

        var e = Reverts.expect("Orchestration.grant", "InsufficientResources", () -> operator.grant(id, ids.packageDigest(), ENVELOPE));
        assertEquals(Map.of("deploymentId", id, "vcpuMillis", BigInteger.valueOf(4000), "memoryMiB", BigInteger.valueOf(255),
                "diskMiB", BigInteger.valueOf(10_000)), e.arguments());
        assertEquals(DeploymentStatus.REQUESTED, status(id));
        assertEquals(tight, operator.freeResources(mec.address()));

        mec.market().publishResources(new Requirements(4000, 256, 10_000)); // exactly enough
        operator.grant(id, ids.packageDigest(), ENVELOPE);
        assertEquals(new Requirements(3500, 0, 9900), operator.freeResources(mec.address()));
    }

    @Test
    void aRequestForAFunctionNobodyOffersIsRefusedWithUnknownFunction() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        String nobody = TestMarket.uniqueFunction("nat");
        BigInteger before = operator.suite().orchestration().deploymentCount().send();

        var e = Reverts.expect("Orchestration.request", "UnknownFunction", () -> mec.market().request(nobody));
        assertEquals("0x" + java.util.HexFormat.of().formatHex(FunctionType.toBytes32(nobody)), e.arguments().get("functionType"));

        // advertised but not yet accepted is still unknown to requesters
        OfferTerms advertised = TestMarket.terms(nobody, IDS_NEEDS, PRICE);
        provider.market().advertise(advertised);
        Reverts.expect("Orchestration.request", "UnknownFunction", () -> mec.market().request(nobody));
        assertEquals(before, operator.suite().orchestration().deploymentCount().send(), "no deployment was created");

        operator.accept(advertised.packageDigest());
        assertEquals(DeploymentStatus.REQUESTED, status(market.requested(mec, advertised)));
    }

    @Test
    void aGrantWithAnOfferRetiredAfterTheRequestIsRefusedWithOfferNotAccepted() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        OfferTerms ids = acceptedOffer(provider, "ids");
        BigInteger id = market.requested(mec, ids);
        provider.market().retire(ids.packageDigest());

        var e = Reverts.expect("Orchestration.grant", "OfferNotAccepted", () -> operator.grant(id, ids.packageDigest(), ENVELOPE));
        assertEquals(BigInteger.valueOf(OfferStatus.RETIRED.ordinal()), e.arguments().get("status"));
        assertEquals(DeploymentStatus.REQUESTED, status(id));
        assertEquals(MEC_HAS, operator.freeResources(mec.address()));
    }

    @Test
    void aGrantWithARejectedAnAdvertisedOrAnUnknownOfferIsRefusedWithOfferNotAccepted() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        OfferTerms accepted = acceptedOffer(provider, "ids");
        OfferTerms rejected = TestMarket.terms(accepted.functionType(), IDS_NEEDS, PRICE);
        provider.market().advertise(rejected);
        operator.reject(rejected.packageDigest());
        OfferTerms advertised = TestMarket.terms(accepted.functionType(), IDS_NEEDS, PRICE);
        provider.market().advertise(advertised);
        BigInteger id = market.requested(mec, accepted);

        var e = Reverts.expect("Orchestration.grant", "OfferNotAccepted", () -> operator.grant(id, rejected.packageDigest(), ENVELOPE));
        assertEquals(BigInteger.valueOf(OfferStatus.REJECTED.ordinal()), e.arguments().get("status"));
        e = Reverts.expect("Orchestration.grant", "OfferNotAccepted", () -> operator.grant(id, advertised.packageDigest(), ENVELOPE));
        assertEquals(BigInteger.valueOf(OfferStatus.ADVERTISED.ordinal()), e.arguments().get("status"));
        e = Reverts.expect("Orchestration.grant", "OfferNotAccepted", () -> operator.grant(id, TestMarket.randomDigest(), ENVELOPE));
        assertEquals(BigInteger.valueOf(OfferStatus.NONE.ordinal()), e.arguments().get("status"));
        assertEquals(DeploymentStatus.REQUESTED, status(id));
        assertEquals(MEC_HAS, operator.freeResources(mec.address()));
    }

    @Test
    void aGrantWithAnOfferOfAnotherFunctionIsRefusedWithFunctionMismatch() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        OfferTerms ids = acceptedOffer(provider, "ids");
        OfferTerms firewall = acceptedOffer(provider, "firewall");
        BigInteger id = market.requested(mec, ids);

        var e = Reverts.expect("Orchestration.grant", "FunctionMismatch", () -> operator.grant(id, firewall.packageDigest(), ENVELOPE));
        assertEquals(hex(FunctionType.toBytes32(firewall.functionType())), e.arguments().get("offered"));
        assertEquals(hex(FunctionType.toBytes32(ids.functionType())), e.arguments().get("requested"));
        assertEquals(DeploymentStatus.REQUESTED, status(id));
        assertEquals(MEC_HAS, operator.freeResources(mec.address()));
    }

    @Test
    void aGrantWithAnEmptyOrOversizedKeyEnvelopeIsRefusedWithInvalidEnvelope() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        OfferTerms ids = acceptedOffer(provider, "ids");
        BigInteger id = market.requested(mec, ids);

        var empty = Reverts.expect("Orchestration.grant", "InvalidEnvelope", () -> operator.grant(id, ids.packageDigest(), new byte[0]));
        assertEquals(BigInteger.ZERO, empty.arguments().get("length"));
        var oversized = Reverts.expect("Orchestration.grant", "InvalidEnvelope", () -> operator.grant(id, ids.packageDigest(), new byte[513]));
        assertEquals(BigInteger.valueOf(513), oversized.arguments().get("length"));
        assertEquals(DeploymentStatus.REQUESTED, status(id));

        operator.grant(id, ids.packageDigest(), new byte[1]); // the smallest allowed
        assertEquals(DeploymentStatus.GRANTED, status(id));
    }

    @Test
    void anUninstallReportingMoreUsageThanElapsedIsRefusedWithUsageExceedsElapsed() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = mecWithResources("mec", MEC_HAS);
        OfferTerms ids = acceptedOffer(provider, "ids");
        operator.deposit(TestMarket.ETHER);
        BigInteger id = market.running(mec, ids);
        market.advanceSeconds(100);

        var e = Reverts.expect("Orchestration.reportUninstall", "UsageExceedsElapsed",
                () -> mec.market().reportUninstall(id, 1_000, new long[8]));
        assertEquals(BigInteger.valueOf(1_000), e.arguments().get("usageSeconds"));
        BigInteger elapsed = (BigInteger) e.arguments().get("elapsedSeconds");
        assertTrue(elapsed.compareTo(BigInteger.valueOf(100)) >= 0 && elapsed.compareTo(BigInteger.valueOf(1_000)) < 0, e.getMessage());
        assertEquals(DeploymentStatus.RUNNING, status(id));
        assertEquals(BigInteger.ZERO, operator.offer(ids.packageDigest()).sessions);

        mec.market().reportUninstall(id, 100, new long[8]);
        assertEquals(DeploymentStatus.SETTLED, status(id));
    }

    // --- offers ----------------------------------------------------------------------------------

    @Test
    void thePackageDigestCanBeAdvertisedOnlyOnceEvenByAnotherProvider() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor copycat = market.actor("copycat", Role.PROVIDER);
        OfferTerms ids = TestMarket.terms(TestMarket.uniqueFunction("ids"), IDS_NEEDS, PRICE);
        provider.market().advertise(ids);

        Reverts.expect("Offers.advertise", "OfferExists", () -> provider.market().advertise(ids));
        OfferTerms sameDigest = new OfferTerms(ids.packageDigest(), OfferTerms.CODEC_DAG_PB, TestMarket.randomDigest(), "firewall",
                new Requirements(1, 1, 0), BigInteger.ONE, TestMarket.ENVELOPE);
        Reverts.expect("Offers.advertise", "OfferExists", () -> copycat.market().advertise(sameDigest));

        var o = operator.offer(ids.packageDigest());
        assertEquals(provider.address(), o.provider, "the first publisher stays the origin");
        assertEquals(BigInteger.valueOf(OfferTerms.CODEC_RAW), o.cidCodec);
        assertEquals(BigInteger.valueOf(PRICE), o.basePricePerSecond);
    }

    @Test
    void anOfferWithoutAnOperatorKeyEnvelopeOrWithAnOversizedOneIsRefused() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        OfferTerms ids = TestMarket.terms(TestMarket.uniqueFunction("ids"), IDS_NEEDS, PRICE);
        var offers = provider.market().suite().offers();
        for (int length : new int[] {0, OfferTerms.MAX_ENVELOPE_BYTES + 1}) {
            var e = Reverts.expect("Offers.advertise", "InvalidEnvelope", () -> offers.advertise(ids.packageDigest(),
                    BigInteger.valueOf(ids.cidCodec()), ids.contentDigest(), FunctionType.toBytes32(ids.functionType()),
                    BigInteger.valueOf(500), BigInteger.valueOf(256), BigInteger.valueOf(100), BigInteger.valueOf(PRICE), new byte[length]).send());
            assertEquals(BigInteger.valueOf(length), e.arguments().get("length"));
        }
        assertEquals(BigInteger.valueOf(OfferStatus.NONE.ordinal()), operator.offer(ids.packageDigest()).status);
    }

    @Test
    void aRejectedOfferCannotBeAcceptedLater() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        OfferTerms ids = TestMarket.terms(TestMarket.uniqueFunction("ids"), IDS_NEEDS, PRICE);
        provider.market().advertise(ids);
        operator.reject(ids.packageDigest());

        var e = Reverts.expect("Offers.accept", "WrongOfferStatus", () -> operator.accept(ids.packageDigest()));
        assertEquals(BigInteger.valueOf(OfferStatus.REJECTED.ordinal()), e.arguments().get("status"));
        Reverts.expect("Offers.reject", "WrongOfferStatus", () -> operator.reject(ids.packageDigest()));
        Reverts.expect("Offers.retire", "WrongOfferStatus", () -> provider.market().retire(ids.packageDigest()));
        assertEquals(BigInteger.valueOf(OfferStatus.REJECTED.ordinal()), operator.offer(ids.packageDigest()).status);
        assertEquals(BigInteger.ZERO, acceptedOffers(ids.functionType()));
    }

    @Test
    void aProviderRetiresItsOwnOfferButNotAnotherProvidersOne() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor rival = market.actor("rival", Role.PROVIDER);
        OfferTerms ids = acceptedOffer(provider, "ids");

        var e = Reverts.expect("Offers.retire", "NotOfferProvider", () -> rival.market().retire(ids.packageDigest()));
        assertEquals(rival.address(), e.arguments().get("caller"));
        assertEquals(BigInteger.valueOf(OfferStatus.ACCEPTED.ordinal()), operator.offer(ids.packageDigest()).status);

        TransactionReceipt r = provider.market().retire(ids.packageDigest());
        var changed = org.vnfx.contracts.Offers.getOfferStatusChangedEvents(r).get(0);
        assertEquals(BigInteger.valueOf(OfferStatus.RETIRED.ordinal()), changed.status);
        assertEquals(provider.address(), changed.by);
        assertEquals(BigInteger.valueOf(OfferStatus.RETIRED.ordinal()), operator.offer(ids.packageDigest()).status);
        Reverts.expect("Offers.retire", "WrongOfferStatus", () -> provider.market().retire(ids.packageDigest()));
        Reverts.expect("Offers.accept", "WrongOfferStatus", () -> operator.accept(ids.packageDigest()));
        Reverts.expect("Offers.retire", "UnknownOffer", () -> provider.market().retire(TestMarket.randomDigest()));
    }

    @Test
    void theAcceptedOffersCounterFollowsAcceptAndRetire() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        String fn = TestMarket.uniqueFunction("ids");
        OfferTerms a = TestMarket.terms(fn, IDS_NEEDS, PRICE);
        OfferTerms b = TestMarket.terms(fn, IDS_NEEDS, PRICE);
        OfferTerms c = TestMarket.terms(fn, IDS_NEEDS, PRICE);
        provider.market().advertise(a);
        provider.market().advertise(b);
        provider.market().advertise(c);
        assertEquals(BigInteger.ZERO, acceptedOffers(fn), "advertising alone counts nothing");

        operator.accept(a.packageDigest());
        assertEquals(BigInteger.ONE, acceptedOffers(fn));
        operator.accept(b.packageDigest());
        assertEquals(BigInteger.TWO, acceptedOffers(fn));
        provider.market().retire(c.packageDigest()); // retiring an offer never accepted
        assertEquals(BigInteger.TWO, acceptedOffers(fn));
        provider.market().retire(a.packageDigest());
        assertEquals(BigInteger.ONE, acceptedOffers(fn));
        operator.retire(b.packageDigest()); // the operator may retire any offer
        assertEquals(BigInteger.ZERO, acceptedOffers(fn));

        Actor mec = mecWithResources("mec", MEC_HAS);
        Reverts.expect("Orchestration.request", "UnknownFunction", () -> mec.market().request(fn));
    }

    BigInteger acceptedOffers(String functionType) throws Exception {
        return operator.suite().offers().acceptedOffers(FunctionType.toBytes32(functionType)).send();
    }

    BigInteger blockTime(TransactionReceipt r) throws Exception {
        return market.chain.web3j().ethGetBlockByHash(r.getBlockHash(), false).send().getBlock().getTimestamp();
    }

    static String hex(byte[] b) {
        return "0x" + java.util.HexFormat.of().formatHex(b);
    }
}
