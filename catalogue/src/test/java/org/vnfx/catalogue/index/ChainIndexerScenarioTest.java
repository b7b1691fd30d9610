package org.vnfx.catalogue.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vnfx.catalogue.CatalogueEntry;
import org.vnfx.catalogue.LicenceEntry;
import org.vnfx.catalogue.LicenceType;
import org.vnfx.catalogue.Listing;
import org.vnfx.catalogue.OfferStatus;
import org.vnfx.catalogue.PostgresCatalogue;
import org.vnfx.catalogue.SearchQuery;
import org.vnfx.catalogue.VerificationEntry;
import org.vnfx.contracts.Offers;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.crypto.PublicKeys;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.node.ChainNode;
import org.vnfx.ledger.view.ValueAudit;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.mec.PackagePublisher;
import org.vnfx.mec.runtime.ProcessPackage;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.Examples;
import org.vnfx.packages.csar.Fixtures;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.packages.descriptor.Kind;
import org.vnfx.store.LocalArtifactStore;
import org.web3j.crypto.Keys;

/**
 * The catalogue as a read model of the chain and the store: providers publish on a real anvil, the operator
 * accepts and rejects, a MEC session moves a reputation; the indexer catalogues all of it from the chain, a
 * replay changes nothing, and a catalogue rebuilt into an empty database equals the first one.
 */
class ChainIndexerScenarioTest {
    static final BigInteger PRICE_WEI_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    static TestMarket market;
    static Path work;
    static LocalArtifactStore store;

    /** A chain of its own per test: the scenario counts every event from the suite's first block. */
    @BeforeEach
    void start() throws Exception {
        market = TestMarket.start();
        work = Files.createTempDirectory("vnfx-indexer-");
        store = new LocalArtifactStore(work.resolve("store"));
    }

    @AfterEach
    void stop() {
        market.close();
    }

    static final java.util.Map<String, Long> ADVERTISED_BLOCKS = new java.util.HashMap<>();

    static String publish(Actor provider, Path csar, String function) throws Exception {
        byte[] key = PackageCipher.newKey();
        PackagePublisher.Published p = PackagePublisher.publish(provider.market(), store, market.operator.encryptionKey(), csar, function,
                new Requirements(1000, 512, 256), PRICE_WEI_PER_SECOND, key);
        String digest = HexFormat.of().formatHex(p.terms().packageDigest());
        ADVERTISED_BLOCKS.put(digest, p.receipt().getBlockNumber().longValueExact());
        return digest;
    }

    static long advertisedBlock(String digest) {
        return ADVERTISED_BLOCKS.get(digest);
    }

    static ChainIndexer indexer(PostgresCatalogue catalogue, String name) throws Exception {
        return new ChainIndexer(market.chain, market.record, store, market.operator.encryption(), catalogue, VerifierOptions.DEFAULT,
                work.resolve(name));
    }

