package org.vnfx.catalogue;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vnfx.packages.descriptor.Kind;

class PostgresCatalogueWriterTest {
    private PostgresCatalogue cat;

    @BeforeEach
    void empty() {
        cat = TestCatalogue.empty();
    }

    @Test
    void putPackageInsertsThenUnchangedThenConflict() {
        PackageEntry p = Fixtures.vnfPackage("a", "Acme", "Firewall", "1.0", 1);
        assertEquals(Upsert.INSERTED, cat.putPackage(p));
        assertEquals(Upsert.UNCHANGED, cat.putPackage(p));
        String before = cat.snapshot();
        PackageEntry other = Fixtures.vnfPackage("b", "Acme", "Firewall", "1.0", 2);
        assertEquals(Upsert.conflict(p.digest()), cat.putPackage(other));
        assertTrue(cat.entry(other.digest()).isEmpty(), "nothing stored on conflict");
        assertEquals(before, cat.snapshot());
    }

    @Test
    void concurrentWritersOfOneIdentityGetOneWinner() throws Exception {
        int writers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Upsert>> results = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < writers; i++) {
                PackageEntry p = Fixtures.vnfPackage("race" + i, "Acme", "Racer", "1.0", i);
                results.add(pool.submit(() -> {
                    start.await();
                    return cat.putPackage(p);
                }));
            }
            start.countDown();
            List<Upsert> outcomes = new java.util.ArrayList<>();
            for (var f : results) outcomes.add(f.get());
            assertEquals(1, outcomes.stream().filter(u -> u.outcome() == Upsert.Outcome.INSERTED).count(), outcomes.toString());
            String winner = cat.search(SearchQuery.builder().product("Racer").build()).items().get(0).digest();
            for (Upsert u : outcomes) {
                if (u.outcome() == Upsert.Outcome.CONFLICT) assertEquals(winner, u.existingDigest());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void versionsOfAProductCoexistAndKindsAreSeparate() {
        assertEquals(Upsert.INSERTED, cat.putPackage(Fixtures.vnfPackage("v1", "Acme", "Firewall", "1.0", 1)));
        assertEquals(Upsert.INSERTED, cat.putPackage(Fixtures.vnfPackage("v2", "Acme", "Firewall", "1.1", 2)));
        assertEquals(Upsert.INSERTED, cat.putPackage(Fixtures.pkg("ns", Fixtures.ns("Acme", "Firewall", "1.0", "a service"), 3)));
        assertEquals(3, cat.search(SearchQuery.builder().product("firewall").build()).items().size());
    }

    @Test
    void entryHasDocumentInFileOrderVerificationsAndLicences() {
        PackageEntry p = Fixtures.vnfPackage("a", "Acme", "Firewall", "1.0", 1);
        cat.putPackage(p);
        cat.putVerification(new VerificationEntry(p.digest(), "portal", true, List.of("CN=Acme"), List.of(), Fixtures.T0));
        cat.putVerification(new VerificationEntry(p.digest(), "indexer", false, List.of(), List.of("ERROR a:1: bad"), Fixtures.T0));
        cat.putLicence(Fixtures.licence("l2", p.digest(), LicenceType.TRIAL, 20));
        cat.putLicence(Fixtures.licence("l1", p.digest(), LicenceType.PRIVATE, 20));
        cat.putLicence(Fixtures.licence("l0", p.digest(), LicenceType.PUBLIC, 30));
        CatalogueEntry e = cat.entry(p.digest()).orElseThrow();
        assertTrue(e.documentJson().startsWith("{\"tosca_definitions_version\":\"tosca_simple_yaml_1_3\",\"description\":"), e.documentJson());
        assertTrue(e.documentJson().indexOf("\"zeta\"") < e.documentJson().indexOf("\"alpha\""));
        assertEquals(List.of("indexer", "portal"), e.verifications().stream().map(VerificationEntry::verifier).toList());
        assertEquals(List.of("ERROR a:1: bad"), e.verifications().get(0).findings());
        assertEquals(List.of("l1", "l2", "l0"), e.licences().stream().map(LicenceEntry::id).toList());
        assertEquals(BigInteger.TEN, e.licences().get(0).paidWei());
        assertEquals(List.of(LicenceType.PUBLIC, LicenceType.TRIAL, LicenceType.PRIVATE), e.listing().licenceTypes());
        Listing l = e.listing();
        assertEquals(Kind.VNF, l.kind());
        assertEquals("Acme", l.provider());
        assertEquals("1.0", l.version());
        assertEquals(1000, l.needs().vcpuMillis());
        assertEquals(Fixtures.T0.plusSeconds(60), l.onboardedAt());
        assertNull(l.offerStatus());
        assertTrue(cat.entry(Fixtures.digest("absent")).isEmpty());
    }

    @Test
    void offerNeedsItsPackage() {
        String digest = Fixtures.digest("nope");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cat.putOffer(Fixtures.offer(digest, "ids", 5)));
        assertTrue(e.getMessage().contains(digest), e.getMessage());
        assertThrows(IllegalStateException.class, () -> cat.putLicence(Fixtures.licence("x", digest, LicenceType.PUBLIC, 1)));
        assertThrows(IllegalStateException.class, () -> cat.setOfferStatus(digest, OfferStatus.ACCEPTED, 1, Fixtures.T0));
    }

