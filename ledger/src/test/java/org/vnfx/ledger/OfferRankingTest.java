package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.OfferRanking.Candidate;
import org.vnfx.ledger.suite.Requirements;

/**
 * The orchestrator's ranking (org.vnfx.ledger.OfferRanking). It lives here only because ledger/src/test
 * belonged to another change when it was written; it has no CLI dependency and can move there as is.
 */
class OfferRankingTest {
    static final BigInteger WAD = BigInteger.TEN.pow(18);
    static final Requirements SMALL = new Requirements(500, 256, 100);
    static final Requirements BIG = new Requirements(8000, 16384, 1000);

    static Candidate c(int id, boolean operatorOwned, String reputation, long price, Requirements needs) {
        byte[] digest = new byte[32];
        digest[0] = (byte) id;
        BigInteger rep = new java.math.BigDecimal(reputation).multiply(new java.math.BigDecimal(WAD)).toBigIntegerExact();
        return new Candidate(digest, "0x" + "0".repeat(39) + id, operatorOwned, rep, BigInteger.valueOf(price), needs);
    }

    static int id(Candidate c) {
        return c.packageDigest()[0];
    }

    @Test
    void operatorOwnedFirstThenReputationThenPrice() {
        Candidate cheapThirdParty = c(1, false, "0.9", 1, SMALL);
        Candidate operatorLowRep = c(2, true, "0.1", 100, SMALL);
        Candidate bestRep = c(3, false, "0.95", 50, SMALL);
        Candidate sameRepCheaper = c(4, false, "0.95", 10, SMALL);
        List<Candidate> ranked = OfferRanking.rank(List.of(cheapThirdParty, operatorLowRep, bestRep, sameRepCheaper));
        assertEquals(List.of(2, 4, 3, 1), ranked.stream().map(OfferRankingTest::id).toList());
    }

    @Test
    void tiesAreBrokenByDigestSoEveryOrchestratorAgrees() {
        Candidate a = c(7, false, "0.5", 10, SMALL);
        Candidate b = c(5, false, "0.5", 10, SMALL);
        assertEquals(List.of(5, 7), OfferRanking.rank(List.of(a, b)).stream().map(OfferRankingTest::id).toList());
        assertEquals(List.of(5, 7), OfferRanking.rank(List.of(b, a)).stream().map(OfferRankingTest::id).toList());
    }

    @Test
    void bestSkipsOffersThatDoNotFitTheFreeResources() {
        Candidate operatorBig = c(1, true, "1.0", 1, BIG);
        Candidate thirdPartySmall = c(2, false, "0.2", 99, SMALL);
        Requirements free = new Requirements(1000, 1024, 500);
        assertEquals(2, id(OfferRanking.best(List.of(operatorBig, thirdPartySmall), free).orElseThrow()));
        assertEquals(1, id(OfferRanking.best(List.of(operatorBig, thirdPartySmall), BIG).orElseThrow()));
        assertTrue(OfferRanking.best(List.of(operatorBig), free).isEmpty());
        assertTrue(OfferRanking.best(List.of(), BIG).isEmpty());
    }

    @Test
    void candidatesDoNotShareTheirDigest() {
        Candidate a = c(1, false, "0.5", 1, SMALL);
        a.packageDigest()[0] = 9;
        assertEquals(1, id(a));
    }
}
