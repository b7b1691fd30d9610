package org.vnfx.mec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.crypto.Ecies;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.economics.ReputationModel;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.mec.runtime.ProcessPackage;
import org.vnfx.mec.runtime.ProcessRuntime;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.store.ArtifactStore;
import org.vnfx.store.Cid;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.RetryPolicy;
import org.vnfx.store.StoreServer;
import org.vnfx.ledger.trail.Provenance;
import org.vnfx.ledger.trail.Timeline;
import org.vnfx.ledger.trail.Trail;
import org.vnfx.ledger.view.ValueAudit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * B-VNF's migration end to end, every part real: anvil, the orchestrator agent following the chain,
 * a store server reached over HTTP, a MEC agent serving UEs over HTTP, the echo VNF as a process.
 */
class MigrationScenarioTest {
        static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static TestMarket market;
    static Path work;
    static StoreServer storeServer;
    static ArtifactStore cloud;
    static Orchestrator orchestrator;
    static TestPublisher publisher;
    static final List<AutoCloseable> closing = new ArrayList<>();
    static final java.util.Map<MecServer, MecAgent> agents = new java.util.HashMap<>();

    @BeforeAll
    static void world() throws Exception {
        market = TestMarket.start();
        work = Files.createTempDirectory("vnfx-migration-");
        storeServer = StoreServer.start(new LocalArtifactStore(work.resolve("cloud")));
        cloud = new KuboArtifactStore(storeServer.uri());
        orchestrator = new Orchestrator(market.chain, market.record, market.operator.account(), market.operator.encryption(),
                work.resolve("orchestrator"), d -> {}).start();
        market.operator.market().deposit(TestMarket.ETHER);
        publisher = new TestPublisher(market, cloud, work);
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (AutoCloseable c : closing) c.close();
        orchestrator.close();
        storeServer.close();
        market.close();
    }

    static MecServer mecNode(Actor mec, Requirements capacity) throws Exception {
        return mecNode(mec, capacity, Files.createTempDirectory(work, mec.name()));
    }

    static MecServer mecNode(Actor mec, Requirements capacity, Path workDir) throws Exception {
        return mecNode(mec, capacity, workDir, Duration.ofMinutes(10));
    }

    static MecServer mecNode(Actor mec, Requirements capacity, Path workDir, Duration idleTimeout) throws Exception {
        return mecNode(mec, capacity, workDir, idleTimeout, new KuboArtifactStore(storeServer.uri()));
    }

    static MecServer mecNode(Actor mec, Requirements capacity, Path workDir, Duration idleTimeout, ArtifactStore store) throws Exception {
        MecAgent agent = new MecAgent(market.chain, market.record, mec.account(), mec.encryption(), store,
                new ProcessRuntime(), new MecAgent.Config(capacity, idleTimeout, Duration.ofSeconds(30), workDir)).start();
        MecServer server = new MecServer(agent, new InetSocketAddress("127.0.0.1", 0));
        closing.add(server);
        closing.add(agent);
        agents.put(server, agent);
        return server;
    }

    static HttpResponse<String> ueRequest(MecServer mec, String function) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/services"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"" + function + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    static boolean listening(URI endpoint) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aUeIsServedByAColdStartThenAWarmOneAndTheSessionIsSettledAtUninstall() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor edge = market.actor("edge", Role.MEC);
        TestPublisher.Published p = publisher.publish(provider, function);
        MecServer mec = mecNode(edge, new Requirements(4000, 4096, 4096));

        HttpResponse<String> cold = ueRequest(mec, function);
        assertEquals(200, cold.statusCode(), cold.body());
        JsonNode served = JSON.readTree(cold.body());
        assertTrue(served.path("coldStart").asBoolean());
        BigInteger id = new BigInteger(served.path("deploymentId").asText());
        URI endpoint = URI.create(served.path("endpoint").asText());
        JsonNode echo = JSON.readTree(HTTP.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(function, echo.path("function").asText(), "the migrated VNF itself answers");
        assertEquals(id.toString(), echo.path("deployment").asText());

        HttpResponse<String> warm = ueRequest(mec, function);
        assertEquals(200, warm.statusCode());
        assertFalse(JSON.readTree(warm.body()).path("coldStart").asBoolean());
        assertEquals(id.toString(), JSON.readTree(warm.body()).path("deploymentId").asText());
        JsonNode log = JSON.readTree(HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/requests")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(List.of(true, false), List.of(log.get(0).path("coldStart").asBoolean(), log.get(1).path("coldStart").asBoolean()),
                "the node logs the cold start, then the warm one");
        for (JsonNode entry : log) {
            assertEquals(200, entry.path("status").asInt());
            assertEquals(id.toString(), entry.path("deploymentId").asText());
            assertEquals(function, entry.path("function").asText());
        }

        market.advanceSeconds(30);
        Thread.sleep(2_100); // usage is bounded by both the chain's clock and the node's own
        HttpResponse<String> removed = HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/services/" + function)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals(DeploymentStatus.SETTLED, Market.status(market.deployment(id)));
        assertFalse(listening(endpoint), "the VNF is gone after uninstall");
        long usage = JSON.readTree(removed.body()).path("usageSeconds").asLong();
        assertTrue(usage >= 2, "usage " + usage);
        var session = ReputationModel.DEFAULT.session(ReputationModel.DEFAULT.prior(), new long[8], BigInteger.valueOf(TestPublisher.PRICE_WEI_PER_SECOND), usage);
        assertEquals(session.amount(), market.operator.market().balanceOf(provider.address()), "R·B·t paid to the provider");
    }