    @Test
    void everyWriterIsIdempotent() {
        PackageEntry p = Fixtures.vnfPackage("a", "Acme", "Firewall", "1.0", 1);
        String d = p.digest();
        Runnable all = () -> {
            cat.putPackage(p);
            cat.putOffer(Fixtures.offer(d, "ids", 10));
            cat.setOfferStatus(d, OfferStatus.ACCEPTED, 11, Fixtures.T0.plusSeconds(11));
            cat.setReputation(d, 0.75, 3, 12, Fixtures.T0.plusSeconds(12));
            cat.putVerification(new VerificationEntry(d, "portal", true, List.of("CN=Acme"), List.of(), Fixtures.T0));
            cat.putLicence(Fixtures.licence("l1", d, LicenceType.PRIVATE, 13));
            cat.saveCheckpoint("indexer", 13);
        };
        all.run();
        String once = cat.snapshot();
        Listing first = cat.entry(d).orElseThrow().listing();
        all.run();
        assertEquals(once, cat.snapshot());
        assertEquals(first, cat.entry(d).orElseThrow().listing());
        assertEquals(OfferStatus.ACCEPTED, first.offerStatus());
        assertEquals(0.75, first.reputation());
        assertEquals(3, first.sessions());
        assertEquals("ids", first.functionType());
        assertEquals(13, cat.checkpoint("indexer").getAsLong());
    }

    @Test
    void olderBlocksDoNotOverrideStatusOrReputation() {
        PackageEntry p = Fixtures.vnfPackage("a", "Acme", "Firewall", "1.0", 1);
        String d = p.digest();
        cat.putPackage(p);
        cat.putOffer(Fixtures.offer(d, "ids", 10));
        assertEquals(OfferStatus.ADVERTISED, cat.entry(d).orElseThrow().listing().offerStatus());
        cat.setOfferStatus(d, OfferStatus.RETIRED, 30, Fixtures.T0);
        cat.setOfferStatus(d, OfferStatus.ACCEPTED, 20, Fixtures.T0);
        assertEquals(OfferStatus.RETIRED, cat.entry(d).orElseThrow().listing().offerStatus());
        cat.setReputation(d, 0.9, 5, 40, Fixtures.T0);
        cat.setReputation(d, 0.1, 4, 39, Fixtures.T0);
        Listing l = cat.entry(d).orElseThrow().listing();
        assertEquals(0.9, l.reputation());
        assertEquals(5, l.sessions());
        cat.setReputation(d, 0.8, 6, 40, Fixtures.T0);
        assertEquals(0.8, cat.entry(d).orElseThrow().listing().reputation(), "the same block applies (a later session in it)");
        // The advertisement again (block 10 < status block 30) leaves the status alone.
        cat.putOffer(Fixtures.offer(d, "ids", 10));
        assertEquals(OfferStatus.RETIRED, cat.entry(d).orElseThrow().listing().offerStatus());
    }

    @Test
    void verificationIsReplacedPerVerifier() {
        PackageEntry p = Fixtures.vnfPackage("a", "Acme", "Firewall", "1.0", 1);
        cat.putPackage(p);
        cat.putVerification(new VerificationEntry(p.digest(), "portal", false, List.of(), List.of("ERROR x"), Fixtures.T0));
        cat.putVerification(new VerificationEntry(p.digest(), "portal", true, List.of("CN=A"), List.of(), Fixtures.T0.plusSeconds(5)));
        List<VerificationEntry> v = cat.entry(p.digest()).orElseThrow().verifications();
        assertEquals(1, v.size());
        assertTrue(v.get(0).passed());
        assertEquals(Fixtures.T0.plusSeconds(5), v.get(0).verifiedAt());
    }

