package org.vnfx.catalogue;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vnfx.packages.descriptor.Kind;

class PostgresCatalogueSearchTest {
    private PostgresCatalogue cat;
    private String ids, fw, nat, ns, old;

    @BeforeEach
    void fill() {
        cat = TestCatalogue.empty();
        ids = put("ids", Fixtures.vnf("Acme Networks", "SwiftGuard", "2.1.0", "Intrusion detection that inspects packets at the edge",
                2000, 4096, 20480, "sensor", "suricata-image"), 10);
        fw = put("fw", Fixtures.vnf("Beta Systems", "WallKeeper", "1.0", "Stateful firewall for enterprise traffic", 1000, 1024, 2048, "filter",
                "wall-image"), 20);
        nat = put("nat", Fixtures.vnf("acme networks", "Translator", "3.0", "Address translation router", 500, 512, 1024, "natunit", "nat-image"), 30);
        ns = put("ns", Fixtures.ns("Acme Networks", "SecureEdge", "1.0", "A network service chaining detection and firewall"), 40);
        old = put("old", Fixtures.vnf("Acme Networks", "SwiftGuard", "1.0.0", "Older intrusion detection release", 1000, 2048, 10240, "sensor",
                "suricata-image"), 5);
        cat.putOffer(Fixtures.offer(ids, "ids", 100));
        cat.setReputation(ids, 0.9, 10, 101, Fixtures.T0);
        cat.setOfferStatus(ids, OfferStatus.ACCEPTED, 102, Fixtures.T0);
        cat.putOffer(Fixtures.offer(fw, "firewall", 110));
        cat.setReputation(fw, 0.4, 3, 111, Fixtures.T0);
        cat.putOffer(Fixtures.offer(nat, "nat", 120));
        cat.putLicence(Fixtures.licence("l-fw", fw, LicenceType.PRIVATE, 130));
        cat.putLicence(Fixtures.licence("l-ids", ids, LicenceType.TRIAL, 131));
    }

    private String put(String seed, org.vnfx.packages.descriptor.Descriptor d, int minute) {
        PackageEntry p = Fixtures.pkg(seed, d, minute);
        assertEquals(Upsert.INSERTED, cat.putPackage(p));
        return p.digest();
    }

    private List<String> find(SearchQuery.Builder b) {
        return cat.search(b.build()).items().stream().map(Listing::digest).toList();
    }

    private static SearchQuery.Builder q() {
        return SearchQuery.builder();
    }

    @Test
    void noCriterionFindsAllNewestFirst() {
        assertEquals(List.of(ns, nat, fw, ids, old), find(q()));
    }

    @Test
    void kind() {
        assertEquals(List.of(ns), find(q().kind(Kind.NS)));
        assertEquals(4, find(q().kind(Kind.VNF)).size());
    }

    @Test
    void providerProductVersionExactIgnoringCase() {
        assertEquals(List.of(ns, nat, ids, old), find(q().provider("ACME NETWORKS")));
        assertEquals(List.of(), find(q().provider("Acme")), "exact, not a prefix");
        assertEquals(List.of(ids, old), find(q().product("swiftguard")));
        assertEquals(List.of(), find(q().product("Swift")));
        assertEquals(List.of(ids), find(q().product("SwiftGuard").version("2.1.0")));
        assertEquals(List.of(), find(q().version("2.1")));
    }

    @Test
    void functionTypeAndOfferStatus() {
        assertEquals(List.of(fw), find(q().functionType("firewall")));
        assertEquals(List.of(), find(q().functionType("dpi")));
        assertEquals(List.of(ids), find(q().offerStatus(OfferStatus.ACCEPTED)));
        assertEquals(List.of(nat, fw), find(q().offerStatus(OfferStatus.ADVERTISED)));
        assertEquals(List.of(), find(q().offerStatus(OfferStatus.RETIRED)));
    }

    @Test
    void licenceType() {
        assertEquals(List.of(fw), find(q().licenceType(LicenceType.PRIVATE)));
        assertEquals(List.of(ids), find(q().licenceType(LicenceType.TRIAL)));
        assertEquals(List.of(), find(q().licenceType(LicenceType.PUBLIC)));
        cat.putLicence(Fixtures.licence("l-pub", nat, LicenceType.PUBLIC, 140));
        assertEquals(List.of(nat), find(q().licenceType(LicenceType.PUBLIC)));
    }

    @Test
    void requirementRangesAreInclusive() {
        assertEquals(List.of(fw, ids, old), find(q().vcpuMillis(1000L, 2000L).memoryMiB(1024L, null)));
        assertEquals(List.of(ns, nat), find(q().vcpuMillis(null, 500L)), "a network service needs nothing itself");
        assertEquals(List.of(), find(q().vcpuMillis(3000L, null)));
        assertEquals(List.of(ids), find(q().memoryMiB(4096L, 4096L)));
        assertEquals(List.of(), find(q().memoryMiB(4097L, 8000L)));
        assertEquals(List.of(ids, old), find(q().diskMiB(10240L, 20480L)));
        assertEquals(List.of(), find(q().diskMiB(30000L, null)));
    }

    @Test
    void minReputationExcludesUnrated() {
        assertEquals(List.of(ids), find(q().minReputation(0.5)));
        assertEquals(List.of(fw, ids), find(q().minReputation(0.0)).stream().sorted(this::byOrder).toList());
        assertEquals(List.of(), find(q().minReputation(0.95)));
        assertEquals(List.of(ids), find(q().minReputation(0.9)), "inclusive");
    }

