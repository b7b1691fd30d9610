package org.vnfx.portal.web;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.vnfx.catalogue.PostgresCatalogue;
import org.vnfx.catalogue.index.ChainIndexer;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.mec.PackagePublisher;
import org.vnfx.mec.runtime.ProcessPackage;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.CsarSigning;
import org.vnfx.packages.Examples;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.packages.csar.Fixtures;
import org.vnfx.packages.csar.TestPki;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.portal.PortalServer;
import org.vnfx.portal.auth.ClientRegistry;
import org.vnfx.portal.auth.OAuth;
import org.vnfx.portal.auth.Tokens;
import org.vnfx.portal.vnfpkgm.FileVnfPackages;
import org.vnfx.portal.vnfpkgm.MarketOnboarding;
import org.vnfx.portal.vnfpkgm.VnfPkgmApi;
import org.vnfx.store.LocalArtifactStore;

/**
 * A small real marketplace behind the portal, built once per test JVM: providers publish real packages on anvil
 * (the suricata-ids exemplar, its lite variant signed by a certificate nobody trusts, a network service, and a
 * plain zip that is no SOL004 package), the operator accepts the exemplar, a MEC session rates it, its provider
 * sets licence terms and a customer buys a private licence. The chain indexer then fills an embedded PostgreSQL
 * catalogue from the chain and the store, and the portal serves it all as {@code vnfx portal serve} does. The
 * digests ({@code ids}, {@code lite}, {@code service}, {@code plain}) are 64 lowercase hex digits.
 */
