package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.portal.PortalServer;

/**
 * The customer's actions over real HTTP on the shared marketplace, each offer and actor the test's own: acquiring
 * (a trial by its first instance, a private licence by buying it), instantiating and terminating, the chain's
 * refusals as 409s naming the custom error, a provider's portal refused with 403 and nothing sent, and the wallet API
 * preparing what a browser wallet signs (gate, pre-flight, encoding) without the portal signing anything.
 */
class CustomerApiTest {
    static final Licensing.Terms TRIAL = new Licensing.Terms(false, 86_400, 1, BigInteger.ZERO, 0);
    static final Licensing.Terms PRIVATE = new Licensing.Terms(false, 0, 0, BigInteger.valueOf(7_000), 1);

    static Marketplace m;
    static TestMarket.Actor seller;
    static TestMarket.Actor shopper;
    static PortalServer customer;
    static PortalServer provider;
    static String trial;
    static String sale;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        seller = m.market().actor("customer-api-seller", Role.PROVIDER);
        shopper = m.market().actor("customer-api-shopper", Role.CUSTOMER);
        trial = offer(m, seller, TRIAL);
        sale = offer(m, seller, PRIVATE);
        customer = m.portalOf(shopper);
        provider = m.portalOf(seller);
    }

    @AfterAll
    static void stop() {
        if (customer != null) customer.close();
        if (provider != null) provider.close();
    }

    /** An accepted offer of the provider's with these terms (a digest of its own: no package needed for licences). */
    static String offer(Marketplace m, TestMarket.Actor provider, Licensing.Terms terms) throws Exception {
        byte[] d = m.market().acceptedOffer(provider, TestMarket.uniqueFunction("ns"), new Requirements(1, 1, 1), 1).packageDigest();
        new Licensing(m.market().chain, m.market().record, provider.account()).setTerms(d, terms);
        return HexFormat.of().formatHex(d);
    }

    static Licensing.Licence held(Marketplace m, TestMarket.Actor who, String digest) throws Exception {
        return new Licensing(m.market().chain, m.market().record, who.account()).licence(who.address(), HexFormat.of().parseHex(digest));
    }

    static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode n : list) if (n.path(field).asText().equals(value)) return n;
        return null;
    }

    static JsonNode post(PortalServer portal, String path) throws Exception {
        return ProviderApiTest.ok(ProviderApiTest.call(portal, "POST", path, null), 200);
    }

    @Test
    void acceptedOffersWithTermsAreListedInPlainFields() throws Exception {
        assertEquals(shopper.address().toLowerCase(), ProviderApiTest.ok(ProviderApiTest.call(customer, "GET", "/api/customer/offers", null), 200)
                .path("account").asText(), "the portal's user by default");
        // Another account's view (one that holds nothing here, whatever the other tests did first).
        String nobody = m.market().operator.address();
        JsonNode offers = ProviderApiTest.ok(ProviderApiTest.call(customer, "GET", "/api/customer/offers?account=" + nobody, null), 200);
        assertEquals(nobody.toLowerCase(), offers.path("account").asText());
        JsonNode t = find(offers.path("offers"), "digest", trial);
        assertNotNull(t, offers.toString());
        assertEquals(86_400, t.path("terms").path("trial").path("seconds").asInt());
        assertEquals(1, t.path("terms").path("trial").path("slots").asInt());
        assertEquals("trial", t.path("instantiateUses").asText());
        JsonNode p = find(offers.path("offers"), "digest", sale);
        assertEquals("7000", p.path("terms").path("private").path("priceWei").asText());
        assertTrue(p.path("instantiateUses").isNull(), "a private licence must be bought first: " + p);
        JsonNode ids = find(offers.path("offers"), "digest", m.ids());
        assertEquals("suricata-ids", ids.path("product").asText(), "named from the catalogue");

        assertEquals("account", CatalogueApiTest.problem(ProviderApiTest.call(customer, "GET", "/api/customer/offers?account=bob", null), 400)
                .path("invalid-params").get(0).path("name").asText());
    }

    @Test
    void aTrialIsActivatedByTheFirstInstanceItsSlotsAreEnforcedAndTerminateFreesThem() throws Exception {
        JsonNode started = post(customer, "/api/customer/offers/" + trial + "/instantiate");
        assertEquals("trial", started.path("instance").path("kind").asText());
        assertTrue(started.has("trialActivatedUntil"), started.toString());
        String id = started.path("instance").path("id").asText();
        assertEquals(trial, HexFormat.of().formatHex(new Licensing(m.market().chain, m.market().record, shopper.account())
                .instancePackage(CustomerApi.instanceId(id))), "the instance runs on chain");
        Licensing.Licence l = held(m, shopper, trial);
        assertTrue(l.trialActivated());
        assertEquals(1, l.trialInUse());

        BigInteger before = m.market().nonce(shopper.address());
        JsonNode full = CatalogueApiTest.problem(ProviderApiTest.call(customer, "POST", "/api/customer/offers/" + trial + "/instantiate", null), 409);
        assertEquals("SlotsFull", full.path("error").asText());
        assertTrue(full.path("detail").asText().contains("SlotsFull"), full.toString());
        assertEquals("1", full.path("arguments").path("slots").asText());
        assertEquals(before, m.market().nonce(shopper.address()), "a refusal sends nothing");

        JsonNode mine = ProviderApiTest.ok(ProviderApiTest.call(customer, "GET", "/api/customer/licences", null), 200);
        JsonNode licence = find(mine.path("licences"), "digest", trial);
        assertEquals("trial", licence.path("type").asText());
        assertEquals(1, licence.path("inUse").asInt());
        assertEquals(1, licence.path("slots").asInt());
        assertFalse(licence.path("expired").asBoolean());
        assertEquals(started.path("trialActivatedUntil").asText(), licence.path("expiresAt").asText());
        assertEquals(id, find(mine.path("instances"), "digest", trial).path("id").asText());

        assertEquals(id, post(customer, "/api/customer/instances/" + id + "/terminate").path("instance").asText());
        assertEquals(0, held(m, shopper, trial).trialInUse());
        assertNull(new Licensing(m.market().chain, m.market().record, shopper.account()).instancePackage(CustomerApi.instanceId(id)));
        JsonNode after = ProviderApiTest.ok(ProviderApiTest.call(customer, "GET", "/api/customer/licences", null), 200);
        assertNull(find(after.path("instances"), "id", id), after.toString());
        assertEquals("UnknownInstance", CatalogueApiTest.problem(ProviderApiTest.call(customer, "POST", "/api/customer/instances/" + id + "/terminate", null), 409)
                .path("error").asText());
    }

    @Test
    void aPrivateLicenceIsBoughtAtItsPriceAndThenInstantiated() throws Exception {
        JsonNode refused = CatalogueApiTest.problem(ProviderApiTest.call(customer, "POST", "/api/customer/offers/" + sale + "/instantiate", null), 409);
        assertEquals("NoLicence", refused.path("error").asText());

        JsonNode bought = post(customer, "/api/customer/offers/" + sale + "/buy");
        assertTrue(bought.path("licence").path("bought").asBoolean(), bought.toString());
        Licensing.Licence l = held(m, shopper, sale);
        assertEquals(BigInteger.valueOf(7_000), l.paid());
        assertEquals(1, l.privateSlots());
        assertEquals("AlreadyLicensed", CatalogueApiTest.problem(ProviderApiTest.call(customer, "POST", "/api/customer/offers/" + sale + "/buy", null), 409)
                .path("error").asText());

        JsonNode started = post(customer, "/api/customer/offers/" + sale + "/instantiate");
        assertEquals("private", started.path("instance").path("kind").asText());
        assertEquals(1, held(m, shopper, sale).privateInUse());
        JsonNode mine = ProviderApiTest.ok(ProviderApiTest.call(customer, "GET", "/api/customer/licences", null), 200);
        JsonNode licence = find(mine.path("licences"), "digest", sale);
        assertEquals("private", licence.path("type").asText());
        assertEquals("7000", licence.path("paidWei").asText());
        assertTrue(licence.path("expiresAt").isNull());
        assertEquals("SlotsFull", CatalogueApiTest.problem(ProviderApiTest.call(customer, "POST", "/api/customer/offers/" + sale + "/instantiate", null), 409)
                .path("error").asText());
        post(customer, "/api/customer/instances/" + started.path("instance").path("id").asText() + "/terminate");
        assertEquals(0, held(m, shopper, sale).privateInUse());
    }

    @Test
    void aPublicLicenceNeedsNoAcquisitionAndHoldsNoSlot() throws Exception {
        String open = offer(m, seller, new Licensing.Terms(true, 0, 0, BigInteger.ZERO, 0));
        JsonNode offers = ProviderApiTest.ok(ProviderApiTest.call(customer, "GET", "/api/customer/offers", null), 200);
        assertEquals("public", find(offers.path("offers"), "digest", open).path("instantiateUses").asText());
        JsonNode first = post(customer, "/api/customer/offers/" + open + "/instantiate");
        JsonNode second = post(customer, "/api/customer/offers/" + open + "/instantiate");
        assertEquals("public", first.path("instance").path("kind").asText());
        assertFalse(second.has("trialActivatedUntil"));
        JsonNode mine = ProviderApiTest.ok(ProviderApiTest.call(customer, "GET", "/api/customer/licences", null), 200);
        assertNull(find(mine.path("licences"), "digest", open), "a public licence is not held: " + mine);
        int running = 0;
        for (JsonNode i : mine.path("instances")) if (i.path("digest").asText().equals(open)) running++;
        assertEquals(2, running);
        post(customer, "/api/customer/instances/" + first.path("instance").path("id").asText() + "/terminate");
        post(customer, "/api/customer/instances/" + second.path("instance").path("id").asText() + "/terminate");
    }

    @Test
    void aProvidersPortalIsRefusedEveryCustomerActionWith403AndNothingChanges() throws Exception {
        BigInteger before = m.market().nonce(seller.address());
        for (String action : List.of("/api/customer/offers/" + sale + "/buy", "/api/customer/offers/" + trial + "/instantiate",
                "/api/customer/instances/0x01/terminate")) {
            JsonNode p = CatalogueApiTest.problem(ProviderApiTest.call(provider, "POST", action, "{}".getBytes()), 403);
            assertEquals("customer", p.path("requiredRole").asText(), action);
            assertEquals("provider", p.path("heldRole").asText(), action);
        }
        assertEquals(before, m.market().nonce(seller.address()), "the provider's account sent no transaction");
        assertFalse(held(m, seller, sale).bought());
        assertFalse(held(m, seller, trial).trialActivated());
        assertEquals(405, ProviderApiTest.call(customer, "GET", "/api/customer/offers/" + sale + "/buy", null).statusCode());
        assertEquals(405, ProviderApiTest.call(customer, "POST", "/api/customer/licences", null).statusCode());
    }

    @Test
    void theWalletApiPreparesGatesAndPreflightsButSignsNothing() throws Exception {
        TestMarket.Actor walletOwner = m.market().actor("customer-api-wallet", Role.CUSTOMER);
        BigInteger portalNonce = m.market().nonce(shopper.address());
        JsonNode chain = ProviderApiTest.ok(ProviderApiTest.call(customer, "GET", "/api/wallet/chain", null), 200);
        assertEquals(m.market().chain.chainId(), chain.path("chainIdDecimal").asLong());
        assertEquals("0x" + Long.toHexString(m.market().chain.chainId()), chain.path("chainId").asText());
        JsonNode who = ProviderApiTest.ok(ProviderApiTest.call(customer, "GET", "/api/wallet/accounts/" + walletOwner.address(), null), 200);
        assertEquals("customer", who.path("acting").asText());

        String buy = "{\"action\": \"licence.buy\", \"from\": \"" + walletOwner.address() + "\", \"args\": {\"digest\": \"" + sale + "\"}}";
        JsonNode tx = ProviderApiTest.ok(ProviderApiTest.call(customer, "POST", "/api/wallet/prepare", buy.getBytes()), 200);
        assertEquals(m.market().record.address("Licences").toLowerCase(), tx.path("to").asText().toLowerCase());
        assertEquals("0x1b58", tx.path("value").asText(), "7000 wei, the price");
        assertEquals(chain.path("chainId").asText(), tx.path("chainId").asText());
        assertTrue(new BigInteger(tx.path("gas").asText().substring(2), 16).compareTo(BigInteger.valueOf(21_000)) > 0, tx.toString());
        assertEquals(new Licensing(m.market().chain, m.market().record, walletOwner.account()).contract().buy(HexFormat.of().parseHex(sale),
                BigInteger.valueOf(7_000)).encodeFunctionCall(), tx.path("data").asText());
        assertFalse(held(m, walletOwner, sale).bought(), "prepared, not sent");

        String early = "{\"action\": \"ns.instantiate\", \"from\": \"" + walletOwner.address() + "\", \"args\": {\"digest\": \"" + sale + "\"}}";
        JsonNode refused = CatalogueApiTest.problem(ProviderApiTest.call(customer, "POST", "/api/wallet/prepare", early.getBytes()), 409);
        assertEquals("NoLicence", refused.path("error").asText());
        assertEquals(walletOwner.address().toLowerCase(), refused.path("arguments").path("customer").asText().toLowerCase());

        String asProvider = "{\"action\": \"licence.buy\", \"from\": \"" + seller.address() + "\", \"args\": {\"digest\": \"" + sale + "\"}}";
        assertEquals("provider", CatalogueApiTest.problem(ProviderApiTest.call(customer, "POST", "/api/wallet/prepare", asProvider.getBytes()), 403)
                .path("heldRole").asText());
        assertEquals("action", CatalogueApiTest.problem(ProviderApiTest.call(customer, "POST", "/api/wallet/prepare",
                ("{\"action\": \"offer.retire\", \"from\": \"" + walletOwner.address() + "\"}").getBytes()), 400).path("invalid-params").get(0).path("name").asText());
        assertEquals(400, ProviderApiTest.call(customer, "POST", "/api/wallet/prepare", "not json".getBytes()).statusCode());
        assertEquals(portalNonce, m.market().nonce(shopper.address()), "the portal's key signed nothing");
    }
}