    private int byOrder(String a, String b) {
        List<String> order = List.of(fw, ids);
        return Integer.compare(order.indexOf(a), order.indexOf(b));
    }

    @Test
    void fullTextAllWordsStemmed() {
        // "inspecting" and "packet" stem to the description's "inspects" and "packets".
        assertEquals(List.of(ids), find(q().text("inspecting packet")));
        assertEquals(List.of(), find(q().text("inspecting firewall")), "all words required");
        // Provider, product, function type, VDU and image names are searched too.
        assertEquals(List.of(fw), find(q().text("wallkeeper")));
        assertEquals(List.of(fw), find(q().text("firewall enterprise")));
        assertEquals(List.of(nat), find(q().text("natunit")));
        assertEquals(List.of(ids, old), find(q().text("suricata-image")).stream().sorted((a, b) -> a.equals(ids) ? -1 : 1).toList());
        assertEquals(List.of(), find(q().text("kubernetes")));
        // The function type enters the vector when the offer arrives.
        assertEquals(List.of(nat), find(q().text("nat")));
    }

    @Test
    void relevanceRanksProductMatchesAboveDescriptionMatches() {
        // "firewall" is in fw's description (B) and function type (C), and in the NS's description (B) only.
        String top = put("top", Fixtures.vnf("Gamma", "Firewall", "1", "something else", 1, 1, 1, "v", null), 50);
        List<String> found = find(q().text("firewall"));
        assertEquals(top, found.get(0), "product (weight A) first");
        assertEquals(3, found.size());
        assertTrue(found.containsAll(List.of(fw, ns)));
    }

    @Test
    void sorts() {
        assertEquals(List.of(ns, nat, fw, ids, old), find(q().sort(SearchQuery.Sort.NEWEST)));
        assertEquals(List.of(ns, nat, fw, ids, old), find(q().sort(SearchQuery.Sort.RELEVANCE)), "relevance without text is newest");
        List<String> byRep = find(q().sort(SearchQuery.Sort.REPUTATION));
        assertEquals(List.of(ids, fw), byRep.subList(0, 2), "highest first");
        assertEquals(5, byRep.size(), "unrated last");
        List<String> byName = find(q().sort(SearchQuery.Sort.NAME));
        // Provider, product, version in byte order: "Acme Networks" < "Beta Systems" < "acme networks".
        assertEquals(List.of(ns, old, ids, fw, nat), byName);
    }

    @Test
    void tiesAreBrokenByDigestAndPagingIsStable() {
        cat = TestCatalogue.empty();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Every package onboarded at the same minute: the order is the digest's.
            all.add(put("same" + i, Fixtures.vnf("P", "Prod", "1." + i, "x", 1, 1, 1, "v", null), 7));
        }
        all.sort(String::compareTo);
        List<String> paged = new ArrayList<>();
        SearchQuery query = q().sort(SearchQuery.Sort.NEWEST).limit(10).build();
        Page<Listing> page = cat.search(query);
        while (true) {
            page.items().forEach(l -> paged.add(l.digest()));
            assertEquals(query.offset(), page.offset());
            if (!page.more()) break;
            query = query.next();
            page = cat.search(query);
        }
        assertEquals(all, paged);
        assertEquals(5, page.items().size());
        assertFalse(page.more());
        assertTrue(cat.search(q().limit(25).build()).items().size() == 25 && !cat.search(q().limit(25).build()).more());
        assertTrue(cat.search(q().limit(24).build()).more());
    }

    @Test
    void listingCarriesTheOffer() {
        Listing l = cat.search(q().product("SwiftGuard").version("2.1.0").build()).items().get(0);
        assertEquals("ids", l.functionType());
        assertEquals(OfferStatus.ACCEPTED, l.offerStatus());
        assertEquals(0.9, l.reputation());
        assertEquals(10, l.sessions());
        assertEquals(java.math.BigInteger.valueOf(1_000_000_000L), l.pricePerSecondWei());
        assertEquals(List.of(LicenceType.TRIAL), l.licenceTypes());
        assertEquals(new org.vnfx.packages.descriptor.ResourceNeeds(2000, 4096, 20480), l.needs());
        Listing unoffered = cat.search(q().kind(Kind.NS).build()).items().get(0);
        assertNull(unoffered.functionType());
        assertNull(unoffered.reputation());
        assertEquals(List.of(), unoffered.licenceTypes());
    }

    @Test
    void sampleDescriptorsFromThePackagesModule() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("vnfx.home"), "packages/src/test/resources/descriptors");
        int n = 0;
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files.sorted()::iterator) {
                org.vnfx.packages.descriptor.Descriptor d = org.vnfx.packages.descriptor.DescriptorReader.read(f);
                PackageEntry p = Fixtures.pkg("sample:" + f.getFileName(), d, 100 + n++);
                assertEquals(Upsert.INSERTED, cat.putPackage(p), f.toString());
                CatalogueEntry e = cat.entry(p.digest()).orElseThrow();
                assertEquals(d.kind(), e.listing().kind());
                assertEquals(d.needs(), e.listing().needs());
                // The document read back is the document written, keys in file order.
                assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(d.document()), e.documentJson());
            }
        }
        assertTrue(n >= 5);
    }
}