    @Test
    void catalogueFollowsTheChainAndIsRebuiltEqual() throws Exception {
        Actor vendor = market.actor("vendor", Role.PROVIDER);
        Actor budget = market.actor("budget", Role.PROVIDER);
        Actor mec = market.actor("mec-1", Role.MEC);

        // Two SOL004 VNF packages, a network service, a copy of the first with one more file (same product and
        // version), a package that is no SOL004 CSAR, and one sealed for a key other than the operator's.
        String ids = publish(vendor, CsarBuilder.build(Examples.idsLayers(), work.resolve("ids.csar")).file(), "ids");
        String lite = publish(budget, CsarBuilder.build(Examples.liteLayers(), work.resolve("lite.csar")).file(), "ids");
        Path extra = Files.createDirectories(work.resolve("extra/Files"));
        Files.writeString(extra.resolve("notes.txt"), "same product, same version, other bytes\n");
        String copy = publish(vendor, CsarBuilder.build(List.of(Examples.ids(), work.resolve("extra")), work.resolve("copy.csar")).file(), "ids");
        String service = publish(vendor, Fixtures.zip(Examples.edgeIdsService(), work.resolve("ns.csar")), "ns");
        String plain = publish(vendor, ProcessPackage.build(Examples.root().resolve("examples/echo-vnf"), work.resolve("echo.zip")), "echo");
        Path other = Files.createDirectories(work.resolve("other/Files"));
        Files.writeString(other.resolve("notes.txt"), "sealed for somebody else\n");
        Path otherCsar = CsarBuilder.build(List.of(Examples.ids(), work.resolve("other")), work.resolve("other.csar")).file();
        String sealedForOther = HexFormat.of().formatHex(PackagePublisher.publish(vendor.market(), store,
                PublicKeys.compressed(Keys.createEcKeyPair()), otherCsar, "ids-other", new Requirements(1000, 512, 256),
                PRICE_WEI_PER_SECOND, PackageCipher.newKey()).terms().packageDigest());

        market.operator.market().accept(HexFormat.of().parseHex(ids));
        market.operator.market().reject(HexFormat.of().parseHex(lite));
        Offers.Offer offer = market.operator.market().offer(HexFormat.of().parseHex(ids));
        BigInteger deployment = running(mec, ids);
        market.advanceSeconds(60);
        mec.market().reportUninstall(deployment, 60, new long[] {2, 0, 0, 1, 0, 0, 0, 0});
        offer = market.operator.market().offer(HexFormat.of().parseHex(ids));
        // Licences: a private one bought, a trial activated by a first instantiation.
        Actor buyer = market.actor("buyer", Role.CUSTOMER);
        Actor tryer = market.actor("tryer", Role.CUSTOMER);
        new Licensing(market.chain, market.record, vendor.account()).setTerms(HexFormat.of().parseHex(ids),
                new Licensing.Terms(false, 86_400, 1, BigInteger.valueOf(5_000), 2));
        String bought = new Licensing(market.chain, market.record, buyer.account()).buy(HexFormat.of().parseHex(ids)).getTransactionHash();
        new Licensing(market.chain, market.record, tryer.account()).instantiate(HexFormat.of().parseHex(ids));

        Path first = work.resolve("pg-first");
        String before;
        try (PostgresCatalogue catalogue = PostgresCatalogue.openEmbedded(first)) {
            try (ChainIndexer indexer = indexer(catalogue, "scratch-1")) {
                assertEquals(11, indexer.catchUp(), "six advertisements, an acceptance, a rejection, a reputation update, two licences");
                assertEquals(market.chain.blockNumber(), indexer.checkpoint());
            }

            Listing idsListing = catalogue.entry(ids).orElseThrow().listing();
            assertEquals(Kind.VNF, idsListing.kind());
            assertEquals(OfferStatus.ACCEPTED, idsListing.offerStatus());
            assertEquals("ids", idsListing.functionType());
            assertEquals(PRICE_WEI_PER_SECOND, idsListing.pricePerSecondWei());
            assertEquals(new BigDecimal(offer.reputation).movePointLeft(18).doubleValue(), idsListing.reputation(), 1e-15);
            assertEquals(1, idsListing.sessions());
            assertEquals(OfferStatus.REJECTED, catalogue.entry(lite).orElseThrow().listing().offerStatus());
            VerificationEntry passed = catalogue.entry(ids).orElseThrow().verifications().get(0);
            assertTrue(passed.passed());
            assertEquals(market.chain.blockTime(advertisedBlock(ids)), passed.verifiedAt(), "block time, not the indexer's clock");
            assertEquals(passed.verifiedAt(), idsListing.onboardedAt());

            List<LicenceEntry> licences = catalogue.entry(ids).orElseThrow().licences();
            assertEquals(List.of(LicenceType.PRIVATE, LicenceType.TRIAL), licences.stream().map(LicenceEntry::type).toList());
            assertEquals(BigInteger.valueOf(5_000), licences.get(0).paidWei());
            assertEquals(bought, licences.get(0).paymentReference(), "the payment reference is the buying transaction");
            assertEquals(buyer.address().toLowerCase(), licences.get(0).customer());
            assertEquals(List.of(ids), catalogue.search(SearchQuery.builder().licenceType(LicenceType.PRIVATE).build()).items().stream()
                    .map(Listing::digest).toList());

            List<Listing> found = catalogue.search(SearchQuery.builder().text("Suricata exemplar").build()).items();
            assertEquals(2, found.size(), "the two Suricata packages, not the conflicting copy: " + found);
            assertEquals(List.of(ids), catalogue.search(SearchQuery.builder().offerStatus(OfferStatus.ACCEPTED).build()).items().stream()
                    .map(Listing::digest).toList());

            Listing ns = catalogue.entry(service).orElseThrow().listing();
            assertEquals(Kind.NS, ns.kind());
            assertEquals("fixture-ns", ns.product());
            assertEquals(List.of(service), catalogue.search(SearchQuery.builder().kind(Kind.NS).build()).items().stream().map(Listing::digest).toList());

            for (String refused : List.of(copy, plain, sealedForOther)) {
                assertTrue(catalogue.entry(refused).isEmpty(), refused + " has no listing");
            }
            assertTrue(failure(catalogue, copy).contains("already catalogued as package 0x" + ids), failure(catalogue, copy));
            assertTrue(failure(catalogue, sealedForOther).contains("key envelope does not open"), failure(catalogue, sealedForOther));
            assertFalse(failure(catalogue, plain).isEmpty());

            before = catalogue.snapshot();
            // Delivery is at least once: replaying every block from the start changes nothing.
            catalogue.saveCheckpoint(ChainIndexer.NAME, market.record.blockNumber() - 1);
            try (ChainIndexer replay = indexer(catalogue, "scratch-2")) {
                replay.catchUp();
            }
            assertEquals(before, catalogue.snapshot());
        }

        // The database lost: an empty one, rebuilt from the chain and the store alone.
        try (PostgresCatalogue rebuilt = PostgresCatalogue.openEmbedded(work.resolve("pg-rebuilt"))) {
            try (ChainIndexer indexer = indexer(rebuilt, "scratch-3")) {
                indexer.catchUp();
            }
            assertEquals(before, rebuilt.snapshot());
            assertNotEquals("", before);
        }
    }

