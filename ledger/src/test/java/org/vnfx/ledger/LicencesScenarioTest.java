package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.vnfx.contracts.Licences;
import org.vnfx.contracts.Settlement;
import org.vnfx.ledger.Licensing.Instance;
import org.vnfx.ledger.Licensing.Kind;
import org.vnfx.ledger.Licensing.Licence;
import org.vnfx.ledger.Licensing.Terms;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.ContractRevertException;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Each licence type through its whole life on a real anvil: terms, acquisition (and payment), slot use and
 * release, trial expiry, and every refusal, each of which must leave the nonce and every licence view as it was.
 */
class LicencesScenarioTest {
    static final BigInteger PRICE = TestMarket.ETHER.divide(BigInteger.valueOf(100)); // 0.01 ether
    static final Requirements NEEDS = new Requirements(500, 256, 100);

    static TestMarket market;
    static Actor provider, otherProvider, alice, bob, mec, stranger;
    static String settlement;

    @BeforeAll
    static void chain() throws Exception {
        market = TestMarket.start();
        provider = market.actor("provider", Role.PROVIDER);
        otherProvider = market.actor("other provider", Role.PROVIDER);
        alice = market.actor("alice", Role.CUSTOMER);
        bob = market.actor("bob", Role.CUSTOMER);
        mec = market.actor("mec", Role.MEC);
        stranger = market.stranger("stranger");
        settlement = market.record.address("Settlement");
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    static Licensing licensing(Actor a) {
        return new Licensing(market.chain, market.record, a.account());
    }

    /** An accepted offer of the provider with these terms set. */
    static byte[] packageWith(Terms terms) throws Exception {
        OfferTerms offer = market.acceptedOffer(provider, TestMarket.uniqueFunction("lic"), NEEDS, 1_000);
        licensing(provider).setTerms(offer.packageDigest(), terms);
        return offer.packageDigest();
    }

    static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    static long now() throws Exception {
        return market.chain.blockTime(market.chain.blockNumber()).getEpochSecond();
    }

    /** Every licence view that a refused call could touch, for one package. */
    static Views state(byte[] digest) {
        Views v = new Views(market.chain.web3j())
                .etherBalance("settlement ether", settlement)
                .add("terms", () -> licensing(alice).terms(digest))
                .add("instance count", () -> licensing(alice).instanceCount())
                .add("settlement pool", () -> market.operator.market().escrow() + "/" + market.operator.market().owed())
                .add("provider balance", () -> market.operator.market().balanceOf(provider.address()))
                .add("provider licence earnings", () -> licensing(provider).earnings(provider.address()))
                .etherBalance("licences ether", market.record.address("Licences"));
        for (Actor a : List.of(alice, bob, mec, stranger)) {
            v.add("licence " + a.name(), () -> licensing(a).licence(a.address(), digest));
            v.etherBalance("ether " + a.name(), a.address());
        }
        return v;
    }

    /** The call is refused by its pre-flight with exactly this error; nothing was sent and no view moved. */
    static ContractRevertException refused(Actor caller, byte[] digest, String function, String error, Executable call) throws Exception {
        Views views = state(digest);
        Map<String, String> before = views.read();
        BigInteger nonce = market.nonce(caller.address());
        ContractRevertException e = Reverts.expect(function, error, call);
        assertEquals(nonce, market.nonce(caller.address()), "the pre-flight sent nothing");
        assertEquals(before, views.read(), "a refused " + function + " changes nothing");
        return e;
    }

    static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    static BigInteger fee(TransactionReceipt r) {
        return r.getGasUsed().multiply(new BigInteger(r.getEffectiveGasPrice().substring(2), 16));
    }

    @Test
    void aPublicLicenceIsFreeAndUnlimited() throws Exception {
        byte[] digest = packageWith(new Terms(true, 0, 0, BigInteger.ZERO, 0));
        Licensing a = licensing(alice);

        BigInteger count = a.instanceCount();
        Instance[] running = new Instance[5];
        for (int i = 0; i < running.length; i++) {
            TransactionReceipt r = a.instantiate(digest);
            running[i] = Licensing.instanceOf(r);
            assertEquals(Kind.PUBLIC, running[i].kind());
            assertEquals(alice.address(), running[i].customer());
            assertEquals(count.longValueExact() + i + 1, running[i].sequence());
            assertEquals(hex(digest), hex(a.instancePackage(running[i].id())));
            assertTrue(Licences.getTrialActivatedEvents(r).isEmpty());
        }
        assertEquals(new Licence(BigInteger.ZERO, 0, 0, 0, 0, 0, 0, 0), a.licence(alice.address(), digest),
                "a public licence is not acquired: nothing is recorded for the customer");

        var e = refused(bob, digest, "Licences.terminate", "NotInstanceOwner", () -> licensing(bob).terminate(running[0].id()));
        assertEquals(bob.address(), e.arguments().get("caller"));
        refused(mec, digest, "Licences.instantiate", "NotCustomer", () -> licensing(mec).instantiate(digest));
        refused(stranger, digest, "Licences.instantiate", "NotCustomer", () -> licensing(stranger).instantiate(digest));
        refused(alice, digest, "Licences.buy", "NotForSale", () -> a.buy(digest, BigInteger.ZERO));

        for (Instance i : running) {
            var ended = Licences.getInstanceEndedEvents(a.terminate(i.id())).get(0);
            assertEquals(i.id(), ended.instanceId);
            assertEquals(BigInteger.ONE, ended.kind);
            assertNull(a.instancePackage(i.id()));
        }
        e = refused(alice, digest, "Licences.terminate", "UnknownInstance", () -> a.terminate(running[0].id()));
        assertEquals(running[0].id(), e.arguments().get("instanceId"));
    }

    @Test
    void aTrialActivatesAtFirstUseHoldsItsSlotsAndExpires() throws Exception {
        byte[] digest = packageWith(new Terms(false, 3600, 2, PRICE, 1));
        Licensing a = licensing(alice);
        assertFalse(a.licence(alice.address(), digest).trialActivated());

        TransactionReceipt first = a.instantiate(digest);
        long start = now();
        var activated = Licences.getTrialActivatedEvents(first);
        assertEquals(1, activated.size(), "the first instantiation activates the trial silently");
        assertEquals(big(start), activated.get(0).start);
        assertEquals(big(start + 3600), activated.get(0).expiry);
        Instance one = Licensing.instanceOf(first);
        assertEquals(Kind.TRIAL, one.kind());
        assertEquals(new Licence(BigInteger.ZERO, 0, 0, 0, start, start + 3600, 2, 1), a.licence(alice.address(), digest));

        TransactionReceipt second = a.instantiate(digest);
        assertTrue(Licences.getTrialActivatedEvents(second).isEmpty(), "activated once only");
        Instance two = Licensing.instanceOf(second);
        assertEquals(2, a.licence(alice.address(), digest).trialInUse());

        var full = refused(alice, digest, "Licences.instantiate", "SlotsFull", () -> a.instantiate(digest));
        assertEquals(Map.of("packageDigest", hex(digest), "customer", alice.address(), "kind", big(Kind.TRIAL.ordinal()),
                "inUse", big(2), "slots", big(2)), full.arguments());

        a.terminate(one.id());
        assertEquals(1, a.licence(alice.address(), digest).trialInUse(), "terminating frees the slot");
        Instance three = Licensing.instanceOf(a.instantiate(digest));

        // New terms reach later activations only: alice keeps her period and slots, bob gets the new ones.
        licensing(provider).setTerms(digest, new Terms(false, 60, 5, PRICE, 1));
        refused(alice, digest, "Licences.instantiate", "SlotsFull", () -> a.instantiate(digest));
        assertEquals(start + 3600, a.licence(alice.address(), digest).trialExpiry());
        licensing(bob).instantiate(digest);
        Licence bobs = licensing(bob).licence(bob.address(), digest);
        assertEquals(5, bobs.trialSlots());
        assertEquals(bobs.trialStart() + 60, bobs.trialExpiry());

        a.terminate(two.id());
        market.advanceSeconds(3600);
        long later = now();
        assertTrue(later >= start + 3600);
        var expired = refused(alice, digest, "Licences.instantiate", "TrialExpired", () -> a.instantiate(digest));
        assertEquals(big(start + 3600), expired.arguments().get("expiry"));
        // The pre-flight simulates on the next block, whose time is at least the latest one's.
        assertTrue(((BigInteger) expired.arguments().get("time")).longValueExact() >= later, expired.getMessage());

        a.terminate(three.id());
        assertEquals(0, a.licence(alice.address(), digest).trialInUse(), "an expired trial's instances can still be terminated");
        refused(alice, digest, "Licences.instantiate", "TrialExpired", () -> a.instantiate(digest));
    }

    @Test
    void aPrivateLicenceIsBoughtPaidToTheProviderAndLimitsSlots() throws Exception {
        byte[] digest = packageWith(new Terms(false, 0, 0, PRICE, 2));
        Licensing a = licensing(alice);
        Market op = market.operator.market();

        refused(alice, digest, "Licences.instantiate", "NoLicence", () -> a.instantiate(digest));
        var wrong = refused(alice, digest, "Licences.buy", "WrongPayment", () -> a.buy(digest, PRICE.subtract(BigInteger.ONE)));
        assertEquals(PRICE.subtract(BigInteger.ONE), wrong.arguments().get("sent"));
        assertEquals(PRICE, wrong.arguments().get("price"));
        refused(alice, digest, "Licences.buy", "WrongPayment", () -> a.buy(digest, PRICE.add(BigInteger.ONE)));
        refused(stranger, digest, "Licences.buy", "NotCustomer", () -> licensing(stranger).buy(digest, PRICE));
        refused(mec, digest, "Licences.buy", "NotCustomer", () -> licensing(mec).buy(digest, PRICE));

        BigInteger aliceBefore = market.chain.balance(alice.address());
        String licencesAddress = market.record.address("Licences");
        BigInteger owedBefore = licensing(provider).earnings(provider.address());
        BigInteger heldBefore = market.chain.balance(licencesAddress);
        BigInteger settlementBefore = market.chain.balance(settlement);
        TransactionReceipt bought = a.buy(digest);
        long at = now();
        assertEquals(aliceBefore.subtract(PRICE).subtract(fee(bought)), market.chain.balance(alice.address()), "alice pays the price and gas");
        assertEquals(owedBefore.add(PRICE), licensing(provider).earnings(provider.address()), "the provider is owed the price");
        assertEquals(heldBefore.add(PRICE), market.chain.balance(licencesAddress), "the ether is held by Licences");
        assertEquals(market.chain.balance(licencesAddress), licencesEarnings(), "held == what providers are owed");
        assertEquals(settlementBefore, market.chain.balance(settlement), "a sale does not touch the escrow");
        var acquired = Licences.getLicenceAcquiredEvents(bought).get(0);
        assertEquals(List.of(hex(digest), alice.address(), provider.address(), PRICE, big(2)),
                List.of(hex(acquired.packageDigest), acquired.customer, acquired.provider, acquired.paid, acquired.slots));
        assertEquals(new Licence(PRICE, at, 2, 0, 0, 0, 0, 0), a.licence(alice.address(), digest));

        var again = refused(alice, digest, "Licences.buy", "AlreadyLicensed", () -> a.buy(digest, PRICE));
        assertEquals(alice.address(), again.arguments().get("customer"));
        refused(bob, digest, "Licences.instantiate", "NoLicence", () -> licensing(bob).instantiate(digest));

        Instance one = Licensing.instanceOf(a.instantiate(digest));
        Instance two = Licensing.instanceOf(a.instantiate(digest));
        assertEquals(Kind.PRIVATE, one.kind());
        assertNotEquals(one.id(), two.id());
        var full = refused(alice, digest, "Licences.instantiate", "SlotsFull", () -> a.instantiate(digest));
        assertEquals(List.of(big(Kind.PRIVATE.ordinal()), big(2), big(2)),
                List.of(full.arguments().get("kind"), full.arguments().get("inUse"), full.arguments().get("slots")));
        a.terminate(one.id());
        assertEquals(1, a.licence(alice.address(), digest).privateInUse());

        // Dearer, smaller terms do not touch the licence alice holds; taking private off stops new sales only.
        licensing(provider).setTerms(digest, new Terms(false, 0, 0, PRICE.shiftLeft(1), 1));
        a.instantiate(digest);
        assertEquals(new Licence(PRICE, at, 2, 2, 0, 0, 0, 0), a.licence(alice.address(), digest));
        licensing(provider).setTerms(digest, new Terms(true, 0, 0, BigInteger.ZERO, 0));
        refused(bob, digest, "Licences.buy", "NotForSale", () -> licensing(bob).buy(digest, PRICE));
        refused(alice, digest, "Licences.instantiate", "SlotsFull", () -> a.instantiate(digest));
        a.terminate(two.id());
        assertEquals(Kind.PRIVATE, Licensing.instanceOf(a.instantiate(digest)).kind(), "a bought licence is used before the public one");

        // The provider takes out exactly what its sales earned, and nobody else can.
        refused(otherProvider, digest, "Licences.withdraw", "NothingToWithdraw", () -> licensing(otherProvider).withdraw());
        BigInteger owed = licensing(provider).earnings(provider.address());
        BigInteger before = market.chain.balance(provider.address());
        TransactionReceipt w = licensing(provider).withdraw();
        assertEquals(before.add(owed).subtract(fee(w)), market.chain.balance(provider.address()));
        var withdrawn = Licences.getWithdrawnEvents(w).get(0);
        assertEquals(List.of(provider.address(), owed), List.of(withdrawn.provider, withdrawn.amount));
        assertEquals(BigInteger.ZERO, licensing(provider).earnings(provider.address()));
        assertEquals(market.chain.balance(licencesAddress), licencesEarnings(), "held == what providers are owed, after the withdrawal");
        refused(provider, digest, "Licences.withdraw", "NothingToWithdraw", () -> licensing(provider).withdraw());
        assertEquals(op.escrow().add(op.owed()), market.chain.balance(settlement), "Settlement's own books are untouched");
    }

    /** What Licences must hold: the earnings of every provider that sells licences on this chain (this class's two). */
    static BigInteger licencesEarnings() throws Exception {
        BigInteger sum = BigInteger.ZERO;
        for (Actor p : List.of(provider, otherProvider)) sum = sum.add(licensing(p).earnings(p.address()));
        return sum;
    }

    @Test
    void onlyTheOffersProviderSetsSoundTermsOnAnOpenOffer() throws Exception {
        OfferTerms offer = market.acceptedOffer(provider, TestMarket.uniqueFunction("lic"), NEEDS, 1_000);
        byte[] digest = offer.packageDigest();
        Terms open = new Terms(true, 0, 0, BigInteger.ZERO, 0);
        for (Actor a : List.of(otherProvider, alice, market.operator)) {
            var e = refused(a, digest, "Licences.setTerms", "NotOfferProvider", () -> licensing(a).setTerms(digest, open));
            assertEquals(a.address(), e.arguments().get("caller"));
        }
        byte[] unknown = TestMarket.randomDigest();
        refused(provider, unknown, "Licences.setTerms", "NotOfferProvider", () -> licensing(provider).setTerms(unknown, open));
        for (Terms bad : List.of(
                new Terms(false, 60, 0, BigInteger.ZERO, 0),                                          // a period without slots
                new Terms(false, 0, 2, BigInteger.ZERO, 0),                                          // slots without a period
                new Terms(false, 0, 0, PRICE, 0))) {                                                 // a price without slots
            var e = refused(provider, digest, "Licences.setTerms", "InvalidTerms", () -> licensing(provider).setTerms(digest, bad));
            assertEquals(big(bad.kinds()), e.arguments().get("kinds"));
        }
        refused(alice, digest, "Licences.instantiate", "NoLicence", () -> licensing(alice).instantiate(digest));

        var set = Licences.getTermsSetEvents(licensing(provider).setTerms(digest, new Terms(true, 86_400, 3, PRICE, 4))).get(0);
        assertEquals(List.of(big(7), big(86_400), big(3), PRICE, big(4)), List.of(set.kinds, set.trialPeriod, set.trialSlots, set.privatePrice, set.privateSlots));
        assertEquals(new Licensing.PackageTerms(provider.address(), new Terms(true, 86_400, 3, PRICE, 4)), licensing(bob).terms(digest));
        // Public and trial both offered: the free, unlimited licence is used and no trial is spent.
        assertEquals(Kind.PUBLIC, Licensing.instanceOf(licensing(alice).instantiate(digest)).kind());
        assertFalse(licensing(alice).licence(alice.address(), digest).trialActivated());

        // An advertised offer may get terms; a rejected or retired one may not.
        OfferTerms advertised = TestMarket.terms(TestMarket.uniqueFunction("lic"), NEEDS, 1_000);
        provider.market().advertise(advertised);
        licensing(provider).setTerms(advertised.packageDigest(), open);
        market.operator.market().reject(advertised.packageDigest());
        var closed = refused(provider, advertised.packageDigest(), "Licences.setTerms", "OfferClosed",
                () -> licensing(provider).setTerms(advertised.packageDigest(), open));
        assertEquals(big(Market.OfferStatus.REJECTED.ordinal()), closed.arguments().get("status"));
        provider.market().retire(digest);
        closed = refused(provider, digest, "Licences.setTerms", "OfferClosed", () -> licensing(provider).setTerms(digest, open));
        assertEquals(big(Market.OfferStatus.RETIRED.ordinal()), closed.arguments().get("status"));
    }
}
