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
import org.vnfx.ledger.view.ValueAudit;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
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

    /** A child JVM lives seconds: C1 alone and the serial collector start it with less CPU on a busy machine. */
    static Child spawn(String role, Actor who, Path state) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "-Dvnfx.home=" + System.getProperty("vnfx.home", ""),
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
        return events(Orchestration.DEPLOYMENTGRANTED_EVENT, id);
    }

    /** How many times the Orchestration contract emitted {@code event} for deployment {@code id}. */
    static int events(Event event, BigInteger id) throws Exception {
        EthFilter f = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, market.record.address("Orchestration"));
        f.addSingleTopic(EventEncoder.encode(event));
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

    // --- kill -9 at random points ---------------------------------------------------------------

    /** UE flows in the random-kill scenario, each a cold start, a warm start and an uninstall; {@code -Dvnfx.faults.flows=N} for a longer run. */
    static final int RANDOM_FLOWS = Integer.getInteger("vnfx.faults.flows", 4);
    static final int MAX_KILL_DELAY_MILLIS = 1500;
    static final int MAX_UNINSTALL_KILL_DELAY_MILLIS = 300;
    static final int CHAIN_SECONDS_PER_SESSION = 30;
    static final int MIN_SESSION_MILLIS = 1100;

    /**
     * Where one flow's victim dies: {@code after} a deployment status the test sees on chain (then {@code jitterMillis}
     * later), or, when {@code after} is null, {@code jitterMillis} after the UE's request left.
     */
    record KillPoint(String victim, DeploymentStatus after, int jitterMillis, boolean killDuringUninstall) {
        static KillPoint draw(java.util.Random random) {
            DeploymentStatus[] marks = {null, DeploymentStatus.REQUESTED, DeploymentStatus.GRANTED, DeploymentStatus.RUNNING};
            DeploymentStatus after = marks[random.nextInt(marks.length)];
            return new KillPoint(random.nextBoolean() ? "orchestrator" : "mec", after,
                    random.nextInt(after == null ? MAX_KILL_DELAY_MILLIS : 50), random.nextInt(3) == 0);
        }

        @Override
        public String toString() {
            return "kill -9 the " + victim + (after == null ? "" : " once the deployment is " + after + " +") + " " + jitterMillis + " ms"
                    + (killDuringUninstall ? "; the MEC agent again during the uninstall" : "");
        }
    }

    /** The seed of the random kill points: {@code -Dvnfx.faults.seed=N} replays a run's plan. */
    static long faultsSeed() {
        long seed = Long.getLong("vnfx.faults.seed", System.nanoTime());
        System.out.println("faults seed " + seed + " (rerun with -Dvnfx.faults.seed=" + seed + ")");
        return seed;
    }

    @Test
    void killsOfTheOrchestratorAndAMecAgentAtRandomPointsLeaveEveryFlowDoneExactlyOnce() throws Exception {
        java.util.Random random = new java.util.Random(faultsSeed());
        String function = TestMarket.uniqueFunction("echo");
        publisher.publish(market.actor("provider", Role.PROVIDER), function);
        Actor edge = market.actor("edge", Role.MEC);
        Path orchestratorState = work.resolve("orchestrator-random");
        Path edgeState = work.resolve("edge-random");
        Child orchestrator = spawn("orchestrator", market.operator, orchestratorState);
        Child mec = spawn("mec", edge, edgeState);
        BigInteger first = deployments().add(BigInteger.ONE);

        for (int flow = 1; flow <= RANDOM_FLOWS; flow++) {
            KillPoint point = KillPoint.draw(random);
            System.out.println("flow " + flow + ": " + point);
            long flowStart = System.nanoTime();
            BigInteger id = deployments().add(BigInteger.ONE);
            CompletableFuture<HttpResponse<String>> asked = ue(mec.url(), function);
            awaitKillPoint(point, id);
            if (point.victim().equals("mec")) {
                kill(mec.process());
                mec = spawn("mec", edge, edgeState);
            } else {
                kill(orchestrator.process());
                orchestrator = spawn("orchestrator", market.operator, orchestratorState);
            }

            // The UE asks again until it is served, as a UE whose connection died would.
            HttpResponse<String> served = answer(asked);
            for (int attempt = 0; served == null || served.statusCode() != 200; attempt++) {
                assertTrue(attempt < 3, () -> "flow unanswered after retries: " + describe(asked));
                served = answer(ue(mec.url(), function));
            }
            assertEquals(id.toString(), JSON.readTree(served.body()).path("deploymentId").asText(), "the flow's one deployment serves it");
            HttpResponse<String> warm = ue(mec.url(), function).get(90, TimeUnit.SECONDS);
            assertEquals(200, warm.statusCode(), warm.body());
            assertEquals(id.toString(), JSON.readTree(warm.body()).path("deploymentId").asText());
            assertEquals(id, deployments(), "no second request for the flow");
            awaitStatus(id, DeploymentStatus.RUNNING);
            assertEquals(List.of(id.toString()), runningHere(mec), "what the MEC runs is what the chain says runs there");

            // The agent bills whole seconds of its own clock: a session of over a second is paid something.
            Thread.sleep(MIN_SESSION_MILLIS);
            market.advanceSeconds(CHAIN_SECONDS_PER_SESSION);
            CompletableFuture<HttpResponse<String>> removing = HTTP.sendAsync(HttpRequest.newBuilder(mec.url().resolve("/services/" + function))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            if (point.killDuringUninstall()) {
                Thread.sleep(random.nextInt(MAX_UNINSTALL_KILL_DELAY_MILLIS));
                kill(mec.process());
                mec = spawn("mec", edge, edgeState);
            }
            answer(removing);
            uninstallUntilSettled(mec, function, id);
            System.out.println("flow " + flow + ": deployment " + id + " settled in " + Duration.ofNanos(System.nanoTime() - flowStart).toMillis() + " ms");
        }

        BigInteger last = deployments();
        assertEquals(first.add(BigInteger.valueOf(RANDOM_FLOWS - 1)), last, "one deployment per flow");
        for (BigInteger id = first; id.compareTo(last) <= 0; id = id.add(BigInteger.ONE)) {
            assertEquals(DeploymentStatus.SETTLED, Market.status(market.deployment(id)), "deployment " + id);
            for (Event e : List.of(Orchestration.DEPLOYMENTREQUESTED_EVENT, Orchestration.DEPLOYMENTGRANTED_EVENT,
                    Orchestration.DEPLOYMENTINSTANTIATED_EVENT, Orchestration.DEPLOYMENTUNINSTALLED_EVENT)) {
                assertEquals(1, events(e, id), e.getName() + " of deployment " + id);
            }
        }
        assertEquals(List.of(), runningHere(mec), "nothing runs on the MEC once every session is settled");
        ValueAudit audit = ValueAudit.read(market.chain, market.record).requireConserved();
        assertEquals(audit.in(), audit.heldAndOut());
        assertTrue(audit.credited().signum() > 0, "the sessions paid their provider: " + audit);
        kill(mec.process());
        kill(orchestrator.process());
    }

    /** Returns when the kill point is reached: its delay after the UE's request, or the chain status it waits for. */
    static void awaitKillPoint(KillPoint point, BigInteger id) throws Exception {
        if (point.after() != null) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && Market.status(market.deployment(id)).ordinal() < point.after().ordinal()) Thread.sleep(10);
        }
        Thread.sleep(point.jitterMillis());
    }

    /** The answer, or null when the connection died with the agent. */
    static HttpResponse<String> answer(CompletableFuture<HttpResponse<String>> call) throws Exception {
        try {
            return call.get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        }
    }

    static String describe(CompletableFuture<HttpResponse<String>> call) {
        try {
            HttpResponse<String> r = call.getNow(null);
            return r == null ? "no answer" : r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** The deployment ids of the VNFs the MEC agent says it runs. */
    static List<String> runningHere(Child mec) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/services")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        List<String> ids = new ArrayList<>();
        JSON.readTree(r.body()).forEach(s -> ids.add(s.path("deploymentId").asText()));
        return ids;
    }

    /** The node's operator asks for the uninstall until the chain has settled the session (a restarted agent relaunched it). */
    static void uninstallUntilSettled(Child mec, String function, BigInteger id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Market.status(market.deployment(id)) != DeploymentStatus.SETTLED) {
            if (System.nanoTime() > deadline) throw new AssertionError("deployment " + id + " is " + Market.status(market.deployment(id)) + ", not settled");
            if (runningHere(mec).contains(id.toString())) {
                HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/services/" + function)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            } else {
                Thread.sleep(100);
            }
        }
    }
}