    @Test
    void aPackageTheStoreCannotServeYetHoldsTheIndexerAtItsBlockUntilItCan() throws Exception {
        Actor vendor = market.actor("late-vendor", Role.PROVIDER);
        Path extra = Files.createDirectories(work.resolve("late/Files"));
        Files.writeString(extra.resolve("notes.txt"), "published before the store near the catalogue has it\n");
        String digest = publish(vendor, CsarBuilder.build(List.of(Examples.ids(), work.resolve("late")), work.resolve("late.csar")).file(), "ids-late");
        long block = advertisedBlock(digest);

        LocalArtifactStore near = new LocalArtifactStore(work.resolve("near-store"));
        try (PostgresCatalogue catalogue = PostgresCatalogue.openEmbedded(work.resolve("pg-late"));
                ChainIndexer indexer = new ChainIndexer(market.chain, market.record, near, market.operator.encryption(), catalogue,
                        VerifierOptions.DEFAULT, work.resolve("scratch-late"))) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, indexer::catchUp);
            assertTrue(e.getMessage().contains("offer 0x" + digest + " (block " + block + ")") && e.getMessage().contains("retries from this block"),
                    e.getMessage());
            assertEquals(block - 1, indexer.checkpoint(), "every block before it applied, not its own");
            assertTrue(catalogue.entry(digest).isEmpty() && catalogue.verifications(digest).isEmpty(), "nothing recorded for it yet");