    @Test
    void checkpointsPerFollower() {
        assertTrue(cat.checkpoint("indexer").isEmpty());
        cat.saveCheckpoint("indexer", 5);
        cat.saveCheckpoint("other", 7);
        cat.saveCheckpoint("indexer", 6);
        assertEquals(6, cat.checkpoint("indexer").getAsLong());
        assertEquals(7, cat.checkpoint("other").getAsLong());
    }

    @Test
    void badInputsNameTheField() {
        PackageEntry p = Fixtures.vnfPackage("a", "Acme", "Firewall", "1.0", 1);
        cat.putPackage(p);
        String d = p.digest();
        assertMessage("descriptor.provider", () -> cat.putPackage(Fixtures.vnfPackage("b", " ", "Firewall", "1.0", 1)));
        assertMessage("descriptor.description", () -> cat.putPackage(Fixtures.pkg("c",
                Fixtures.vnf("Acme", "X", "1", "bad\0text", 1, 1, 1, "v", null), 1)));
        assertMessage("offer.provider", () -> cat.putOffer(new OfferEntry(d, "0xABC", "ids", BigInteger.ONE, "cid", 1, Fixtures.T0)));
        assertMessage("offer.pricePerSecondWei", () -> cat.putOffer(new OfferEntry(d, Fixtures.account(1), "ids", BigInteger.valueOf(-1), "cid", 1,
                Fixtures.T0)));
        assertMessage("offer.functionType", () -> cat.putOffer(new OfferEntry(d, Fixtures.account(1), "", BigInteger.ONE, "cid", 1, Fixtures.T0)));
        assertMessage("offer.advertisedBlock", () -> cat.putOffer(new OfferEntry(d, Fixtures.account(1), "ids", BigInteger.ONE, "cid", -1, Fixtures.T0)));
        cat.putOffer(Fixtures.offer(d, "ids", 1));
        assertMessage("reputation", () -> cat.setReputation(d, 1.5, 1, 2, Fixtures.T0));
        assertMessage("reputation", () -> cat.setReputation(d, Double.NaN, 1, 2, Fixtures.T0));
        assertMessage("sessions", () -> cat.setReputation(d, 0.5, -1, 2, Fixtures.T0));
        assertMessage("status", () -> cat.setOfferStatus(d, null, 2, Fixtures.T0));
        assertMessage("block", () -> cat.setOfferStatus(d, OfferStatus.ACCEPTED, -2, Fixtures.T0));
        assertMessage("licence.customer", () -> cat.putLicence(new LicenceEntry("l", d, "bob", LicenceType.PUBLIC, "0x01", BigInteger.ZERO, 1,
                Fixtures.T0)));
        assertMessage("licence.paymentReference", () -> cat.putLicence(new LicenceEntry("l", d, Fixtures.account(2), LicenceType.PUBLIC, "ref",
                BigInteger.ZERO, 1, Fixtures.T0)));
        assertMessage("verification.verifier", () -> cat.putVerification(new VerificationEntry(d, "", true, List.of(), List.of(), Fixtures.T0)));
        assertMessage("follower", () -> cat.saveCheckpoint(" ", 1));
        assertMessage("digest", () -> cat.entry("ABC"));
        // Nothing half-written: only what succeeded is there.
        assertEquals(1, cat.search(SearchQuery.builder().build()).items().size());
        assertEquals(0.0, cat.entry(d).orElseThrow().listing().sessions());
    }

    private static void assertMessage(String field, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(field), "expected '" + field + "' in: " + e.getMessage());
    }

    @Test
    void timesRoundTripInUtc() {
        Instant at = Instant.parse("2026-05-06T07:08:09.123456Z");
        PackageEntry p = new PackageEntry(Fixtures.digest("t"), 5, Fixtures.vnf("A", "B", "1", null, 0, 0, 0, "v", null), at);
        cat.putPackage(p);
        assertEquals(at, cat.entry(p.digest()).orElseThrow().listing().onboardedAt());
        assertNull(cat.entry(p.digest()).orElseThrow().listing().description());
    }
}
