package org.vnfx.mec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Orchestration;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.Role;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;

/** kill -9 of the orchestrator or a MEC agent, each in a process of its own, mid-flow: every flow completes exactly once. */
class CrashRecoveryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestMarket market;
    static Path work;
    static Path recordFile;
    static StoreServer store;
    static TestPublisher publisher;
    static final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void world() throws Exception {
        market = TestMarket.start();
        work = Files.createTempDirectory("vnfx-crash-");
        recordFile = work.resolve("record.json");
        market.record.write(recordFile);
        store = StoreServer.start(new LocalArtifactStore(work.resolve("cloud")));
        publisher = new TestPublisher(market, new KuboArtifactStore(store.uri()), work);
        market.operator.market().deposit(TestMarket.ETHER);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : children) kill(p);
        store.close();
        market.close();
    }

    record Child(Process process, URI url) {}

    static Child spawn(String role, Actor who, Path state) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dvnfx.home=" + System.getProperty("vnfx.home", ""),
                AgentChild.class.getName(), role, market.chain.node().rpcUrl().toString(), recordFile.toString(),
                Numeric.toHexStringWithPrefixZeroPadded(who.account().getEcKeyPair().getPrivateKey(), 64),
                Numeric.toHexStringWithPrefixZeroPadded(who.encryption().getPrivateKey(), 64), state.toString()));
        if (role.equals("mec")) cmd.add(store.uri().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("READY")) {
                String rest = line.substring("READY".length()).trim();
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
                drain.setDaemon(true);
                drain.start();
                return new Child(p, rest.isEmpty() ? null : URI.create(rest));
            }
            if (System.nanoTime() > deadline) break;
        }
        throw new AssertionError(role + " child did not start (exit " + (p.isAlive() ? "still running" : p.exitValue()) + ")");
    }

    /** kill -9: no shutdown hook runs; the guarded VNF dies because its pipe closes. */
    static void kill(Process p) throws Exception {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    static CompletableFuture<HttpResponse<String>> ue(URI mec, String function) {
        return HTTP.sendAsync(HttpRequest.newBuilder(mec.resolve("/services")).timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"" + function + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    static BigInteger deployments() throws Exception {
        return market.operator.market().suite().orchestration().deploymentCount().send();
    }

    static void awaitStatus(BigInteger id, DeploymentStatus status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Market.status(market.deployment(id)) != status) {
            if (System.nanoTime() > deadline) throw new AssertionError("deployment " + id + " is " + Market.status(market.deployment(id)) + ", not " + status);
            Thread.sleep(100);
        }
    }

    static int grants(BigInteger id) throws Exception {
        EthFilter f = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, market.record.address("Orchestration"));
        f.addSingleTopic(EventEncoder.encode(Orchestration.DEPLOYMENTGRANTED_EVENT));
        f.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(id, 64));
        return market.chain.web3j().ethGetLogs(f).send().getLogs().size();
    }

    @Test
    void aMecAgentKilledRightAfterItsRequestFinishesTheDeploymentOnceAfterRestart() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        publisher.publish(market.actor("provider", Role.PROVIDER), function);
        Child orchestrator = spawn("orchestrator", market.operator, work.resolve("orchestrator-a"));
        Actor edge = market.actor("edge", Role.MEC);
        Path state = work.resolve("edge-a");
        Child mec = spawn("mec", edge, state);

        BigInteger before = deployments();
        ue(mec.url(), function); // the UE's connection dies with the agent
        BigInteger id = before.add(BigInteger.ONE);
        while (deployments().compareTo(id) < 0) Thread.sleep(20);
        kill(mec.process()); // the request is on chain; the grant may or may not be

        Child restarted = spawn("mec", edge, state);
        awaitStatus(id, DeploymentStatus.RUNNING); // granted, then instantiated by the restarted agent
        HttpResponse<String> again = ue(restarted.url(), function).get();
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(id.toString(), JSON.readTree(again.body()).path("deploymentId").asText(), "the same deployment serves, no second request");
        assertEquals(id, deployments());
        assertEquals(1, grants(id));
        HttpResponse<String> removed = HTTP.send(HttpRequest.newBuilder(restarted.url().resolve("/services/" + function)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals(DeploymentStatus.SETTLED, Market.status(market.deployment(id)));
        kill(restarted.process());
        kill(orchestrator.process());
    }

    @Test
    void requestsMadeWhileTheOrchestratorIsDeadAreGrantedOnceByItsRestart() throws Exception {
        String function = TestMarket.uniqueFunction("echo");
        publisher.publish(market.actor("provider", Role.PROVIDER), function);
        Path orchestratorState = work.resolve("orchestrator-b");
        Child orchestrator = spawn("orchestrator", market.operator, orchestratorState);
        Child mec = spawn("mec", market.actor("edge", Role.MEC), work.resolve("edge-b"));
        kill(orchestrator.process());

        BigInteger id = deployments().add(BigInteger.ONE);
        CompletableFuture<HttpResponse<String>> waiting = ue(mec.url(), function);
        while (deployments().compareTo(id) < 0) Thread.sleep(20);
        assertEquals(DeploymentStatus.REQUESTED, Market.status(market.deployment(id)));

        Child restarted = spawn("orchestrator", market.operator, orchestratorState);
        HttpResponse<String> served = waiting.get(90, TimeUnit.SECONDS);
        assertEquals(200, served.statusCode(), served.body());
        assertTrue(JSON.readTree(served.body()).path("coldStart").asBoolean());
        assertEquals(1, grants(id), "granted exactly once");
        kill(restarted.process());
        kill(mec.process());
    }
}
