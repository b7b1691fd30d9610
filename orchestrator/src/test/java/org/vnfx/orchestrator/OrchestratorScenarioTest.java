package org.vnfx.orchestrator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Orchestration;
import org.vnfx.crypto.CryptoException;
import org.vnfx.crypto.Ecies;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.policy.Action;
import org.vnfx.ledger.policy.UsagePolicies;
import org.vnfx.ledger.policy.UsagePolicy;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.Market.Refusal;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.orchestrator.Orchestrator.Decision;
import org.vnfx.orchestrator.Orchestrator.Outcome;

/** The orchestrator agent against a real anvil: ranking, resources, refusals, key custody, restarts. */
class OrchestratorScenarioTest {
    static final Requirements SMALL = new Requirements(500, 256, 100);
    static final Requirements BIG = new Requirements(8000, 16384, 100);
    static TestMarket market;
    static Path state;

    @BeforeAll
    static void chain() throws Exception {
        market = TestMarket.start();
        state = Files.createTempDirectory("vnfx-orchestrator-");
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    /** An offer whose content key is really sealed for the operator, advertised and accepted. */
    static OfferTerms offer(Actor provider, String function, Requirements needs, long price, byte[] contentKey) throws Exception {
        byte[] digest = TestMarket.randomDigest();
        byte[] envelope = Ecies.seal(market.operator.encryptionKey(), contentKey, EnvelopeContext.offer(digest));
        OfferTerms t = new OfferTerms(digest, OfferTerms.CODEC_RAW, TestMarket.randomDigest(), function, needs, BigInteger.valueOf(price), envelope);
        provider.market().advertise(t);
        market.operator.market().accept(digest);
        return t;
    }

    static Orchestrator orchestrator(Path dir, List<Decision> decisions) {
        return new Orchestrator(market.chain, market.record, market.operator.account(), market.operator.encryption(), dir, decisions::add);
    }

    @Test
    void theBestFittingOfferIsGrantedWithTheContentKeySealedForTheRequestingMecOnly() throws Exception {
        String function = TestMarket.uniqueFunction("ids");
        Actor cheap = market.actor("cheap", Role.PROVIDER);
        Actor dear = market.actor("dear", Role.PROVIDER);
        Actor mec = market.actor("mec", Role.MEC);
        Actor otherMec = market.actor("other-mec", Role.MEC);
        byte[] key = PackageCipher.newKey();
        OfferTerms cheapOffer = offer(cheap, function, SMALL, 1_000, key);
        offer(dear, function, SMALL, 5_000, PackageCipher.newKey());
        mec.market().publishResources(new Requirements(4000, 8192, 1000));

        BigInteger id = Market.requestedId(mec.market().request(function));
        List<Decision> decisions = new ArrayList<>();
        try (Orchestrator o = orchestrator(Files.createTempDirectory(state, "a"), decisions)) {
            o.catchUp();
        }

        Decision d = decisions.stream().filter(x -> x.deploymentId().equals(id)).findFirst().orElseThrow();
        assertEquals(Outcome.GRANTED, d.outcome());
        assertArrayEquals(cheapOffer.packageDigest(), d.offer(), "same reputation: the lower price wins");
        var granted = Orchestration.getDeploymentGrantedEvents(d.receipt()).get(0);
        byte[] opened = Ecies.open(mec.encryption(), granted.keyEnvelope, EnvelopeContext.grant(d.offer(), id, mec.address()));
        assertArrayEquals(key, opened, "the MEC opens the very content key the provider sealed");
        assertThrows(CryptoException.class,
                () -> Ecies.open(otherMec.encryption(), granted.keyEnvelope, EnvelopeContext.grant(d.offer(), id, otherMec.address())),
                "another MEC node cannot open it");
        assertThrows(CryptoException.class,
                () -> Ecies.open(mec.encryption(), granted.keyEnvelope, EnvelopeContext.grant(d.offer(), id.add(BigInteger.ONE), mec.address())),
                "nor can the same node replay it for another deployment");
    }

    @Test
    void anOperatorOwnedOfferComesFirstAndOffersThatDoNotFitAreSkipped() throws Exception {
        String function = TestMarket.uniqueFunction("fw");
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = market.actor("mec", Role.MEC);
        OfferTerms thirdParty = offer(provider, function, SMALL, 1, PackageCipher.newKey());
        OfferTerms ownedBig = offer(market.operator, function, BIG, 10_000, PackageCipher.newKey());
        mec.market().publishResources(new Requirements(4000, 8192, 1000));

        BigInteger tooSmall = Market.requestedId(mec.market().request(function));
        List<Decision> decisions = new ArrayList<>();
        try (Orchestrator o = orchestrator(Files.createTempDirectory(state, "b"), decisions)) {
            o.catchUp();
            assertArrayEquals(thirdParty.packageDigest(), decisionFor(decisions, tooSmall).offer(), "the operator's offer does not fit 4 vCPU");

            mec.market().publishResources(new Requirements(16000, 32768, 1000));
            BigInteger roomy = Market.requestedId(mec.market().request(function));
            o.catchUp();
            assertArrayEquals(ownedBig.packageDigest(), decisionFor(decisions, roomy).offer(), "operator-owned first when it fits");
        }
    }

    @Test
    void requestsThatCannotBeServedAreRefusedWithTheReasonOnChain() throws Exception {
        String function = TestMarket.uniqueFunction("nat");
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = market.actor("mec", Role.MEC);
        Actor revoked = market.actor("revoked", Role.MEC);
        OfferTerms only = offer(provider, function, BIG, 1, PackageCipher.newKey());
        mec.market().publishResources(new Requirements(1000, 1024, 1000));

        BigInteger afterRetirement = Market.requestedId(mec.market().request(function));
        BigInteger fromRevoked = Market.requestedId(revoked.market().request(function));
        market.operator.market().revoke(revoked.address());
        provider.market().retire(only.packageDigest());
        // After the retirement no accepted offer is left, but the requests were made before.
        List<Decision> decisions = new ArrayList<>();
        try (Orchestrator o = orchestrator(Files.createTempDirectory(state, "c"), decisions)) {
            o.catchUp();
        }
        assertEquals(Refusal.NO_OFFER, decisionFor(decisions, afterRetirement).reason());
        assertEquals(Refusal.REQUESTER_NOT_APPROVED, decisionFor(decisions, fromRevoked).reason());
        assertEquals(DeploymentStatus.REFUSED, Market.status(market.deployment(afterRetirement)));
        var refused = Orchestration.getDeploymentRefusedEvents(decisionFor(decisions, afterRetirement).receipt()).get(0);
        assertEquals(BigInteger.valueOf(Refusal.NO_OFFER.ordinal()), refused.reason);
    }

    @Test
    void anOfferWhosePolicyKeepsItFromTheNodeIsSkippedAndWithNoOtherTheRequestIsRefusedAsPolicyDenied() throws Exception {
        String function = TestMarket.uniqueFunction("waf");
        Actor cheapButEuOnly = market.actor("eu-only", Role.PROVIDER);
        Actor anywhere = market.actor("anywhere", Role.PROVIDER);
        Actor mec = market.actor("mec-us", Role.MEC);
        OfferTerms euOnly = offer(cheapButEuOnly, function, SMALL, 1, PackageCipher.newKey());
        OfferTerms open = offer(anywhere, function, SMALL, 9_000, PackageCipher.newKey());
        new UsagePolicies(market.chain, market.record, cheapButEuOnly.account()).attach(euOnly.packageDigest(),
                new UsagePolicy(Set.of(Action.REDISTRIBUTE, Action.INSTANTIATE), List.of(), List.of("eu-west-1"), 0, null));
        new UsagePolicies(market.chain, market.record, market.operator.account()).assignRegion(mec.address(), "us-east-1");
        mec.market().publishResources(new Requirements(4000, 8192, 1000));

        BigInteger first = Market.requestedId(mec.market().request(function));
        List<Decision> decisions = new ArrayList<>();
        try (Orchestrator o = orchestrator(Files.createTempDirectory(state, "p"), decisions)) {
            o.catchUp();
            assertArrayEquals(open.packageDigest(), decisionFor(decisions, first).offer(), "the cheaper offer may not go to us-east-1");

            anywhere.market().retire(open.packageDigest());
            BigInteger second = Market.requestedId(mec.market().request(function));
            o.catchUp();
            Decision d = decisionFor(decisions, second);
            assertEquals(Refusal.POLICY_DENIED, d.reason());
            assertTrue(d.detail().contains("RegionNotAllowed"), d.detail());
            assertEquals(DeploymentStatus.REFUSED, Market.status(market.deployment(second)));
        }
    }

    @Test
    void insufficientResourcesAreRefusedAsSuch() throws Exception {
        String function = TestMarket.uniqueFunction("dpi");
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = market.actor("mec", Role.MEC);
        offer(provider, function, BIG, 1, PackageCipher.newKey());
        mec.market().publishResources(new Requirements(1000, 1024, 1000));
        BigInteger id = Market.requestedId(mec.market().request(function));
        List<Decision> decisions = new ArrayList<>();
        try (Orchestrator o = orchestrator(Files.createTempDirectory(state, "d"), decisions)) {
            o.catchUp();
        }
        assertEquals(Refusal.INSUFFICIENT_RESOURCES, decisionFor(decisions, id).reason());
    }

    @Test
    void withSlowBlocksTheDecisionsOfOnePassShareBlocksAndReserveTheNodesResources() throws Exception {
        String function = TestMarket.uniqueFunction("nat");
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = market.actor("mec", Role.MEC);
        offer(provider, function, SMALL, 1, PackageCipher.newKey());
        mec.market().publishResources(new Requirements(SMALL.vcpuMillis() * 2, SMALL.memoryMiB() * 2, SMALL.diskMiB() * 2));
        List<BigInteger> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) ids.add(Market.requestedId(mec.market().request(function)));
        List<Decision> decisions = new ArrayList<>();
        // 1 s blocks: deciding one request per block, as a receipt-per-decision orchestrator does, would take four blocks.
        market.chain.rpc("evm_setIntervalMining", 1);
        try (Orchestrator o = orchestrator(Files.createTempDirectory(state, "slow"), decisions)) {
            o.catchUp();
        } finally {
            market.chain.rpc("evm_setAutomine", true);
        }
        List<Outcome> outcomes = ids.stream().map(id -> decisionFor(decisions, id).outcome()).toList();
        assertEquals(List.of(Outcome.GRANTED, Outcome.GRANTED, Outcome.REFUSED, Outcome.REFUSED), outcomes,
                "the grants in flight count against the node's room for two");
        assertEquals(Refusal.INSUFFICIENT_RESOURCES, decisionFor(decisions, ids.get(3)).reason());
        long blocks = ids.stream().map(id -> decisionFor(decisions, id).receipt().getBlockNumber()).distinct().count();
        assertTrue(blocks <= 2, "four decisions sent back to back land in one block (two if a block is cut between them), not " + blocks);
        for (BigInteger id : ids) assertTrue(Market.status(market.deployment(id)) != DeploymentStatus.REQUESTED, "deployment " + id + " decided on chain");
    }