record Marketplace(TestMarket market, PostgresCatalogue catalogue, LocalArtifactStore store, Path work, FileVnfPackages packages, PortalServer portal,
                   String ids, String lite, String service, String plain, Actor mec, Path idsFile) {
    static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000L);
    static final long MAX_UPLOAD = 8L << 20;
    static final Licensing.Terms IDS_TERMS = new Licensing.Terms(false, 7 * 86_400, 2, BigInteger.valueOf(5_000), 3);

    private static Marketplace shared;

    static synchronized Marketplace shared() throws Exception {
        if (shared == null) {
            shared = build();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    URI url(String path) {
        return portal.url().resolve(path);
    }

    private static Marketplace build() throws Exception {
        TestMarket market = TestMarket.start();
        Path work = Files.createTempDirectory("vnfx-dportal-");
        LocalArtifactStore store = new LocalArtifactStore(work.resolve("store"));
        Actor vendor = market.actor("vendor", Role.PROVIDER);
        Actor budget = market.actor("budget", Role.PROVIDER);
        Actor mec = market.actor("mec-1", Role.MEC);
        Actor customer = market.actor("customer", Role.CUSTOMER);

        Publisher publisher = new Publisher(market, store);
        Path idsFile = CsarBuilder.build(Examples.idsLayers(), work.resolve("ids.csar")).file();
        String ids = publisher.publish(vendor, idsFile, "ids", new Requirements(1000, 512, 256));
        String lite = publisher.publish(budget, CsarBuilder.build(Examples.liteLayers(), work.resolve("lite.csar"),
                CsarSigning.option1(TestPki.hierarchy("Budget Edge Networks").signingKey())).file(), "ids", new Requirements(1000, 256, 256));
        String service = publisher.publish(vendor, Fixtures.zip(Examples.edgeIdsService(), work.resolve("ns.csar")),
                "ns", new Requirements(1, 1, 1));
        String plain = publisher.publish(vendor, ProcessPackage.build(Examples.root().resolve("examples/echo-vnf"), work.resolve("echo.zip")),
                "echo", new Requirements(100, 64, 64));

        byte[] idsDigest = HexFormat.of().parseHex(ids);
        market.operator.market().accept(idsDigest);
        mec.market().publishResources(new Requirements(4000, 8192, 16384));
        session(market, mec, idsDigest, new long[] {2, 0, 0, 1, 0, 0, 0, 0});
        new Licensing(market.chain, market.record, vendor.account()).setTerms(idsDigest, IDS_TERMS);
        new Licensing(market.chain, market.record, customer.account()).buy(idsDigest);

        PostgresCatalogue catalogue = PostgresCatalogue.openEmbedded(work.resolve("pg"));
        try (ChainIndexer indexer = new ChainIndexer(market.chain, market.record, store, market.operator.encryption(), catalogue,
                VerifierOptions.DEFAULT, work.resolve("scratch"))) {
            indexer.catchUp();
        }

        OAuth oauth = new OAuth(new ClientRegistry(work.resolve("clients.json")), new Tokens(Clock.systemUTC()));
        FileVnfPackages packages = new FileVnfPackages(work.resolve("vnf_packages"),
                new MarketOnboarding(vendor.market(), market.record.operator(), store, new CsarVerifier()));
        PortalServer portal = new PortalServer(new InetSocketAddress("127.0.0.1", 0),
                PortalServer.dportal(oauth, new VnfPkgmApi(packages, oauth, 64L << 20), web(market, catalogue, store, work, vendor, null)));
        return new Marketplace(market, catalogue, store, work, packages, portal, ids, lite, service, plain, mec, idsFile);
    }

    /**
     * The web GUI as {@code vnfx portal serve --key} serves it for {@code user}, uploads limited to {@link #MAX_UPLOAD}.
     *
     * @param terms where licence terms are read, null for the chain's Licences contract
     */
    private static WebGui web(TestMarket market, PostgresCatalogue catalogue, LocalArtifactStore store, Path work, Actor user, LicenceTerms terms)
            throws Exception {
        return new WebGui(catalogue, terms != null ? terms : LicenceTerms.of(new Licensing(market.chain, market.record, market.stranger("reader").account())),
                new SuiteOnChain(market.chain, market.record), new org.vnfx.portal.web.Actor(market.chain, market.record, user.account()),
                new MarketOnboarding(user.market(), market.record.operator(), store, new CsarVerifier()), work.resolve("uploads-" + user.name()), MAX_UPLOAD);
    }

    /** Another user's portal on the same marketplace (the caller closes it). */
    PortalServer portalOf(Actor user) throws Exception {
        return new PortalServer(new InetSocketAddress("127.0.0.1", 0), webOf(user, null).routes());
    }

    WebGui webOf(Actor user, LicenceTerms terms) throws Exception {
        return web(market, catalogue, store, work, user, terms);
    }

    /**
     * The exemplar as a new package of its own: the same VNF with {@code name} in its change log, so its digest is
     * one nobody has offered yet.
     */
    Path variant(String name) throws Exception {
        Path layer = Files.createDirectories(work.resolve("layer-" + name));
        Files.writeString(layer.resolve(CsarBuilder.CHANGE_LOG), "variant " + name + " of the suricata-ids exemplar\n");
        return CsarBuilder.build(List.of(Examples.ids(), layer), work.resolve(name + ".csar")).file();
    }

    /** The exemplar with one rule file changed after its manifest was written: the verifier names vnfd.mf and its line. */
    Path tampered() throws Exception {
        Map<String, byte[]> files = Examples.read(CsarBuilder.build(Examples.idsLayers(), work.resolve("to-tamper.csar")).file());
        files.computeIfPresent("Files/rules/vnfx.rules", (k, v) -> (new String(v, StandardCharsets.UTF_8) + "# one more line\n").getBytes(StandardCharsets.UTF_8));
        return Fixtures.zip(files, work.resolve("tampered.csar"));
    }

    /** One more session of the exemplar on chain (request, grant, instantiation, uninstall with these error counts): its reputation moves. */
    void session(long... errors) throws Exception {
        session(market, mec, HexFormat.of().parseHex(ids), errors);
    }

    private static void session(TestMarket market, Actor mec, byte[] digest, long[] errors) throws Exception {
        BigInteger deployment = Market.requestedId(mec.market().request("ids"));
        market.operator.market().grant(deployment, digest, TestMarket.ENVELOPE);
        mec.market().reportInstantiation(deployment, true, new byte[32]);
        market.advanceSeconds(60);
        mec.market().reportUninstall(deployment, 60, errors);
    }

    private record Publisher(TestMarket market, LocalArtifactStore store) {
        String publish(Actor provider, Path file, String function, Requirements needs) throws Exception {
            PackagePublisher.Published p = PackagePublisher.publish(provider.market(), store, market.operator.encryptionKey(), file, function,
                    needs, PRICE, PackageCipher.newKey());
            return HexFormat.of().formatHex(p.terms().packageDigest());
        }
    }

    private void close() {
        portal.close();
        try {
            packages.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        catalogue.close();
        market.close();
    }
}
