package org.vnfx.portal.web;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.catalogue.PostgresCatalogue;
import org.vnfx.catalogue.index.ChainIndexer;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.mec.MecAgent;
import org.vnfx.mec.MecServer;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.mec.runtime.Runtimes;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.Examples;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.portal.PortalServer;
import org.vnfx.portal.vnfpkgm.MarketOnboarding;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.validator.ValidatorAgent;

/**
 * A whole edge market of its own for the walk across every actor: a fresh anvil (acceptance needs one validator's
 * pass, so the shared {@link Marketplace}'s tests are not affected), a store, the orchestrator, a validator agent and
 * a MEC node with its agent, an embedded PostgreSQL catalogue indexed from the chain, and one dPortal per actor, each
 * signing with that actor's own key as {@code vnfx portal serve --key} does. Nothing is offered yet: the walk's
 * provider publishes through its page.
 */
final class EdgeMarket implements AutoCloseable {
    static final Requirements MEC_CAPACITY = new Requirements(4000, 4096, 4096);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final TestMarket market;
    final Path work;
    final LocalArtifactStore store;
    final PostgresCatalogue catalogue;
    final Actor provider;
    final Actor validator;
    final Actor mec;
    final Actor customer;
    final MecServer mecServer;
    final PortalServer providerPortal;
    final PortalServer operatorPortal;
    final PortalServer customerPortal;
    final PortalServer mecPortal;
    private final List<AutoCloseable> running = new ArrayList<>();

    EdgeMarket() throws Exception {
        market = TestMarket.start();
        running.add(market);
        try {
            work = Files.createTempDirectory("vnfx-walk-");
            store = new LocalArtifactStore(work.resolve("store"));
            provider = market.actor("provider", Role.PROVIDER);
            validator = market.actor("validator", Role.VALIDATOR);
            mec = market.actor("mec", Role.MEC);
            customer = market.actor("customer", Role.CUSTOMER);
            new Attestation(market.chain, market.record, market.operator.account()).setThreshold(1);

            catalogue = PostgresCatalogue.openEmbedded(work.resolve("pg"));
            running.add(catalogue);
            running.add(new Orchestrator(market.chain, market.record, market.operator.account(), market.operator.encryption(),
                    work.resolve("orchestrator"), d -> {}).start());
            running.add(new ValidatorAgent(market.chain, market.record, validator.account(), validator.encryption(), store, VerifierOptions.DEFAULT,
                    work.resolve("validator"), r -> {}).start());
            MecAgent agent = new MecAgent(market.chain, market.record, mec.account(), mec.encryption(), store, Runtimes.standard(),
                    new MecAgent.Config(MEC_CAPACITY, Duration.ofMinutes(10), Duration.ofSeconds(60), work.resolve("mec")));
            running.add(agent);
            agent.start();
            mecServer = new MecServer(agent, new InetSocketAddress("127.0.0.1", 0));
            running.add(mecServer);

            providerPortal = portal(provider);
            operatorPortal = portal(market.operator);
            customerPortal = portal(customer);
            mecPortal = portal(mec, mecServer.url());
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** The actor's own dPortal: its key signs, its role gates. */
    private PortalServer portal(Actor user) throws Exception {
        return portal(user, null);
    }

    /** @param agent the MEC agent a MEC node's portal reads ({@code --mec-agent}), or null */
    private PortalServer portal(Actor user, URI agent) throws Exception {
        WebGui web = new WebGui(catalogue, LicenceTerms.of(new Licensing(market.chain, market.record, market.stranger("reader-" + user.name()).account())),
                new SuiteOnChain(market.chain, market.record), new org.vnfx.portal.web.Actor(market.chain, market.record, user.account()),
                new MarketOnboarding(user.market(), market.record.operator(), store, new CsarVerifier()), work.resolve("uploads-" + user.name()),
                Marketplace.MAX_UPLOAD);
        if (agent != null) web.withMecAgent(agent);
        PortalServer server = new PortalServer(new InetSocketAddress("127.0.0.1", 0), web.routes());
        running.add(server);
        return server;
    }

    /** The echo VNF exemplar as a SOL004 CSAR (what `vnfx demo` publishes), named {@code label} so its digest is its own. */
    Path echoPackage(String label) throws Exception {
        Path folder = work.resolve("packages").resolve(label);
        Folders.copy(Examples.root().resolve("examples/echo-vnf"), folder);
        Files.writeString(folder.resolve("variant.txt"), label + "\n");
        return CsarBuilder.build(List.of(folder), work.resolve(label + ".csar")).file();
    }

    /** Fills the catalogue from the chain and the store, as `vnfx catalogue index` does. */
    void index() throws Exception {
        try (ChainIndexer indexer = new ChainIndexer(market.chain, market.record, store, market.operator.encryption(), catalogue,
                VerifierOptions.DEFAULT, work.resolve("scratch"))) {
            indexer.catchUp();
        }
    }

    /** A UE's call to the MEC node's agent: the answer's status and body. */
    HttpResponse<String> ue(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(mecServer.url().resolve(path)).timeout(Duration.ofSeconds(120));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Settlement contract's ether and what it accounts for: escrow plus what is owed to providers. */
    BigInteger[] settlementBooks() throws Exception {
        return new BigInteger[] {market.chain.balance(market.record.address("Settlement")),
                market.operator.market().escrow().add(market.operator.market().owed())};
    }

    URI url(PortalServer portal, String path) {
        return portal.url().resolve(path);
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                // closing the rest matters more than this one's failure
                System.err.println("closing " + running.get(i) + ": " + e);
            }
        }
    }
}