    @Test
    void anOfferWhoseKeyEnvelopeDoesNotOpenIsNeverGrantedBlind() throws Exception {
        String function = TestMarket.uniqueFunction("cdn");
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = market.actor("mec", Role.MEC);
        byte[] digest = TestMarket.randomDigest();
        // Sealed for a stranger, not for the operator: the orchestrator cannot re-seal it.
        byte[] wrong = Ecies.seal(market.stranger("x").encryptionKey(), PackageCipher.newKey(), EnvelopeContext.offer(digest));
        provider.market().advertise(new OfferTerms(digest, OfferTerms.CODEC_RAW, TestMarket.randomDigest(), function, SMALL, BigInteger.ONE, wrong));
        market.operator.market().accept(digest);
        mec.market().publishResources(new Requirements(4000, 8192, 1000));
        BigInteger id = Market.requestedId(mec.market().request(function));
        List<Decision> decisions = new ArrayList<>();
        try (Orchestrator o = orchestrator(Files.createTempDirectory(state, "e"), decisions)) {
            o.catchUp();
        }
        assertEquals(Refusal.OTHER, decisionFor(decisions, id).reason());
    }

    @Test
    void aRestartedOrchestratorNeitherLosesNorRepeatsADecision() throws Exception {
        String function = TestMarket.uniqueFunction("ids");
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = market.actor("mec", Role.MEC);
        offer(provider, function, SMALL, 1, PackageCipher.newKey());
        mec.market().publishResources(new Requirements(4000, 8192, 1000));
        Path dir = Files.createTempDirectory(state, "f");

        BigInteger first = Market.requestedId(mec.market().request(function));
        List<Decision> run1 = new ArrayList<>();
        try (Orchestrator o = orchestrator(dir, run1)) {
            o.catchUp();
        }
        // Requests that arrive while no orchestrator runs are decided by the next one, from its checkpoint.
        BigInteger second = Market.requestedId(mec.market().request(function));
        List<Decision> run2 = new ArrayList<>();
        try (Orchestrator o = orchestrator(dir, run2)) {
            o.catchUp();
            // A crash after the grant but before the checkpoint replays the request: decided once only.
            assertEquals(Outcome.ALREADY_DECIDED, o.decide(first).outcome());
        }
        assertEquals(Outcome.GRANTED, decisionFor(run1, first).outcome());
        assertEquals(List.of(second), run2.stream().map(Decision::deploymentId).toList(), "only the new request is seen after a restart");
        assertEquals(Outcome.GRANTED, decisionFor(run2, second).outcome());
    }

    private static Decision decisionFor(List<Decision> decisions, BigInteger id) {
        return decisions.stream().filter(d -> d.deploymentId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no decision for deployment " + id + " in " + decisions));
    }
}