    @Test
    void aCiphertextWithOneFlippedByteIsReportedAsAFailedInstantiationAndNothingRuns() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor edge = market.actor("edge", Role.MEC);
        // The provider's ciphertext is tampered with in the cloud before it is advertised: its CID is valid,
        // the content is not what the package digest on chain says.
        byte[] key = PackageCipher.newKey();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackageCipher.Sealed sealed;
        try (InputStream in = Files.newInputStream(publisher.variant(function, null))) {
            sealed = PackageCipher.encrypt(in, out, key);
        }
        byte[] tampered = out.toByteArray();
        tampered[tampered.length / 2] ^= 0x01;
        Cid cid = cloud.put(new java.io.ByteArrayInputStream(tampered));
        byte[] digest = sealed.plaintextSha256();
        provider.market().advertise(new OfferTerms(digest, cid.codec(), cid.digest(), function, TestPublisher.ECHO_NEEDS, BigInteger.ONE,
                Ecies.seal(market.operator.encryptionKey(), key, EnvelopeContext.offer(digest))));
        market.operator.market().accept(digest);
        MecServer mec = mecNode(edge, new Requirements(4000, 4096, 4096));

        HttpResponse<String> r = ueRequest(mec, function);
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(JSON.readTree(r.body()).path("title").asText().contains("integrity"), r.body());
        BigInteger id = market.operator.market().suite().orchestration().deploymentCount().send();
        assertEquals(DeploymentStatus.FAILED, Market.status(market.deployment(id)));
        assertEquals(new Requirements(4000, 4096, 4096), market.operator.market().freeResources(edge.address()), "resources given back");
    }

    @Test
    void aCidSwappedForAnotherPackageFailsTheDigestCheck() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor edge = market.actor("edge", Role.MEC);
        String genuineFunction = TestMarket.uniqueFunction("echo");
        TestPublisher.Published genuine = publisher.publish(provider, genuineFunction);
        // Another offer that claims a different package digest but points at the genuine ciphertext (same key).
        byte[] claimed = MessageDigest.getInstance("SHA-256").digest("another package".getBytes());
        provider.market().advertise(new OfferTerms(claimed, genuine.cid().codec(), genuine.cid().digest(), function, TestPublisher.ECHO_NEEDS, BigInteger.ONE,
                Ecies.seal(market.operator.encryptionKey(), genuine.contentKey(), EnvelopeContext.offer(claimed))));
        market.operator.market().accept(claimed);
        MecServer mec = mecNode(edge, new Requirements(4000, 4096, 4096));

        HttpResponse<String> r = ueRequest(mec, function);
        assertEquals(502, r.statusCode(), r.body());
        JsonNode problem = JSON.readTree(r.body());
        assertTrue(problem.path("title").asText().contains("integrity"), r.body());
        assertTrue(problem.path("detail").asText().contains("expected " + java.util.HexFormat.of().formatHex(claimed)), r.body());
        BigInteger id = market.operator.market().suite().orchestration().deploymentCount().send();
        assertEquals(DeploymentStatus.FAILED, Market.status(market.deployment(id)), "reported on chain; nothing runs");
    }

    @Test
    void aRequestNoOfferCanServeIsAnsweredWithAProblem() throws Exception {
        Actor edge = market.actor("edge", Role.MEC);
        MecServer mec = mecNode(edge, new Requirements(4000, 4096, 4096));
        HttpResponse<String> r = ueRequest(mec, TestMarket.uniqueFunction("nothing"));
        assertEquals(404, r.statusCode(), r.body());
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/services"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fn\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/services"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode());
        assertEquals("POST, GET", put.headers().firstValue("Allow").orElse(""));

        // The node's own log: the refused request with its status and reason (the malformed ones never reached the agent).
        JsonNode log = JSON.readTree(HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/requests")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(1, log.size(), log.toString());
        assertEquals(404, log.get(0).path("status").asInt());
        assertTrue(log.get(0).path("problem").asText().startsWith("Unknown function: no accepted offer provides"), log.toString());
        assertTrue(log.get(0).path("deploymentId").isNull(), log.toString());
    }

    @Test
    void twoMecNodesCompeteForScarceResourcesAndTheOneWithoutRoomIsRefused() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        Actor provider = market.actor("provider", Role.PROVIDER);
        publisher.publish(provider, function);
        MecServer roomy = mecNode(market.actor("roomy", Role.MEC), new Requirements(4000, 4096, 4096));
        MecServer cramped = mecNode(market.actor("cramped", Role.MEC), new Requirements(400, 4096, 4096));

        assertEquals(200, ueRequest(roomy, function).statusCode());
        HttpResponse<String> refused = ueRequest(cramped, function);
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(JSON.readTree(refused.body()).path("detail").asText().contains("INSUFFICIENT_RESOURCES"), refused.body());
    }

    @Test
    void aMecAgentThatCrashedWhileAVnfRanPicksItUpAgainAndTheSessionIsSettledOnce() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor edge = market.actor("edge", Role.MEC);
        publisher.publish(provider, function);
        Path workDir = Files.createTempDirectory(work, "crashing-edge");
        MecServer first = mecNode(edge, new Requirements(4000, 4096, 4096), workDir);
        BigInteger id = new BigInteger(JSON.readTree(ueRequest(first, function).body()).path("deploymentId").asText());
        agents.get(first).services(); // the instantiation report is under way
        Thread.sleep(500);
        first.close();
        agents.get(first).close(); // the VNF dies with it; on chain the deployment is still running

        MecServer second = mecNode(edge, new Requirements(4000, 4096, 4096), workDir);
        HttpResponse<String> again = ueRequest(second, function);
        assertEquals(200, again.statusCode(), again.body());
        assertFalse(JSON.readTree(again.body()).path("coldStart").asBoolean(), "relaunched from the verified package, not requested again");
        assertEquals(id.toString(), JSON.readTree(again.body()).path("deploymentId").asText());
        assertEquals(id, market.operator.market().suite().orchestration().deploymentCount().send().min(id).max(id));
        market.advanceSeconds(10);
        HttpResponse<String> removed = HTTP.send(HttpRequest.newBuilder(second.url().resolve("/services/" + function)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals(DeploymentStatus.SETTLED, Market.status(market.deployment(id)));
    }

    @Test
    void aVnfNoUeUsesIsUninstalledAfterTheIdleTimeoutAndItsSessionSettled() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        publisher.publish(market.actor("provider", Role.PROVIDER), function);
        MecServer mec = mecNode(market.actor("edge", Role.MEC), new Requirements(4000, 4096, 4096),
                Files.createTempDirectory(work, "idle-edge"), Duration.ofSeconds(2));
        JsonNode served = JSON.readTree(ueRequest(mec, function).body());
        BigInteger id = new BigInteger(served.path("deploymentId").asText());
        URI endpoint = URI.create(served.path("endpoint").asText());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Market.status(market.deployment(id)) != DeploymentStatus.SETTLED) {
            if (System.nanoTime() > deadline) throw new AssertionError("not uninstalled after the idle timeout: " + Market.status(market.deployment(id)));
            Thread.sleep(200);
        }
        assertFalse(listening(endpoint), "the idle VNF is stopped");
        assertTrue(agents.get(mec).services().isEmpty());
    }

    // --- the store down: a while (retried with backoff), then longer than the retry budget -------------------

    /** Stops the store server; the same server comes back on the same port, with the same blocks, from {@link #restartStore}. */
    static int stopStore() {
        int port = storeServer.port();
        storeServer.close();
        return port;
    }

    static void restartStore(int port) throws Exception {
        storeServer = StoreServer.start(new LocalArtifactStore(work.resolve("cloud")), StoreServer.Options.defaults().withPort(port));
    }

    static void assertValueConserved() throws Exception {
        ValueAudit audit = ValueAudit.read(market.chain, market.record).requireConserved();
        assertEquals(audit.in(), audit.heldAndOut());
    }

    @Test
    void aStoreDownForAWhileIsRetriedWithBackoffAndTheUeIsServedOnceItIsBack() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        publisher.publish(market.actor("provider", Role.PROVIDER), function);
        Actor edge = market.actor("edge", Role.MEC);
        RetryPolicy patient = new RetryPolicy(10, Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(20));
        MecServer mec = mecNode(edge, new Requirements(4000, 4096, 4096), Files.createTempDirectory(work, "patient-edge"), Duration.ofMinutes(10),
                new KuboArtifactStore(storeServer.uri(), KuboArtifactStore.Options.DEFAULT.withRetry(patient)));
        BigInteger id = market.operator.market().suite().orchestration().deploymentCount().send().add(BigInteger.ONE);
        int port = stopStore();
        // The store comes back a second after the grant: the MEC has been fetching, and failing, since the grant.
        CompletableFuture<Void> back = CompletableFuture.runAsync(() -> {
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline && !granted(id)) Thread.sleep(50);
                Thread.sleep(1_000);
                restartStore(port); // whatever happened: the other tests need the store
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            HttpResponse<String> r = ueRequest(mec, function);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode served = JSON.readTree(r.body());
            assertEquals(id.toString(), served.path("deploymentId").asText());
            assertEquals(function, JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(served.path("endpoint").asText())).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("function").asText(), "the VNF fetched after the outage answers");
        } finally {
            back.get(30, TimeUnit.SECONDS);
        }
        assertEquals(DeploymentStatus.RUNNING, awaitNotGranted(id));
        assertValueConserved();
    }

    @Test
    void aStoreDownLongerThanTheRetryBudgetIsAFailedInstantiationOnChainNamingTheStore() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        TestPublisher.Published published = publisher.publish(market.actor("provider", Role.PROVIDER), function);
        Actor edge = market.actor("edge", Role.MEC);
        RetryPolicy brief = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(1));
        Path workDir = Files.createTempDirectory(work, "brief-edge");
        MecServer mec = mecNode(edge, new Requirements(4000, 4096, 4096), workDir, Duration.ofMinutes(10),
                new KuboArtifactStore(storeServer.uri(), KuboArtifactStore.Options.DEFAULT.withRetry(brief)));
        int port = stopStore();
        HttpResponse<String> r;
        try {
            r = ueRequest(mec, function);
        } finally {
            restartStore(port);
        }
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = JSON.readTree(r.body());
        assertEquals("Instantiation failed: store-unreachable", problem.path("title").asText());
        assertTrue(problem.path("detail").asText().contains("store was unreachable"), r.body());
        BigInteger id = market.operator.market().suite().orchestration().deploymentCount().send();
        assertEquals(DeploymentStatus.FAILED, Market.status(market.deployment(id)));
        assertEquals("store-unreachable", InstantiationFailure.label(lastInstantiationDetail(id)), "the reason, on chain");
        assertTrue(Timeline.deployment(Provenance.of(new Trail(market.chain, market.record),
                org.web3j.utils.Numeric.toHexString(published.terms().packageDigest())), id).contains("failed to start (store-unreachable)"));
        assertEquals(new Requirements(4000, 4096, 4096), market.operator.market().freeResources(edge.address()), "resources given back");
        assertFalse(Files.exists(workDir.resolve("deployments").resolve(id.toString())), "no partial download left in the package cache");
        assertTrue(agents.get(mec).services().isEmpty());
        assertValueConserved();
    }

    static boolean granted(BigInteger id) throws Exception {
        return market.operator.market().suite().orchestration().deploymentCount().send().compareTo(id) >= 0
                && Market.status(market.deployment(id)) == DeploymentStatus.GRANTED;
    }

    static DeploymentStatus awaitNotGranted(BigInteger id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        DeploymentStatus s;
        while ((s = Market.status(market.deployment(id))) == DeploymentStatus.GRANTED && System.nanoTime() < deadline) Thread.sleep(100);
        return s;
    }

    static byte[] lastInstantiationDetail(BigInteger id) throws Exception {
        var f = new org.web3j.protocol.core.methods.request.EthFilter(org.web3j.protocol.core.DefaultBlockParameterName.EARLIEST,
                org.web3j.protocol.core.DefaultBlockParameterName.LATEST, market.record.address("Orchestration"));
        f.addSingleTopic(org.web3j.abi.EventEncoder.encode(org.vnfx.contracts.Orchestration.DEPLOYMENTINSTANTIATED_EVENT));
        f.addSingleTopic(org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(id, 64));
        var logs = market.chain.logs(f);
        return org.vnfx.contracts.Orchestration.getDeploymentInstantiatedEventFromLog(logs.get(logs.size() - 1)).detail;
    }
}
