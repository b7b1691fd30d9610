package org.vnfx.mec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Orchestration;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.node.ChainNode;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.view.ValueAudit;
import org.vnfx.mec.runtime.ProcessRuntime;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;

/**
 * The chain node restarts under running agents (orchestrator and MEC agent, in this JVM): they keep retrying with
 * backoff while it is down and, once it is back on the same port with its persisted state, catch up from their
 * checkpoints. A graceful stop loses nothing; a kill -9 can lose the blocks mined since anvil's last state dump
 * ({@link AnvilNode#STATE_INTERVAL_SECONDS}), and an agent that saw them notices and re-reads.
 */
class NodeRestartScenarioTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration DECISION_TIMEOUT = Duration.ofSeconds(60);

    static Path work;
    static int port;
    static AnvilNode node;
    static TestMarket market;
    static StoreServer storeServer;
    static Orchestrator orchestrator;
    static TestPublisher publisher;
    static MecAgent agent;
    static MecServer mec;

    @BeforeAll
    static void world() throws Exception {
        work = Files.createTempDirectory("vnfx-node-restart-");
        node = AnvilNode.start(AnvilNode.Options.persistent(work, 0));
        port = node.rpcUrl().getPort();
        // The agents' Chain points at the port, not at the process: the node under it can be replaced.
        market = TestMarket.on(work, ChainNode.remote(node.rpcUrl(), true));
        storeServer = StoreServer.start(new LocalArtifactStore(work.resolve("cloud")));
        publisher = new TestPublisher(market, new KuboArtifactStore(storeServer.uri()), work);
        orchestrator = new Orchestrator(market.chain, market.record, market.operator.account(), market.operator.encryption(),
                work.resolve("orchestrator"), d -> {}).start();
        market.operator.market().deposit(TestMarket.ETHER);
        Actor edge = market.actor("edge", Role.MEC);
        agent = new MecAgent(market.chain, market.record, edge.account(), edge.encryption(), new KuboArtifactStore(storeServer.uri()),
                new ProcessRuntime(), new MecAgent.Config(new Requirements(4000, 4096, 4096), Duration.ofMinutes(10), Duration.ofSeconds(30),
                work.resolve("edge"))).start();
        mec = new MecServer(agent, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (mec != null) mec.close();
        if (agent != null) agent.close();
        if (orchestrator != null) orchestrator.close();
        if (storeServer != null) storeServer.close();
        if (market != null) market.close();
        if (node != null) node.close();
    }

    static void restartNode() throws Exception {
        // The same port: the agents following the chain already point there.
        node = AnvilNode.start(AnvilNode.Options.persistent(work, 0).listeningOn(AnvilNode.Options.LOOPBACK, port));
    }

    /** SIGKILL to anvil itself: it writes no state on the way out. Then its guard is cleaned up. */
    static void killAnvilHard() throws Exception {
        ProcessHandle anvil = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("anvil")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("--port " + port)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no anvil on port " + port));
        anvil.destroyForcibly();
        anvil.onExit().get(10, TimeUnit.SECONDS);
        node.close();
    }

    /** A MEC node that requests on chain itself (no agent): it publishes room for what it asks. */
    static Actor edgeWithRoom(String name) throws Exception {
        Actor edge = market.actor(name, Role.MEC);
        edge.market().publishResources(new Requirements(4000, 4096, 4096));
        return edge;
    }

    static HttpResponse<String> ueRequest(String function) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/services")).timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"" + function + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void awaitGranted(BigInteger id) throws Exception {
        long deadline = System.nanoTime() + DECISION_TIMEOUT.toNanos();
        while (Market.status(market.deployment(id)) == DeploymentStatus.REQUESTED) {
            if (System.nanoTime() > deadline) throw new AssertionError("deployment " + id + " not decided within " + DECISION_TIMEOUT.toSeconds() + " s");
            Thread.sleep(100);
        }
        assertEquals(DeploymentStatus.GRANTED, Market.status(market.deployment(id)), "deployment " + id);
    }

    static int grants(BigInteger id) throws Exception {
        EthFilter f = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, market.record.address("Orchestration"));
        f.addSingleTopic(EventEncoder.encode(Orchestration.DEPLOYMENTGRANTED_EVENT));
        f.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(id, 64));
        return market.chain.web3j().ethGetLogs(f).send().getLogs().size();
    }

    static void assertValueConserved() throws Exception {
        ValueAudit audit = ValueAudit.read(market.chain, market.record).requireConserved();
        assertEquals(audit.in(), audit.heldAndOut());
    }

    @Test
    void aGracefulRestartLosesNothingAndRequestsOnEitherSideAreDecidedOnce() throws Exception {
        String servedBefore = TestMarket.uniqueFunction("echo");
        String requestedAtTheStop = TestMarket.uniqueFunction("echo");
        String servedAfter = TestMarket.uniqueFunction("echo");
        Actor provider = market.actor("provider", Role.PROVIDER);
        publisher.publish(provider, servedBefore);
        var atTheStop = publisher.publish(provider, requestedAtTheStop);
        publisher.publish(provider, servedAfter);
        HttpResponse<String> before = ueRequest(servedBefore);
        assertEquals(200, before.statusCode(), before.body());
        BigInteger firstId = new BigInteger(JSON.readTree(before.body()).path("deploymentId").asText());

        Actor lateEdge = edgeWithRoom("late-edge");
        BigInteger lastBeforeStop = market.requested(lateEdge, atTheStop.terms());
        long headBeforeStop = market.chain.blockNumber();
        node.close(); // SIGTERM: anvil dumps its state; the agents' passes now fail and back off
        Thread.sleep(2_000);
        node = AnvilNode.start(AnvilNode.Options.persistent(work, 0)); // as `vnfx node start` does
        assertEquals(port, node.rpcUrl().getPort(), "a persistent node comes back on the port it last used");

        assertTrue(market.chain.blockNumber() >= headBeforeStop, "a graceful stop keeps every block");
        HttpResponse<String> after = ueRequest(servedAfter);
        assertEquals(200, after.statusCode(), after.body());
        BigInteger afterId = new BigInteger(JSON.readTree(after.body()).path("deploymentId").asText());
        awaitGranted(lastBeforeStop);
        for (BigInteger id : new BigInteger[] {firstId, lastBeforeStop, afterId}) assertEquals(1, grants(id), "deployment " + id + " granted once");

        HttpResponse<String> removed = HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/services/" + servedBefore)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals(DeploymentStatus.SETTLED, Market.status(market.deployment(firstId)), "a session begun before the restart settles after it");
        assertValueConserved();
    }

    @Test
    void aKillMinus9ThatLosesTheLastBlocksIsNoticedAndTheRequestMinedAnewIsDecided() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        var offer = publisher.publish(market.actor("provider", Role.PROVIDER), function);
        Actor directEdge = edgeWithRoom("direct-edge");
        // What a kill -9 leaves on disk when it strikes before the next dump: the state as it was before the
        // blocks below. Taken once anvil has dumped everything so far (it dumps every STATE_INTERVAL_SECONDS).
        Thread.sleep(TimeUnit.SECONDS.toMillis(AnvilNode.STATE_INTERVAL_SECONDS) * 2 + 500);
        long dumpedHead = market.chain.blockNumber();
        Path stateFile = work.resolve("chain/anvil-state.json");
        Path lastDump = work.resolve("last-dump.json");
        Files.copy(stateFile, lastDump, StandardCopyOption.REPLACE_EXISTING);
        JSON.readTree(lastDump.toFile()); // a whole dump, not one caught mid-write

        BigInteger lost = market.requested(directEdge, offer.terms());
        awaitGranted(lost);
        long head = market.chain.blockNumber();
        while (orchestrator.checkpoint() < head) Thread.sleep(20);
        long orchestratorSaw = orchestrator.checkpoint();
        assertTrue(orchestratorSaw > dumpedHead, "the orchestrator handled the blocks about to be lost");

        killAnvilHard();
        Files.copy(lastDump, stateFile, StandardCopyOption.REPLACE_EXISTING);
        restartNode();
        assertEquals(dumpedHead, market.chain.blockNumber(), "the node came back at its last dump");
        assertEquals(lost.subtract(BigInteger.ONE), market.operator.market().suite().orchestration().deploymentCount().send(),
                "the request and its grant are gone with the lost blocks");

        // The same id again, in a block at a height the orchestrator had already passed on the lost chain.
        BigInteger again = market.requested(directEdge, offer.terms());
        assertEquals(lost, again);
        awaitGranted(again);
        assertEquals(1, grants(again), "granted once, on the chain that exists");
        assertValueConserved();
    }
}
