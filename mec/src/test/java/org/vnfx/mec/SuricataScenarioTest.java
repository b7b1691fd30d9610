package org.vnfx.mec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Orchestration;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.economics.ErrorType;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.mec.runtime.ProcessRuntime;
import org.vnfx.mec.runtime.Runtimes;
import org.vnfx.mec.runtime.VnfRuntime;
import org.vnfx.mec.runtime.suricata.Pcap;
import org.vnfx.mec.runtime.suricata.SampleCapture;
import org.vnfx.mec.runtime.suricata.SuricataRuntime;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;

/**
 * Suricata as the exemplar VNF, every part real: the IDS packages of examples/ (SOL004 CSARs) are
 * published encrypted, migrated to a MEC agent through the chain and the store, decrypted, verified and
 * run in the Suricata the test command installs; its alerts are service, its errors move reputation.
 */
class SuricataScenarioTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Requirements IDS_NEEDS = new Requirements(1000, 512, 256);
    static final Requirements LITE_NEEDS = new Requirements(1000, 256, 256);
    static final Duration WAIT = Duration.ofSeconds(60);

    static TestMarket market;
    static Path work;
    static StoreServer storeServer;
    static Orchestrator orchestrator;
    static TestPublisher publisher;
    static final List<AutoCloseable> closing = new ArrayList<>();
    static final Map<MecServer, MecAgent> agents = new HashMap<>();

    @BeforeAll
    static void world() throws Exception {
        market = TestMarket.start();
        work = Files.createTempDirectory("vnfx-suricata-");
        storeServer = StoreServer.start(new LocalArtifactStore(work.resolve("cloud")));
        orchestrator = new Orchestrator(market.chain, market.record, market.operator.account(), market.operator.encryption(),
                work.resolve("orchestrator"), d -> {}).start();
        market.operator.market().deposit(TestMarket.ETHER);
        publisher = new TestPublisher(market, new KuboArtifactStore(storeServer.uri()), work);
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (AutoCloseable c : closing) c.close();
        orchestrator.close();
        storeServer.close();
        market.close();
    }

    static MecServer mecNode(Actor mec, VnfRuntime runtime) throws Exception {
        MecAgent agent = new MecAgent(market.chain, market.record, mec.account(), mec.encryption(), new KuboArtifactStore(storeServer.uri()),
                runtime, new MecAgent.Config(new Requirements(4000, 4096, 4096), Duration.ofMinutes(10), Duration.ofSeconds(30),
                        Files.createTempDirectory(work, mec.name()))).start();
        MecServer server = new MecServer(agent, new InetSocketAddress("127.0.0.1", 0));
        closing.add(server);
        closing.add(agent);
        agents.put(server, agent);
        return server;
    }

    static HttpResponse<String> call(URI uri, String method, HttpRequest.BodyPublisher body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, body);
        if (type != null) b.header("Content-Type", type);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> ueRequest(MecServer mec, String function) throws Exception {
        return call(mec.url().resolve("/services"), "POST", HttpRequest.BodyPublishers.ofString("{\"function\":\"" + function + "\"}"),
                "application/json");
    }

    /** Polls the IDS's own status endpoint until {@code done} holds. */
    static JsonNode idsStatusUntil(URI endpoint, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode s;
        do {
            s = JSON.readTree(call(endpoint, "GET", HttpRequest.BodyPublishers.noBody(), null).body());
            if (done.test(s)) return s;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the IDS did not get there within " + WAIT.toSeconds() + " s: " + s);
    }

    static Map<Long, Long> alertsBySid(JsonNode status) {
        Map<Long, Long> m = new HashMap<>();
        for (JsonNode a : status.path("alerts").path("bySignature")) m.put(a.path("sid").asLong(), a.path("count").asLong());
        return m;
    }

    /** Processes whose command line mentions {@code dir}: a Suricata (or its guard) started for that instance. */
    static List<ProcessHandle> processesUsing(Path dir) {
        String d = dir.toString();
        return ProcessHandle.allProcesses().filter(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(d)).orElse(false)).toList();
    }

    static Path deploymentDir(MecServer mec, BigInteger id) throws Exception {
        try (var s = Files.list(work)) {
            for (Path p : s.toList()) if (Files.isDirectory(p.resolve("deployments").resolve(id.toString()))) return p.resolve("deployments").resolve(id.toString());
        }
        return null;
    }

    @Test
    void aRealSuricataFromAMigratedPackageRaisesTheExpectedAlertsAndIsGoneAfterUninstall() throws Exception {
        String function = TestMarket.uniqueFunction("ids");
        Actor provider = market.actor("ids-vendor", Role.PROVIDER);
        Actor edge = market.actor("edge", Role.MEC);
        TestPublisher.Published p = publisher.publish(provider, function, IdsPackages.exemplar(work, function), IDS_NEEDS, 1_000_000_000L);
        MecServer mec = mecNode(edge, Runtimes.standard());

        HttpResponse<String> served = ueRequest(mec, function);
        assertEquals(200, served.statusCode(), served.body());
        JsonNode s = JSON.readTree(served.body());
        BigInteger id = new BigInteger(s.path("deploymentId").asText());
        URI ids = URI.create(s.path("endpoint").asText());
        Path instance = deploymentDir(mec, id).resolve("instance");
        assertFalse(processesUsing(instance).isEmpty(), "Suricata runs in the instance folder");

        // The package's own capture is replayed first: one alert per marked packet, and the probes among the flows.
        JsonNode replayed = idsStatusUntil(ids, st -> st.path("pendingCaptures").asLong() == 0
                && st.path("alerts").path("total").asLong() >= SampleCapture.PROBES + 3);
        assertEquals(Map.of(9000001L, (long) SampleCapture.PROBES + 1, 9000002L, 1L, 9000003L, 1L), alertsBySid(replayed), replayed.toString());
        assertTrue(replayed.path("engine").asText().startsWith("suricata 7."), replayed.toString());

        // A UE posts its own traffic: exactly its marked packets alert.
        byte[] capture = Files.readAllBytes(new Pcap(1_800_000_000L)
                .udp(new int[] {192, 168, 7, 1}, 5000, new int[] {192, 168, 7, 2}, 7777, "EXFIL of the month".getBytes(StandardCharsets.US_ASCII))
                .udp(new int[] {192, 168, 7, 1}, 5001, new int[] {192, 168, 7, 2}, 5353, "VNFX-PROBE".getBytes(StandardCharsets.US_ASCII))
                .udp(new int[] {192, 168, 7, 1}, 5002, new int[] {192, 168, 7, 2}, 7777, "nothing to see".getBytes(StandardCharsets.US_ASCII))
                .write(work.resolve(function + "-ue.pcap")));
        HttpResponse<String> queued = call(ids.resolve("/captures"), "POST", HttpRequest.BodyPublishers.ofByteArray(capture),
                "application/vnd.tcpdump.pcap");
        assertEquals(202, queued.statusCode(), queued.body());
        JsonNode after = idsStatusUntil(ids, st -> st.path("alerts").path("total").asLong() >= SampleCapture.PROBES + 5);
        assertEquals(Map.of(9000001L, (long) SampleCapture.PROBES + 2, 9000002L, 2L, 9000003L, 1L), alertsBySid(after), after.toString());
        HttpResponse<String> junk = call(ids.resolve("/captures"), "POST", HttpRequest.BodyPublishers.ofString("not a capture, not at all"), "text/plain");
        assertEquals(400, junk.statusCode(), "only pcap or pcapng is queued: " + junk.body());

        // The operator sees the alerts as observations; they are not errors.
        MecAgent agent = agents.get(mec);
        MecAgent.Service service = agent.services().get(0);
        assertTrue(service.observations().stream().anyMatch(o -> o.what().startsWith("alert 9000002 ") && o.count() == 2), service.toString());
        assertArrayEquals(new long[ErrorType.values().length], service.errorCounts(), "the exemplar makes no errors on this traffic");

        MecAgent.Uninstalled u = agent.uninstall(function);
        assertArrayEquals(new long[ErrorType.values().length], u.errorCounts());
        assertEquals(DeploymentStatus.SETTLED, Market.status(market.deployment(id)));
        assertTrue(processesUsing(instance).isEmpty(), "no Suricata is left after uninstall: " + processesUsing(instance));
        assertFalse(Files.exists(instance.getParent()), "the deployment folder is removed");
        assertFalse(MigrationScenarioTest.listening(ids), "the IDS endpoint is closed");
    }

    @Test
    void theDegradedVariantMakesErrorsLosesReputationAndTheNextRequestIsGrantedTheGoodOne() throws Exception {
        String function = TestMarket.uniqueFunction("ids");
        Actor good = market.actor("ids-vendor", Role.PROVIDER);
        Actor budget = market.actor("budget-vendor", Role.PROVIDER);
        Actor edge = market.actor("edge", Role.MEC);
        // The lite variant is cheaper: with equal priors it is granted first.
        TestPublisher.Published lite = publisher.publish(budget, function, IdsPackages.lite(work, function), LITE_NEEDS, 500_000_000L);
        TestPublisher.Published pro = publisher.publish(good, function, IdsPackages.exemplar(work, function), IDS_NEEDS, 1_000_000_000L);
        MecServer mec = mecNode(edge, Runtimes.standard());
        MecAgent agent = agents.get(mec);
        BigInteger prior = market.operator.market().offer(lite.terms().packageDigest()).reputation;

        JsonNode first = JSON.readTree(ueRequest(mec, function).body());
        BigInteger firstId = new BigInteger(first.path("deploymentId").asText());
        assertArrayEquals(lite.terms().packageDigest(), market.deployment(firstId).offer, "the cheaper lite variant is granted first");
        idsStatusUntil(URI.create(first.path("endpoint").asText()), st -> st.path("pendingCaptures").asLong() == 0
                && st.path("errorCounts").path(ErrorType.MEMCAP_HIT.name()).asLong() > 0);
        MecAgent.Uninstalled u = agent.uninstall(function);
        assertTrue(u.errorCounts()[ErrorType.RULE_FAILURE.ordinal()] >= 2, "lite's compatibility rules fail to load: " + Arrays.toString(u.errorCounts()));
        assertTrue(u.errorCounts()[ErrorType.MEMCAP_HIT.ordinal()] > 0, "lite's tiny flow table overflows: " + Arrays.toString(u.errorCounts()));
        BigInteger liteReputation = market.operator.market().offer(lite.terms().packageDigest()).reputation;
        assertTrue(liteReputation.compareTo(prior) < 0, "lite falls below the prior: " + liteReputation + " vs " + prior);

        JsonNode second = JSON.readTree(ueRequest(mec, function).body());
        BigInteger secondId = new BigInteger(second.path("deploymentId").asText());
        assertArrayEquals(pro.terms().packageDigest(), market.deployment(secondId).offer, "the next request is granted the good one");
        idsStatusUntil(URI.create(second.path("endpoint").asText()), st -> st.path("pendingCaptures").asLong() == 0
                && st.path("alerts").path("total").asLong() >= SampleCapture.PROBES + 3);
        MecAgent.Uninstalled v = agent.uninstall(function);
        assertArrayEquals(new long[ErrorType.values().length], v.errorCounts());
        BigInteger proReputation = market.operator.market().offer(pro.terms().packageDigest()).reputation;
        assertTrue(proReputation.compareTo(liteReputation) > 0, "good " + proReputation + " > lite " + liteReputation);
    }

    @Test
    void aConfigurationSuricataRejectsIsAFailedInstantiationWithSuricatasOwnWordsAndNothingRuns() throws Exception {
        String function = TestMarket.uniqueFunction("ids");
        Actor provider = market.actor("ids-vendor", Role.PROVIDER);
        Actor edge = market.actor("edge", Role.MEC);
        Path broken = Files.createDirectories(work.resolve(function + "-broken/Files/config"));
        Files.writeString(broken.resolve("suricata.yaml"), "%YAML 1.1\n---\nvars: [unclosed\n");
        publisher.publish(provider, function, IdsPackages.build(work, function + "-broken", IdsPackages.EXEMPLAR, broken.getParent().getParent()),
                IDS_NEEDS, 1_000_000_000L);
        MecServer mec = mecNode(edge, Runtimes.standard());

        HttpResponse<String> r = ueRequest(mec, function);
        assertEquals(500, r.statusCode(), r.body());
        JsonNode problem = JSON.readTree(r.body());
        assertEquals("Instantiation failed: start", problem.path("title").asText());
        assertTrue(problem.path("detail").asText().contains("Failed to parse configuration file"), "Suricata's own message: " + problem);
        BigInteger id = new BigInteger(problem.path("detail").asText().replaceAll("^deployment (\\d+):.*$", "$1").lines().findFirst().orElseThrow());
        assertEquals(DeploymentStatus.FAILED, Market.status(market.deployment(id)));
        assertEquals("start", InstantiationFailure.label(lastInstantiationDetail(id)));
        assertTrue(agents.get(mec).services().isEmpty());
        assertTrue(processesUsing(work).stream().noneMatch(p -> p.info().commandLine().orElse("").contains("/" + id + "/instance")),
                "nothing keeps running");
    }

    @Test
    void aNodeWithoutSuricataRefusesTheGrantCleanlyOnChainAndSaysHowToInstallIt() throws Exception {
        String function = TestMarket.uniqueFunction("ids");
        Actor provider = market.actor("ids-vendor", Role.PROVIDER);
        Actor edge = market.actor("edge", Role.MEC);
        TestPublisher.Published p = publisher.publish(provider, function, IdsPackages.exemplar(work, function), IDS_NEEDS, 1_000_000_000L);
        BigInteger reputation = market.operator.market().offer(p.terms().packageDigest()).reputation;
        VnfRuntime noSuricata = new Runtimes(Map.of(
                SuricataRuntime.DESCRIPTOR, new SuricataRuntime(new SuricataRuntime.Options(work.resolve("no/suricata").toString(), Duration.ofSeconds(5))),
                ProcessRuntime.DESCRIPTOR, new ProcessRuntime()));
        MecServer mec = mecNode(edge, noSuricata);

        HttpResponse<String> r = ueRequest(mec, function);
        assertEquals(501, r.statusCode(), r.body());
        JsonNode problem = JSON.readTree(r.body());
        assertEquals("Instantiation failed: runtime-missing", problem.path("title").asText());
        assertTrue(problem.path("detail").asText().contains("apt-get install -t bookworm-backports suricata"), problem.toString());
        BigInteger id = new BigInteger(problem.path("detail").asText().replaceAll("^deployment (\\d+):.*$", "$1").lines().findFirst().orElseThrow());
        assertEquals(DeploymentStatus.FAILED, Market.status(market.deployment(id)));
        assertEquals("runtime-missing", InstantiationFailure.label(lastInstantiationDetail(id)));
        assertEquals(reputation, market.operator.market().offer(p.terms().packageDigest()).reputation, "the node's lack is not the VNF's fault");
    }

    static byte[] lastInstantiationDetail(BigInteger id) throws Exception {
        var f = new EthFilter(DefaultBlockParameterName.EARLIEST,
                DefaultBlockParameterName.LATEST, market.record.address("Orchestration"));
        f.addSingleTopic(EventEncoder.encode(Orchestration.DEPLOYMENTINSTANTIATED_EVENT));
        f.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(id, 64));
        var logs = market.chain.logs(f);
        return Orchestration.getDeploymentInstantiatedEventFromLog(logs.get(logs.size() - 1)).detail;
    }
}
