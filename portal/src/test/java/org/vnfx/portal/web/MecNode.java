package org.vnfx.portal.web;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.mec.MecAgent;
import org.vnfx.mec.MecServer;
import org.vnfx.mec.PackagePublisher;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.mec.runtime.ProcessPackage;
import org.vnfx.mec.runtime.Runtimes;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.packages.Examples;
import org.vnfx.portal.PortalServer;

/**
 * A real MEC node on the shared marketplace for the MEC page's tests: the orchestrator agent (granting requests as
 * the operator), a MEC agent with the standard runtimes (processes, and Suricata for IDS packages) serving UEs over HTTP, an accepted echo VNF of a function of its
 * own (a variant that reports error counts), and the node's portal given the agent's URL. The orchestrator runs only
 * while a test class holds this: the fixture's other tests grant their sessions themselves and must not race it.
 */
final class MecNode implements AutoCloseable {
    /** Error counts the echo variant reports (ErrorType order): what the page must show. */
    static final String FAULTS = "{\"errorCounts\":[40,2,0,0,0,0,0,0]}";
    static final Requirements CAPACITY = new Requirements(4000, 4096, 4096);

    final TestMarket.Actor actor;
    final String function;
    final String digest;
    final MecServer server;
    final PortalServer portal;
    private final Orchestrator orchestrator;
    private final MecAgent agent;

    private MecNode(TestMarket.Actor actor, String function, String digest, Orchestrator orchestrator, MecAgent agent, MecServer server, PortalServer portal) {
        this.actor = actor;
        this.function = function;
        this.digest = digest;
        this.orchestrator = orchestrator;
        this.agent = agent;
        this.server = server;
        this.portal = portal;
    }

    static MecNode start(Marketplace m, String name) throws Exception {
        TestMarket market = m.market();
        Path work = Files.createTempDirectory(m.work(), name + "-");
        market.operator.market().deposit(TestMarket.ETHER);
        Orchestrator orchestrator = new Orchestrator(market.chain, market.record, market.operator.account(), market.operator.encryption(),
                work.resolve("orchestrator"), d -> {}).start();

        String function = TestMarket.uniqueFunction(name);
        Path dir = work.resolve("echo");
        Folders.copy(Examples.root().resolve("examples/echo-vnf"), dir);
        Files.writeString(dir.resolve("variant.txt"), name + "\n"); // a digest of its own: an offer's identity
        Files.writeString(dir.resolve("faults.json"), FAULTS);
        TestMarket.Actor provider = market.actor(name + "-provider", Role.PROVIDER);
        PackagePublisher.Published p = PackagePublisher.publish(provider.market(), m.store(), market.operator.encryptionKey(),
                ProcessPackage.build(dir, work.resolve("echo.zip")), function, new Requirements(500, 128, 64), BigInteger.valueOf(1_000_000_000L),
                PackageCipher.newKey());
        market.operator.market().accept(p.terms().packageDigest());

        TestMarket.Actor actor = market.actor(name, Role.MEC);
        MecAgent agent = new MecAgent(market.chain, market.record, actor.account(), actor.encryption(), m.store(), Runtimes.standard(),
                new MecAgent.Config(CAPACITY, Duration.ofMinutes(10), Duration.ofSeconds(30), work.resolve("agent"))).start();
        MecServer server = new MecServer(agent, new InetSocketAddress("127.0.0.1", 0));
        PortalServer portal = new PortalServer(new InetSocketAddress("127.0.0.1", 0), m.webOf(actor, null).withMecAgent(server.url()).routes());
        return new MecNode(actor, function, HexFormat.of().formatHex(p.terms().packageDigest()), orchestrator, agent, server, portal);
    }

    /**
     * A Suricata IDS of a function of its own, accepted: the exemplar's variant {@code name} (its sample capture raises
     * alerts as soon as it runs). Returns the function.
     */
    static String publishIds(Marketplace m, String name) throws Exception {
        String function = TestMarket.uniqueFunction("ids");
        TestMarket.Actor provider = m.market().actor(name + "-provider", Role.PROVIDER);
        PackagePublisher.Published p = PackagePublisher.publish(provider.market(), m.store(), m.market().operator.encryptionKey(), m.variant(name),
                function, new Requirements(1000, 512, 256), BigInteger.valueOf(1_000_000_000L), PackageCipher.newKey());
        m.market().operator.market().accept(p.terms().packageDigest());
        return function;
    }

    /** A UE asks this node for {@code function} ({@code POST /services}). */
    HttpResponse<String> ueRequest(String function) throws Exception {
        return CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(server.url().resolve("/services")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"" + function + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An address where nothing listens: a port just freed. */
    static URI nowhere() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    @Override
    public void close() {
        portal.close();
        server.close();
        agent.close();
        orchestrator.close();
    }
}
