package org.vnfx.catalogue;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {
    private final PackageEntry a = Fixtures.vnfPackage("a", "Acme", "Firewall", "1.0", 1);
    private final PackageEntry b = Fixtures.vnfPackage("b", "Acme", "Firewall", "2.0", 2);
    private final PackageEntry c = Fixtures.pkg("c", Fixtures.ns("Beta", "Service", "1", "multi\nline\twith tab"), 3);

    private void forwards(PostgresCatalogue cat) {
        cat.putPackage(a);
        cat.putPackage(b);
        cat.putPackage(c);
        cat.putOffer(Fixtures.offer(a.digest(), "ids", 10));
        cat.setOfferStatus(a.digest(), OfferStatus.ACCEPTED, 11, Fixtures.T0.plusSeconds(11));
        cat.setReputation(a.digest(), 0.5, 1, 12, Fixtures.T0.plusSeconds(12));
        cat.putOffer(Fixtures.offer(b.digest(), "firewall", 13));
        cat.putLicence(Fixtures.licence("l1", a.digest(), LicenceType.PUBLIC, 14));
        cat.putLicence(Fixtures.licence("l2", b.digest(), LicenceType.PRIVATE, 15));
        cat.putVerification(new VerificationEntry(a.digest(), "portal", true, List.of("CN=A, O=B"), List.of(), Fixtures.T0));
        cat.putVerification(new VerificationEntry(a.digest(), "indexer", true, List.of("CN=A, O=B"), List.of(), Fixtures.T0));
        cat.saveCheckpoint("indexer", 15);
    }

    private void backwards(PostgresCatalogue cat) {
        cat.putPackage(c);
        cat.putPackage(b);
        cat.putOffer(Fixtures.offer(b.digest(), "firewall", 13));
        cat.putLicence(Fixtures.licence("l2", b.digest(), LicenceType.PRIVATE, 15));
        cat.putPackage(a);
        cat.putVerification(new VerificationEntry(a.digest(), "indexer", true, List.of("CN=A, O=B"), List.of(), Fixtures.T0));
        cat.putVerification(new VerificationEntry(a.digest(), "portal", false, List.of(), List.of("ERROR replaced"), Fixtures.T0));
        cat.putVerification(new VerificationEntry(a.digest(), "portal", true, List.of("CN=A, O=B"), List.of(), Fixtures.T0));
        cat.putOffer(Fixtures.offer(a.digest(), "ids", 10));
        cat.putLicence(Fixtures.licence("l1", a.digest(), LicenceType.PUBLIC, 14));
        // Delivered out of order: the later reputation first, then the status, then a stale reputation.
        cat.setReputation(a.digest(), 0.5, 1, 12, Fixtures.T0.plusSeconds(12));
        cat.setOfferStatus(a.digest(), OfferStatus.ACCEPTED, 11, Fixtures.T0.plusSeconds(11));
        cat.setReputation(a.digest(), 0.1, 0, 11, Fixtures.T0.plusSeconds(11));
        cat.saveCheckpoint("indexer", 3);
    }

    @Test
    void sameContentInAnotherOrderGivesTheSameSnapshot() {
        PostgresCatalogue cat = TestCatalogue.empty();
        forwards(cat);
        String first = cat.snapshot();
        assertTrue(first.contains("# package") && first.contains(a.digest()) && first.contains("2026-01-01T00:01:00Z"), first);
        assertTrue(first.contains("multi\\nline\\twith tab"), first);
        assertFalse(first.contains("indexer\t15"), "checkpoints are not content");
        // The descriptor rows get other surrogate ids the second time: the snapshot must not show them.
        cat = TestCatalogue.empty();
        backwards(cat);
        assertEquals(first, cat.snapshot());
    }

    @Test
    void oneChangeChangesTheSnapshot() {
        PostgresCatalogue cat = TestCatalogue.empty();
        forwards(cat);
        String first = cat.snapshot();
        cat.setReputation(a.digest(), 0.6, 2, 20, Fixtures.T0.plusSeconds(20));
        assertNotEquals(first, cat.snapshot());
        String second = cat.snapshot();
        cat.putVerification(new VerificationEntry(b.digest(), "portal", true, List.of(), List.of(), Fixtures.T0));
        assertNotEquals(second, cat.snapshot());
    }
}
