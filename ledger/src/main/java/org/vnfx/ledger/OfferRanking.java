package org.vnfx.ledger;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.vnfx.contracts.Offers;
import org.vnfx.ledger.suite.Requirements;

/**
 * How the orchestrator picks an offer for a request (DESIGN.md, flow 3): among the accepted offers of
 * the requested function that fit the MEC node's free resources, operator-owned offers first, then the
 * higher reputation, then the lower base price; the package digest breaks remaining ties so that every
 * orchestrator picks the same offer from the same chain state.
 */
public final class OfferRanking {
    private OfferRanking() {}

    /** One offer as the ranking sees it. */
    public record Candidate(
            byte[] packageDigest, String provider, boolean operatorOwned, BigInteger reputation, BigInteger basePricePerSecond,
            Requirements requirements) {
        public Candidate {
            packageDigest = packageDigest.clone();
        }

        @Override
        public byte[] packageDigest() {
            return packageDigest.clone();
        }

        /** The candidate for an offer read from the Offers contract. */
        public static Candidate of(byte[] packageDigest, Offers.Offer o) {
            return new Candidate(packageDigest, o.provider, o.operatorOwned, o.reputation, o.basePricePerSecond,
                    new Requirements(o.vcpuMillis.longValueExact(), o.memoryMiB.longValueExact(), o.diskMiB.longValueExact()));
        }
    }

    /** Best first. */
    public static final Comparator<Candidate> ORDER = Comparator
            .comparing(Candidate::operatorOwned).reversed()
            .thenComparing(Candidate::reputation, Comparator.reverseOrder())
            .thenComparing(Candidate::basePricePerSecond)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.packageDigest, b.packageDigest));

    /** All candidates, best first. */
    public static List<Candidate> rank(Collection<Candidate> candidates) {
        return candidates.stream().sorted(ORDER).toList();
    }

    /** The best candidate that fits in {@code free}, if any. */
    public static Optional<Candidate> best(Collection<Candidate> candidates, Requirements free) {
        return candidates.stream().filter(c -> c.requirements().fitsIn(free)).min(ORDER);
    }

    /** True when an offer may be granted for {@code functionType} at all: accepted, same function. */
    public static boolean eligible(Offers.Offer o, String functionType) {
        return o.status.intValueExact() == Market.OfferStatus.ACCEPTED.ordinal()
                && org.vnfx.ledger.suite.FunctionType.fromBytes32(o.functionType).equals(functionType);
    }
}
