package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.catalogue.PostgresCatalogue;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.economics.ErrorType;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.view.ValueAudit;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.Examples;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;

/**
 * kill -9 of a dPortal process (as `vnfx portal serve` runs) in the middle of a user's action, then a restart: the
 * action happened once on chain or not at all, the user's retry makes no duplicate, no partial upload is left in
 * the portal's uploads folder, and the portal serves again.
 */
class PortalCrashTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final int MAX_PUBLISH_KILL_DELAY_MILLIS = 1500;
    static final int MAX_ACTION_KILL_DELAY_MILLIS = 1000;
    static final long SESSION_SECONDS = 20;

    static TestMarket market;
    static Path work;
    static Path recordFile;
    static PostgresCatalogue catalogue;
    static final List<Process> children = new ArrayList<>();

    record Child(Process process, URI url) {}

    @BeforeAll
    static void world() throws Exception {
        market = TestMarket.start();
        work = Files.createTempDirectory("vnfx-portal-crash-");
        recordFile = work.resolve("record.json");
        market.record.write(recordFile);
        catalogue = PostgresCatalogue.openEmbedded(work.resolve("pg"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : children) kill(p);
        catalogue.close();
        market.close();
    }

    /** The seed of the random kill points: {@code -Dvnfx.faults.seed=N} replays a run's plan. */
    static long faultsSeed() {
        long seed = Long.getLong("vnfx.faults.seed", System.nanoTime());
        System.out.println("faults seed " + seed + " (rerun with -Dvnfx.faults.seed=" + seed + ")");
        return seed;
    }

    /** The user's portal, signing with its key, its uploads in {@code uploads}. */
    static Child spawn(Actor user, Path uploads) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), PortalChild.class.getName(),
                market.chain.node().rpcUrl().toString(), recordFile.toString(),
                Numeric.toHexStringWithPrefixZeroPadded(user.account().getEcKeyPair().getPrivateKey(), 64),
                work.resolve("store").toString(), uploads.toString(), work.resolve("pg").toString())
                .redirectErrorStream(true).start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("READY ")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
                drain.setDaemon(true);
                drain.start();
                return new Child(p, URI.create(line.substring("READY ".length()).trim()));
            }
        }
        throw new AssertionError("portal child did not start (exit " + p.waitFor() + ")");
    }

    /** kill -9: no finally block, no shutdown hook runs. */
    static void kill(Process p) throws Exception {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    static CompletableFuture<HttpResponse<String>> post(Child portal, String path, byte[] body) {
        return HTTP.sendAsync(HttpRequest.newBuilder(portal.url().resolve(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The portal answers again: who its user is, from the chain. */
    static void servesAgain(Child portal, Actor user) throws Exception {
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(portal.url().resolve("/api/me")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().toLowerCase().contains(user.address().toLowerCase()), me.body());
    }

    static List<Path> uploadsLeft(Path uploads) throws Exception {
        if (!Files.isDirectory(uploads)) return List.of();
        try (Stream<Path> files = Files.list(uploads)) {
            return files.toList();
        }
    }

    /** How many times the Offers contract emitted {@code event} for the package. */
    static int offerEvents(Event event, byte[] digest) throws Exception {
        EthFilter f = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, market.record.address("Offers"));
        f.addSingleTopic(EventEncoder.encode(event));
        f.addSingleTopic(Numeric.toHexString(digest));
        return market.chain.web3j().ethGetLogs(f).send().getLogs().size();
    }

    static void valueConserved() throws Exception {
        ValueAudit audit = ValueAudit.read(market.chain, market.record).requireConserved();
        assertEquals(audit.in(), audit.heldAndOut());
    }

    /** The echo VNF as a SOL004 CSAR of its own digest. */
    static Path echoPackage(String label) throws Exception {
        Path folder = work.resolve("packages").resolve(label);
        Folders.copy(Examples.root().resolve("examples/echo-vnf"), folder);
        Files.writeString(folder.resolve("variant.txt"), label + "\n");
        return CsarBuilder.build(List.of(folder), work.resolve(label + ".csar")).file();
    }

    static final String PUBLISH = "/api/provider/packages?functionType=echo&pricePerSecond=1000000000";

    @Test
    void aProviderPortalKilledMidUploadAndMidPublishPublishesOnceOnRetryAndLeavesNoPartialUpload() throws Exception {
        Random random = new Random(faultsSeed());
        Actor provider = market.actor("provider", Role.PROVIDER);
        Path uploads = work.resolve("uploads-provider");
        Path csar = echoPackage("portal-crash");
        byte[] content = Files.readAllBytes(csar);
        byte[] digest = org.web3j.crypto.Hash.sha256(content);
        Child portal = spawn(provider, uploads);

        // 1. Killed while the body streams in: a partial file is on disk, nothing on chain.
        int sent = 1 + random.nextInt(content.length - 1);
        System.out.println("kill -9 the portal after " + sent + " of " + content.length + " bytes of the upload");
        try (Socket s = new Socket(portal.url().getHost(), portal.url().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST " + PUBLISH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content, 0, sent);
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (uploadsLeft(uploads).isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(1, uploadsLeft(uploads).size(), "the upload is being written");
            kill(portal.process());
        }
        assertEquals(1, uploadsLeft(uploads).size(), "kill -9 left the partial upload behind");
        assertEquals(0, offerEvents(Offers.OFFERADVERTISED_EVENT, digest));
        portal = spawn(provider, uploads);
        assertEquals(List.of(), uploadsLeft(uploads), "the restarted portal removed the dead one's partial upload");
        servesAgain(portal, provider);

        // 2. Killed while the whole package is being onboarded (checked, encrypted, stored, advertised).
        int delay = random.nextInt(MAX_PUBLISH_KILL_DELAY_MILLIS);
        System.out.println("kill -9 the portal " + delay + " ms after the whole upload was sent");
        CompletableFuture<HttpResponse<String>> publishing = post(portal, PUBLISH, content);
        Thread.sleep(delay);
        kill(portal.process());
        String before = publishing.isDone() && !publishing.isCompletedExceptionally() ? publishing.get().statusCode() + " before the kill" : "cut";
        System.out.println("the first publish: " + before + "; on chain: " + offerEvents(Offers.OFFERADVERTISED_EVENT, digest) + " advertisement(s)");
        portal = spawn(provider, uploads);
        assertEquals(List.of(), uploadsLeft(uploads), "no partial upload after the restart");
        servesAgain(portal, provider);

        // The provider publishes again, and once more: one offer on chain, the second answer says it stands already.
        HttpResponse<String> retried = post(portal, PUBLISH, content).get(60, TimeUnit.SECONDS);
        assertEquals(201, retried.statusCode(), retried.body());
        HttpResponse<String> again = post(portal, PUBLISH, content).get(60, TimeUnit.SECONDS);
        assertEquals(201, again.statusCode(), again.body());
        JsonNode stands = JSON.readTree(again.body());
        assertTrue(stands.path("alreadyOffered").asBoolean(), again.body());
        assertEquals(1, offerEvents(Offers.OFFERADVERTISED_EVENT, digest), "one advertisement of the package");
        assertEquals(provider.address().toLowerCase(), market.operator.market().offer(digest).provider.toLowerCase());
        assertEquals(List.of(), uploadsLeft(uploads));
        valueConserved();
        kill(portal.process());
    }

    /**
     * The operator's action killed mid-request and retried: accepted or settled now, or, if the first request landed,
     * refused by name (the chain's {@code error}); never twice.
     */
    static void retriedOnce(Child portal, String path, String refusal) throws Exception {
        HttpResponse<String> retried = post(portal, path, new byte[0]).get(60, TimeUnit.SECONDS);
        System.out.println("the retry of " + path + ": " + retried.statusCode());
        if (retried.statusCode() != 200) {
            assertEquals(409, retried.statusCode(), retried.body());
            assertEquals(refusal, JSON.readTree(retried.body()).path("error").asText(), retried.body());
        }
        HttpResponse<String> again = post(portal, path, new byte[0]).get(60, TimeUnit.SECONDS);
        assertEquals(409, again.statusCode(), again.body());
        assertEquals(refusal, JSON.readTree(again.body()).path("error").asText(), again.body());
    }

    /** The operator's portal killed a random delay after {@code path} was posted, then restarted; returns the new one. */
    static Child killedDuring(Child portal, String path, Random random, Path uploads) throws Exception {
        int delay = random.nextInt(MAX_ACTION_KILL_DELAY_MILLIS);
        System.out.println("kill -9 the operator's portal " + delay + " ms after " + path + " was sent");
        post(portal, path, new byte[0]);
        Thread.sleep(delay);
        kill(portal.process());
        Child restarted = spawn(market.operator, uploads);
        servesAgain(restarted, market.operator);
        return restarted;
    }

    @Test
    void anOperatorPortalKilledMidAcceptAndMidSettleActsOnceAndARetryIsRefusedClearly() throws Exception {
        Random random = new Random(faultsSeed());
        Actor provider = market.actor("provider-2", Role.PROVIDER);
        OfferTerms offer = TestMarket.terms(TestMarket.uniqueFunction("echo"), new Requirements(500, 128, 64), 1_000_000_000L);
        provider.market().advertise(offer);
        Path uploads = work.resolve("uploads-operator");
        Child portal = spawn(market.operator, uploads);

        String accept = "/api/operator/offers/" + HexFormat.of().formatHex(offer.packageDigest()) + "/accept";
        portal = killedDuring(portal, accept, random, uploads);
        retriedOnce(portal, accept, "WrongOfferStatus");
        assertEquals(Market.OfferStatus.ACCEPTED, Market.OfferStatus.values()[market.operator.market().offer(offer.packageDigest()).status.intValueExact()]);
        assertEquals(1, offerEvents(Offers.OFFERSTATUSCHANGED_EVENT, offer.packageDigest()), "one status change: the acceptance");

        // A session ends while the escrow is empty: its payment waits for the operator's deposit and settle.
        Actor edge = market.actor("edge", Role.MEC);
        edge.market().publishResources(new Requirements(4000, 4096, 4096));
        BigInteger id = market.running(edge, offer);
        market.advanceSeconds(SESSION_SECONDS);
        edge.market().reportUninstall(id, SESSION_SECONDS, new long[ErrorType.values().length]);
        assertEquals(Market.DeploymentStatus.UNINSTALLED, Market.status(market.deployment(id)));
        market.operator.market().deposit(TestMarket.ETHER);

        String settle = "/api/operator/deployments/" + id + "/settle";
        portal = killedDuring(portal, settle, random, uploads);
        retriedOnce(portal, settle, "WrongStatus");
        assertEquals(Market.DeploymentStatus.SETTLED, Market.status(market.deployment(id)));
        assertEquals(1, settlements(id), "paid once");
        ValueAudit audit = ValueAudit.read(market.chain, market.record).requireConserved();
        assertEquals(audit.in(), audit.heldAndOut());
        assertTrue(audit.credited().signum() > 0, "the session was paid: " + audit);
        kill(portal.process());
    }

    static int settlements(BigInteger id) throws Exception {
        EthFilter f = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, market.record.address("Orchestration"));
        f.addSingleTopic(EventEncoder.encode(Orchestration.DEPLOYMENTSETTLED_EVENT));
        f.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(id, 64));
        return market.chain.web3j().ethGetLogs(f).send().getLogs().size();
    }

    @Test
    void anOperatorPortalKilledMidDepositDepositsOnceWhenRetriedWithItsIdempotencyKey() throws Exception {
        Random random = new Random(faultsSeed());
        Path uploads = work.resolve("uploads-escrow");
        Child portal = spawn(market.operator, uploads);
        BigInteger escrow0 = market.operator.market().escrow();
        BigInteger amount = BigInteger.valueOf(40_000 + random.nextInt(10_000));
        byte[] body = ("{\"amountWei\": \"" + amount + "\"}").getBytes(StandardCharsets.UTF_8);
        String key = HexFormat.of().formatHex(TestMarket.randomDigest()).substring(0, 32);

        int delay = random.nextInt(MAX_ACTION_KILL_DELAY_MILLIS);
        System.out.println("kill -9 the operator's portal " + delay + " ms after a deposit of " + amount + " wei was sent");
        keyedPost(portal, "/api/operator/escrow/deposit", body, key);
        Thread.sleep(delay);
        kill(portal.process());
        portal = spawn(market.operator, uploads);
        servesAgain(portal, market.operator);

        HttpResponse<String> retried = keyedPost(portal, "/api/operator/escrow/deposit", body, key).get(60, TimeUnit.SECONDS);
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals(escrow0.add(amount), market.operator.market().escrow(), "deposited once, whether the first request landed or not");
        HttpResponse<String> again = keyedPost(portal, "/api/operator/escrow/deposit", body, key).get(60, TimeUnit.SECONDS);
        assertEquals(JSON.readTree(retried.body()).path("transaction"), JSON.readTree(again.body()).path("transaction"));
        assertEquals(escrow0.add(amount), market.operator.market().escrow());
        valueConserved();
        kill(portal.process());
    }

    static CompletableFuture<HttpResponse<String>> keyedPost(Child portal, String path, byte[] body, String key) {
        return HTTP.sendAsync(HttpRequest.newBuilder(portal.url().resolve(path)).timeout(Duration.ofSeconds(60)).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