            // The content arrives (copied from the provider's store, as IPFS would replicate it): the next pass lists it.
            Offers.Offer o = market.operator.market().offer(HexFormat.of().parseHex(digest));
            try (java.io.InputStream in = store.open(new org.vnfx.store.Cid(o.cidCodec.intValueExact(), o.contentDigest))) {
                near.put(in);
            }
            indexer.catchUp();
            assertEquals(market.chain.blockNumber(), indexer.checkpoint());
            assertTrue(catalogue.entry(digest).orElseThrow().verifications().get(0).passed());
        }
    }

    @Test
    void postgresKilledAndItsDataDirectoryLostWhileTheIndexerFollowsIsRebuiltFromTheChainAlone() throws Exception {
        Actor vendor = market.actor("vendor", Role.PROVIDER);
        String ids = publish(vendor, CsarBuilder.build(Examples.idsLayers(), work.resolve("ids.csar")).file(), "ids");
        String service = publish(vendor, Fixtures.zip(Examples.edgeIdsService(), work.resolve("ns.csar")), "ns");
        market.operator.market().accept(HexFormat.of().parseHex(ids));
        Path pg = work.resolve("pg-lost");

        String before;
        PostgresCatalogue catalogue = PostgresCatalogue.openEmbedded(pg);
        try (ChainIndexer indexer = indexer(catalogue, "scratch-follow")) {
            indexer.start(FOLLOW_INTERVAL, e -> { });
            awaitCaughtUp(indexer);
            before = catalogue.snapshot();

            // kill -9 of the postmaster and its backends, then the data directory gone: no shutdown, no checkpoint.
            ProcessHandle postmaster = ProcessHandle.of(org.vnfx.catalogue.PostgresServer.serving(pg).orElseThrow().pid()).orElseThrow();
            List<ProcessHandle> backends = postmaster.descendants().toList();
            postmaster.destroyForcibly();
            backends.forEach(ProcessHandle::destroyForcibly);
            postmaster.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            org.vnfx.mec.runtime.Folders.delete(pg.resolve("data"));
            assertFalse(postmaster.isAlive());
            assertFalse(Files.exists(pg.resolve("data")));
        } finally {
            catalogue.close();
        }

        // The indexer restarts on an empty database in the same place: everything comes from the chain and the store.
        try (PostgresCatalogue rebuilt = PostgresCatalogue.openEmbedded(pg); ChainIndexer indexer = indexer(rebuilt, "scratch-rebuilt")) {
            assertTrue(rebuilt.checkpoint(ChainIndexer.NAME).isEmpty(), "a new, empty cluster");
            indexer.start(FOLLOW_INTERVAL, e -> { });
            awaitCaughtUp(indexer);
            assertEquals(before, rebuilt.snapshot(), "every row as it was before the loss");
            assertEquals(List.of(ids), rebuilt.search(SearchQuery.builder().offerStatus(OfferStatus.ACCEPTED).build()).items().stream()
                    .map(Listing::digest).toList());
            assertEquals(Kind.NS, rebuilt.entry(service).orElseThrow().listing().kind());

            market.operator.market().reject(HexFormat.of().parseHex(service));
            String publishedAfter = publish(vendor, CsarBuilder.build(Examples.liteLayers(), work.resolve("lite.csar")).file(), "ids");
            awaitCaughtUp(indexer);
            assertTrue(rebuilt.entry(publishedAfter).isPresent(), "the follow goes on after the rebuild");
            assertEquals(OfferStatus.REJECTED, rebuilt.entry(service).orElseThrow().listing().offerStatus());
            assertNotEquals("", before);
        }
    }

    @Test
    void offersPublishedOnEitherSideOfAChainNodeRestartAreAllCatalogued() throws Exception {
        market.close(); // this test needs a persistent node it can stop and start again on the same port
        AnvilNode node = AnvilNode.start(AnvilNode.Options.persistent(work, 0));
        int port = node.rpcUrl().getPort();
        try {
            market = TestMarket.on(work, ChainNode.remote(node.rpcUrl(), true));
            Actor vendor = market.actor("vendor", Role.PROVIDER);
            String before = publish(vendor, CsarBuilder.build(Examples.idsLayers(), work.resolve("ids.csar")).file(), "ids");
            try (PostgresCatalogue catalogue = PostgresCatalogue.openEmbedded(work.resolve("pg-node-restart"));
                    ChainIndexer indexer = indexer(catalogue, "scratch-node-restart")) {
                indexer.start(FOLLOW_INTERVAL, e -> { });
                awaitCaughtUp(indexer);

                node.close(); // the indexer's passes fail and back off
                Thread.sleep(1_000);
                node = AnvilNode.start(AnvilNode.Options.persistent(work, 0).listeningOn(AnvilNode.Options.LOOPBACK, port));
                String after = publish(vendor, Fixtures.zip(Examples.edgeIdsService(), work.resolve("ns.csar")), "ns");
                market.operator.market().accept(HexFormat.of().parseHex(before));
                awaitCaughtUp(indexer);

                assertEquals(OfferStatus.ACCEPTED, catalogue.entry(before).orElseThrow().listing().offerStatus(), "accepted after the restart");
                assertEquals(Kind.NS, catalogue.entry(after).orElseThrow().listing().kind(), "published after the restart");
            }
            ValueAudit audit = ValueAudit.read(market.chain, market.record).requireConserved();
            assertEquals(audit.in(), audit.heldAndOut());
        } finally {
            node.close();
        }
    }

    static final java.time.Duration FOLLOW_INTERVAL = java.time.Duration.ofMillis(200);

    static void awaitCaughtUp(ChainIndexer indexer) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (indexer.checkpoint() < market.chain.blockNumber()) {
            if (System.nanoTime() > deadline) throw new AssertionError("indexer at block " + indexer.checkpoint() + ", head " + market.chain.blockNumber());
            Thread.sleep(50);
        }
    }

    /** The indexer's verification record of a package it did not list: its single finding. */
    static String failure(PostgresCatalogue catalogue, String digest) {
        List<VerificationEntry> v = catalogue.verifications(digest);
        assertEquals(1, v.size(), "one record for " + digest);
        assertFalse(v.get(0).passed());
        return String.join("\n", v.get(0).findings());
    }

    static BigInteger running(Actor mec, String digest) throws Exception {
        mec.market().publishResources(new Requirements(4000, 8192, 16384));
        BigInteger id = org.vnfx.ledger.Market.requestedId(mec.market().request("ids"));
        market.operator.market().grant(id, HexFormat.of().parseHex(digest), TestMarket.ENVELOPE);
        mec.market().reportInstantiation(id, true, new byte[32]);
        return id;
    }
}
