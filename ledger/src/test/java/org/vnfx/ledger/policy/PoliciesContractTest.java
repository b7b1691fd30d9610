package org.vnfx.ledger.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.Reverts;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;

/**
 * The Policies contract on a real anvil: a provider attaches a compiled policy to its package, the operator
 * places accounts in regions, and every rule refuses exactly what it should with the rule's own error.
 */
class PoliciesContractTest {
    static final Requirements NEEDS = new Requirements(1000, 256, 256);
    static TestMarket market;
    static Actor provider;
    static Actor other;
    static Actor customer;
    static Actor stranger;

    @BeforeAll
    static void start() throws Exception {
        market = TestMarket.start();
        provider = market.actor("provider", Role.PROVIDER);
        other = market.actor("other-provider", Role.PROVIDER);
        customer = market.actor("customer", Role.CUSTOMER);
        stranger = market.actor("stranger", Role.CUSTOMER);
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    static UsagePolicies as(Actor a) {
        return new UsagePolicies(market.chain, market.record, a.account());
    }

    static byte[] offer(Actor by) throws Exception {
        OfferTerms t = TestMarket.terms(TestMarket.uniqueFunction("policy"), NEEDS, 1);
        by.market().advertise(t);
        return t.packageDigest();
    }

    @Test
    void onlyTheOffersProviderAttachesAndOnlyOnce() throws Exception {
        byte[] digest = offer(provider);
        UsagePolicy p = new UsagePolicy(EnumSet.of(Action.INSTANTIATE), List.of(), List.of(), 0, null);
        Reverts.expect("Policies.attach", "NotOfferProvider", () -> as(other).attach(digest, p));
        Reverts.expect("Policies.attach", "UnknownOffer", () -> as(provider).attach(TestMarket.randomDigest(), p));
        assertEquals(Optional.empty(), as(provider).policy(digest), "a refused attach records nothing");
        as(provider).attach(digest, p);
        Reverts.expect("Policies.attach", "PolicyExists", () -> as(provider).attach(digest, p));
        assertEquals(Optional.of(p), as(customer).policy(digest), "read back from the chain alone");
    }

    @Test
    void aPackageWithoutAPolicyAllowsEverything() throws Exception {
        byte[] digest = offer(provider);
        as(customer).checkInstantiate(digest, customer.address(), 1_000);
        as(customer).checkRedistribute(digest, customer.address(), true);
        byte[] child = offer(other);
        as(other).declareDerivation(child, digest);
        assertArrayEquals(digest, as(customer).derivedFrom(child).orElseThrow());
    }

    @Test
    void actionsNotAllowedAreRefused() throws Exception {
        byte[] digest = offer(provider);
        as(provider).attach(digest, new UsagePolicy(EnumSet.of(Action.REDISTRIBUTE), List.of(), List.of(), 0, null));
        Reverts.expect("Policies.checkInstantiate", "ActionNotAllowed", () -> as(customer).checkInstantiate(digest, customer.address(), 0));
        as(customer).checkRedistribute(digest, customer.address(), true);
        byte[] child = offer(other);
        Reverts.expect("Policies.declareDerivation", "ActionNotAllowed", () -> as(other).declareDerivation(child, digest));
        assertTrue(as(customer).derivedFrom(child).isEmpty(), "the refused derivation is not recorded");

        byte[] modifiable = offer(provider);
        as(provider).attach(modifiable, new UsagePolicy(EnumSet.of(Action.MODIFY), List.of(), List.of(), 0, null));
        Reverts.expect("Policies.declareDerivation", "NotOfferProvider", () -> as(provider).declareDerivation(child, modifiable));
        as(other).declareDerivation(child, modifiable);
        Reverts.expect("Policies.declareDerivation", "DerivationExists", () -> as(other).declareDerivation(child, modifiable));
    }

    @Test
    void onlyListedCustomersAndRegionsAndAtMostTheInstanceLimit() throws Exception {
        byte[] digest = offer(provider);
        as(provider).attach(digest, new UsagePolicy(Set.of(Action.INSTANTIATE, Action.REDISTRIBUTE), List.of(customer.address().toLowerCase()),
                List.of("eu-west-1"), 2, null));
        Reverts.expect("Policies.checkInstantiate", "RegionNotAllowed", () -> as(customer).checkInstantiate(digest, customer.address(), 0));
        Reverts.expect("Policies.assignRegion", "NotOperator", () -> as(provider).assignRegion(customer.address(), "eu-west-1"));
        as(market.operator).assignRegion(customer.address(), "eu-west-1");
        as(market.operator).assignRegion(stranger.address(), "eu-west-1");
        assertEquals("eu-west-1", as(customer).regionOf(customer.address()));

        as(customer).checkInstantiate(digest, customer.address(), 1);
        Reverts.expect("Policies.checkInstantiate", "InstanceLimit", () -> as(customer).checkInstantiate(digest, customer.address(), 2));
        Reverts.expect("Policies.checkInstantiate", "CustomerNotAllowed", () -> as(stranger).checkInstantiate(digest, stranger.address(), 0));
        Reverts.expect("Policies.checkRedistribute", "CustomerNotAllowed", () -> as(stranger).checkRedistribute(digest, stranger.address(), true));

        // A MEC node is not a customer: only its region counts.
        Actor mec = market.actor("mec", Role.MEC);
        Reverts.expect("Policies.checkRedistribute", "RegionNotAllowed", () -> as(market.operator).checkRedistribute(digest, mec.address(), false));
        as(market.operator).assignRegion(mec.address(), "eu-west-1");
        as(market.operator).checkRedistribute(digest, mec.address(), false);
    }

    @Test
    void nothingIsAllowedAfterTheEnd() throws Exception {
        byte[] digest = offer(provider);
        long now = market.chain.blockTime(market.chain.blockNumber()).getEpochSecond();
        as(provider).attach(digest, new UsagePolicy(EnumSet.allOf(Action.class), List.of(), List.of(), 0, Instant.ofEpochSecond(now + 3600)));
        as(customer).checkInstantiate(digest, customer.address(), 0);
        market.advanceSeconds(3601);
        Reverts.expect("Policies.checkInstantiate", "PolicyExpired", () -> as(customer).checkInstantiate(digest, customer.address(), 0));
        Reverts.expect("Policies.checkRedistribute", "PolicyExpired", () -> as(customer).checkRedistribute(digest, customer.address(), true));
        byte[] child = offer(other);
        Reverts.expect("Policies.declareDerivation", "PolicyExpired", () -> as(other).declareDerivation(child, digest));
    }

    @Test
    void aGrantToAMecNodeIsRedistributionAndFollowsThePolicy() throws Exception {
        Actor mec = market.actor("edge-far", Role.MEC);
        mec.market().publishResources(new Requirements(8000, 8192, 8192));
        String function = TestMarket.uniqueFunction("granted");
        OfferTerms t = TestMarket.terms(function, NEEDS, 1);
        provider.market().advertise(t);
        as(provider).attach(t.packageDigest(), new UsagePolicy(EnumSet.of(Action.REDISTRIBUTE), List.of(), List.of("eu-west-2"), 0, null));
        market.operator.market().accept(t.packageDigest());
        BigInteger id = market.requested(mec, t);
        Requirements freeBefore = market.operator.market().freeResources(mec.address());

        Reverts.expect("Orchestration.grant", "RegionNotAllowed", () -> market.operator.market().grant(id, t.packageDigest(), TestMarket.ENVELOPE));
        assertEquals(org.vnfx.ledger.Market.DeploymentStatus.REQUESTED, org.vnfx.ledger.Market.status(market.deployment(id)), "still requested");
        assertEquals(freeBefore, market.operator.market().freeResources(mec.address()), "nothing reserved");

        as(market.operator).assignRegion(mec.address(), "eu-west-2");
        market.operator.market().grant(id, t.packageDigest(), TestMarket.ENVELOPE);
        assertEquals(org.vnfx.ledger.Market.DeploymentStatus.GRANTED, org.vnfx.ledger.Market.status(market.deployment(id)));
    }

    @Test
    void aPackageThatMayNotBePassedOnIsGrantedToNoMecNode() throws Exception {
        Actor mec = market.actor("edge-near", Role.MEC);
        mec.market().publishResources(new Requirements(8000, 8192, 8192));
        OfferTerms t = TestMarket.terms(TestMarket.uniqueFunction("kept"), NEEDS, 1);
        provider.market().advertise(t);
        as(provider).attach(t.packageDigest(), new UsagePolicy(EnumSet.of(Action.INSTANTIATE), List.of(), List.of(), 0, null));
        market.operator.market().accept(t.packageDigest());
        BigInteger id = market.requested(mec, t);
        Reverts.expect("Orchestration.grant", "ActionNotAllowed", () -> market.operator.market().grant(id, t.packageDigest(), TestMarket.ENVELOPE));
        assertEquals(org.vnfx.ledger.Market.DeploymentStatus.REQUESTED, org.vnfx.ledger.Market.status(market.deployment(id)));
    }

    static org.vnfx.ledger.Licensing licensing(Actor a) {
        return new org.vnfx.ledger.Licensing(market.chain, market.record, a.account());
    }

    /** A package offered for public use and private sale (price 1,000 wei, 2 slots), with the policy attached. */
    static byte[] licensed(UsagePolicy p) throws Exception {
        byte[] digest = offer(provider);
        licensing(provider).setTerms(digest, new org.vnfx.ledger.Licensing.Terms(true, 0, 0, BigInteger.valueOf(1_000), 2));
        as(provider).attach(digest, p);
        return digest;
    }

    @Test
    void aLicenceSaleIsRedistributionOnlyListedCustomersMayBuyAndARefusedSaleRecordsNothing() throws Exception {
        byte[] digest = licensed(new UsagePolicy(EnumSet.allOf(Action.class), List.of(customer.address().toLowerCase()), List.of(), 0, null));
        BigInteger balance = market.chain.balance(stranger.address());
        BigInteger nonce = market.nonce(stranger.address());
        Reverts.expect("Licences.buy", "CustomerNotAllowed", () -> licensing(stranger).buy(digest));
        assertTrue(!licensing(stranger).licence(stranger.address(), digest).bought(), "no licence recorded");
        assertEquals(balance, market.chain.balance(stranger.address()), "no payment taken");
        assertEquals(nonce, market.nonce(stranger.address()), "nothing sent");
        licensing(customer).buy(digest);
        assertTrue(licensing(customer).licence(customer.address(), digest).bought());

        byte[] kept = licensed(new UsagePolicy(EnumSet.of(Action.INSTANTIATE), List.of(), List.of(), 0, null));
        Reverts.expect("Licences.buy", "ActionNotAllowed", () -> licensing(customer).buy(kept));
    }

    @Test
    void instantiationFollowsTheActionTheRegionTheInstanceLimitAndTheEnd() throws Exception {
        byte[] noRun = licensed(new UsagePolicy(EnumSet.of(Action.REDISTRIBUTE), List.of(), List.of(), 0, null));
        Reverts.expect("Licences.instantiate", "ActionNotAllowed", () -> licensing(customer).instantiate(noRun));

        byte[] oneAtATime = licensed(new UsagePolicy(EnumSet.of(Action.INSTANTIATE), List.of(), List.of(), 1, null));
        var first = org.vnfx.ledger.Licensing.instanceOf(licensing(customer).instantiate(oneAtATime));
        BigInteger count = licensing(customer).instanceCount();
        Reverts.expect("Licences.instantiate", "InstanceLimit", () -> licensing(stranger).instantiate(oneAtATime));
        assertEquals(count, licensing(customer).instanceCount(), "no instance recorded");
        licensing(customer).terminate(first.id());
        licensing(stranger).instantiate(oneAtATime); // the slot the policy allows is free again

        byte[] regional = licensed(new UsagePolicy(EnumSet.of(Action.INSTANTIATE), List.of(), List.of("ap-south-1"), 0, null));
        Reverts.expect("Licences.instantiate", "RegionNotAllowed", () -> licensing(customer).instantiate(regional));
        as(market.operator).assignRegion(stranger.address(), "ap-south-1");
        licensing(stranger).instantiate(regional);

        long now = market.chain.blockTime(market.chain.blockNumber()).getEpochSecond();
        byte[] ending = licensed(new UsagePolicy(EnumSet.of(Action.INSTANTIATE), List.of(), List.of(), 0, Instant.ofEpochSecond(now + 600)));
        licensing(customer).instantiate(ending);
        market.advanceSeconds(601);
        Reverts.expect("Licences.instantiate", "PolicyExpired", () -> licensing(customer).instantiate(ending));
    }

    @Test
    void listsAreBounded() throws Exception {
        byte[] digest = offer(provider);
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < UsagePolicy.MAX_LIST; i++) many.add(String.format("0x%040x", BigInteger.valueOf(i + 1)));
        as(provider).attach(digest, new UsagePolicy(EnumSet.of(Action.INSTANTIATE), many, List.of(), 0, null));
        assertEquals(UsagePolicy.MAX_LIST, as(customer).policy(digest).orElseThrow().customers().size());
    }
}
