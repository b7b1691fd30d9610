package org.vnfx.ledger.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;

/** A topic-filtered read gives exactly what filtering the whole trail gives, and nothing of other actors or offers. */
class TrailTest {
    @Test
    void anEventSelectedByItsIndexedArgumentsIsWhatTheWholeTrailHolds() throws Exception {
        try (TestMarket market = TestMarket.start()) {
            Actor first = market.actor("first", Role.PROVIDER);
            Actor second = market.actor("second", Role.PROVIDER);
            Actor mec = market.actor("mec", Role.MEC);
            Requirements needs = new Requirements(100, 64, 64);
            OfferTerms a = market.acceptedOffer(first, TestMarket.uniqueFunction("a"), needs, 1);
            market.acceptedOffer(second, TestMarket.uniqueFunction("b"), needs, 1);
            OfferTerms c = market.acceptedOffer(first, TestMarket.uniqueFunction("c"), needs, 1);
            mec.market().publishResources(new Requirements(1000, 1024, 1024));
            market.granted(mec, a);
            market.granted(mec, c);
            market.granted(mec, a);

            Trail trail = new Trail(market.chain, market.record);
            List<TrailEvent> all = trail.all();
            String provider = first.address().toLowerCase(Locale.ROOT);
            List<TrailEvent> advertised = trail.of("Offers", Offers.OFFERADVERTISED_EVENT, null, Trail.topic(first.address()));
            assertEquals(all.stream().filter(e -> e.event().equals("OfferAdvertised") && provider.equals(e.arg("provider"))).toList(), advertised);
            assertEquals(2, advertised.size());

            String offer = "0x" + HexFormat.of().formatHex(a.packageDigest());
            List<TrailEvent> granted = trail.of("Orchestration", Orchestration.DEPLOYMENTGRANTED_EVENT, null, null, offer);
            assertEquals(all.stream().filter(e -> e.event().equals("DeploymentGranted") && offer.equals(e.arg("offer"))).toList(), granted);
            assertEquals(2, granted.size());
        }
    }
}
