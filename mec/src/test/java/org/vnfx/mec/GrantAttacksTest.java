package org.vnfx.mec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.crypto.Ecies;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.mec.runtime.ProcessRuntime;
import org.vnfx.store.LocalArtifactStore;

/**
 * B-VNF Table III at the MEC agent: grants that a faulty or malicious operator could send. No
 * orchestrator runs here; the test grants by hand, and the agent must start nothing and say so on chain.
 */
class GrantAttacksTest {
    static final Requirements CAPACITY = new Requirements(4000, 4096, 4096);
    static TestMarket market;
    static Path work;
    static LocalArtifactStore cloud;
    static Actor provider;
    static OfferTerms offer;
    static byte[] contentKey;
    MecAgent agent;

    @BeforeAll
    static void world() throws Exception {
        market = TestMarket.start();
        work = Files.createTempDirectory("vnfx-attacks-");
        cloud = new LocalArtifactStore(work.resolve("cloud"));
        provider = market.actor("provider", Role.PROVIDER);
        TestPublisher.Published p = new TestPublisher(market, cloud, work).publish(provider, "echo");
        offer = p.terms();
        contentKey = p.contentKey();
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    @AfterEach
    void closeAgent() {
        if (agent != null) agent.close();
    }

    MecAgent agentFor(Actor mec) throws Exception {
        agent = new MecAgent(market.chain, market.record, mec.account(), mec.encryption(), cloud, new ProcessRuntime(),
                new MecAgent.Config(CAPACITY, Duration.ofMinutes(10), Duration.ofSeconds(20), Files.createTempDirectory(work, mec.name()))).start();
        return agent;
    }

    /** Starts a UE request in the background and returns it with the deployment id it created on chain. */
    record Pending(CompletableFuture<Object> answer, BigInteger id) {}

    Pending request(MecAgent a) throws Exception {
        BigInteger before = market.operator.market().suite().orchestration().deploymentCount().send();
        CompletableFuture<Object> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return a.serve("echo");
            } catch (ServeException e) {
                return e;
            }
        });
        BigInteger id = before.add(BigInteger.ONE);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (market.operator.market().suite().orchestration().deploymentCount().send().compareTo(id) < 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("the agent did not request");
            Thread.sleep(50);
        }
        return new Pending(answer, id);
    }

    static void assertNothingRanAndFailureOnChain(Pending p, InstantiationFailure failure) throws Exception {
        Object answer = p.answer().get();
        assertTrue(answer instanceof ServeException, "expected a refusal, got " + answer);
        assertTrue(((ServeException) answer).title().contains(failure.code()), ((ServeException) answer).title());
        assertEquals(DeploymentStatus.FAILED, Market.status(market.deployment(p.id())), "reported on chain as a failed instantiation");
    }

    @Test
    void aGrantWhoseEnvelopeWasSealedForAnotherMecStartsNothingAndIsReportedAsFailed() throws Exception {
        Actor mec = market.actor("mec", Role.MEC);
        Actor other = market.actor("other", Role.MEC);
        MecAgent a = agentFor(mec);
        Pending p = request(a);
        byte[] forOther = Ecies.seal(other.encryptionKey(), contentKey, EnvelopeContext.grant(offer.packageDigest(), p.id(), other.address()));
        market.operator.market().grant(p.id(), offer.packageDigest(), forOther);
        assertNothingRanAndFailureOnChain(p, InstantiationFailure.KEY_ENVELOPE);
        assertTrue(a.services().isEmpty());
        assertEquals(CAPACITY, market.operator.market().freeResources(mec.address()), "the reservation is given back");
    }

    @Test
    void aGrantReplayedFromAnEarlierDeploymentStartsNothing() throws Exception {
        Actor mec = market.actor("mec", Role.MEC);
        MecAgent a = agentFor(mec);
        Pending first = request(a);
        byte[] genuine = Ecies.seal(mec.encryptionKey(), contentKey, EnvelopeContext.grant(offer.packageDigest(), first.id(), mec.address()));
        market.operator.market().grant(first.id(), offer.packageDigest(), genuine);
        assertTrue(first.answer().get() instanceof MecAgent.Served, "the genuine grant is served");
        a.uninstall("echo");

        Pending second = request(a);
        market.operator.market().grant(second.id(), offer.packageDigest(), genuine); // the old envelope, replayed
        assertNothingRanAndFailureOnChain(second, InstantiationFailure.KEY_ENVELOPE);
    }

    @Test
    void aNodeWhoseKeyIsNotAnApprovedMecCannotEvenRequest() throws Exception {
        Actor stranger = market.stranger("stranger");
        BigInteger before = market.operator.market().suite().orchestration().deploymentCount().send();
        MecAgent a;
        try {
            a = agentFor(stranger);
        } catch (Exception e) {
            // Publishing resources at start is already refused: NotMec.
            assertTrue(e.getMessage().contains("NotMec"), e.getMessage());
            assertEquals(before, market.operator.market().suite().orchestration().deploymentCount().send());
            return;
        }
        throw new AssertionError("an unregistered key started a MEC agent: " + a.address());
    }
}
