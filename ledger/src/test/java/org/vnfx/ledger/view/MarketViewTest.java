package org.vnfx.ledger.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.Market.IdentityStatus;
import org.vnfx.ledger.Market.OfferStatus;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;

/** The view of a small market agrees with what each actor did: identities, offers, deployments, MEC nodes, money, licences. */
class MarketViewTest {
    static final Requirements NEEDS = new Requirements(500, 256, 100);
    static final BigInteger PRICE = BigInteger.TEN.pow(15);
    static TestMarket market;

    @BeforeAll
    static void chain() throws Exception {
        market = TestMarket.start();
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    @Test
    void everyActorsActionShowsInTheView() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = market.actor("mec", Role.MEC);
        mec.market().publishResources(new Requirements(4000, 8192, 10_000));
        Actor customer = market.actor("customer", Role.CUSTOMER);
        Actor pending = market.registered("pending-validator", Role.VALIDATOR);
        OfferTerms accepted = market.acceptedOffer(provider, TestMarket.uniqueFunction("view"), NEEDS, 1_000);
        OfferTerms advertised = TestMarket.terms(TestMarket.uniqueFunction("view"), NEEDS, 2_000);
        provider.market().advertise(advertised);
        BigInteger running = market.running(mec, accepted);
        BigInteger requested = market.requested(mec, accepted);
        new Licensing(market.chain, market.record, provider.account()).setTerms(accepted.packageDigest(),
                new Licensing.Terms(false, 0, 0, PRICE, 2));
        new Licensing(market.chain, market.record, customer.account()).buy(accepted.packageDigest());

        MarketView v = MarketView.read(market.chain, market.record, 1);

        assertEquals(market.chain.blockNumber(), v.block());
        assertTrue(v.members().contains(new MarketView.Member(lower(pending.address()), Role.VALIDATOR, IdentityStatus.PENDING,
                market.operator.market().identity(pending.address()).registeredAt.longValueExact())));
        assertEquals(Role.OPERATOR, v.members().get(0).role(), "the deployer comes first");

        String digest = "0x" + HexFormat.of().formatHex(accepted.packageDigest());
        MarketView.OfferState offer = v.offers().stream().filter(o -> o.digest().equals(digest)).findFirst().orElseThrow();
        assertEquals(List.of(accepted.functionType(), lower(provider.address()), OfferStatus.ACCEPTED, BigInteger.valueOf(1_000)),
                List.of(offer.function(), offer.provider(), offer.status(), offer.basePricePerSecond()));
        assertEquals(new Attestation.Tally(0, 0, 0, true), offer.tally());
        assertTrue(v.offers().stream().anyMatch(o -> o.status() == OfferStatus.ADVERTISED
                && o.digest().equals("0x" + HexFormat.of().formatHex(advertised.packageDigest()))));

        assertEquals(requested.longValueExact(), v.deploymentCount());
        assertEquals(1, v.deployments().size(), "only the latest one was asked for");
        MarketView.DeploymentState last = v.deployments().get(0);
        assertEquals(List.of(requested, lower(mec.address()), DeploymentStatus.REQUESTED), List.of(last.id(), last.mec(), last.status()));
        assertNull(last.offer(), "a request has no offer before its grant");
        MarketView.DeploymentState first = MarketView.read(market.chain, market.record, 2).deployments().get(0);
        assertEquals(List.of(running, DeploymentStatus.RUNNING, digest), List.of(first.id(), first.status(), first.offer()));

        MarketView.MecNode node = v.mecNodes().stream().filter(n -> n.address().equals(lower(mec.address()))).findFirst().orElseThrow();
        assertEquals(market.operator.market().freeResources(mec.address()), node.free(), "the running VNF's resources are reserved");

        MarketView.Earnings earned = v.money().providers().stream().filter(e -> e.provider().equals(lower(provider.address()))).findFirst().orElseThrow();
        assertEquals(PRICE, earned.licenceSales());
        assertEquals(market.operator.market().balanceOf(provider.address()), earned.sessions());
        assertEquals(market.operator.market().escrow(), v.money().escrow());

        MarketView.LicenceHolding held = v.licences().stream().filter(h -> h.customer().equals(lower(customer.address()))).findFirst().orElseThrow();
        assertEquals(digest, held.packageDigest());
        assertTrue(held.licence().bought());
        assertEquals(2, held.licence().privateSlots());
    }
}
