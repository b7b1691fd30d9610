package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vnfx.portal.web.ProviderApiTest.call;
import static org.vnfx.portal.web.ProviderApiTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.portal.PortalServer;

/**
 * The operator's view and actions over real HTTP, on the shared marketplace: the overview (offers with their tally,
 * identities, MEC nodes, deployments, money) agrees with the chain; accept, reject, approve and settle change it; a
 * provider's portal is refused with 403 and sends nothing; the chain's refusals (threshold not met, wrong status,
 * escrow short) are 409s naming the custom error. Its offers, MEC node and sessions are its own, so the fixture's stay
 * as other tests expect them (the fixture's deferred session is not settled, and escrow is back to what it was).
 */
class OperatorApiTest {
    static final Requirements NEEDS = new Requirements(500, 256, 128);
    static final long PRICE = 1_000_000;

    static Marketplace m;
    static TestMarket market;
    static TestMarket.Actor vendor;
    static TestMarket.Actor mec;
    static PortalServer operator;
    static PortalServer provider;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        market = m.market();
        vendor = market.actor("op-vendor", Role.PROVIDER);
        mec = market.actor("op-mec", Role.MEC);
        mec.market().publishResources(new Requirements(3000, 4096, 8192));
        operator = m.portalOf(market.operator);
        provider = m.portalOf(vendor);
    }

    @AfterAll
    static void stop() {
        if (operator != null) operator.close();
        if (provider != null) provider.close();
    }

    /** A new offer of the vendor's, advertised and waiting for the operator. */
    static OfferTerms advertised(String function) throws Exception {
        OfferTerms t = TestMarket.terms(TestMarket.uniqueFunction(function), NEEDS, PRICE);
        vendor.market().advertise(t);
        return t;
    }

    static String hex(OfferTerms t) {
        return HexFormat.of().formatHex(t.packageDigest());
    }

    static JsonNode overview() throws Exception {
        return ok(call(operator, "GET", "/api/operator/overview", null), 200);
    }

    static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode n : list) if (n.path(field).asText().equalsIgnoreCase(value)) return n;
        throw new AssertionError("no " + field + " " + value + " in " + list);
    }

    static Market.OfferStatus status(OfferTerms t) throws Exception {
        return Market.OfferStatus.values()[market.operator.market().offer(t.packageDigest()).status.intValueExact()];
    }

    @Test
    void theOverviewListsAPendingOfferWithItsTallyAndTheMarketAsTheChainHasIt() throws Exception {
        OfferTerms t = advertised("op-view");
        JsonNode o = overview();
        JsonNode offer = find(o.path("offers"), "digest", hex(t));
        assertEquals("advertised", offer.path("status").asText());
        assertEquals(vendor.address().toLowerCase(), offer.path("provider").asText());
        assertEquals(t.functionType(), offer.path("functionType").asText());
        assertEquals(String.valueOf(PRICE), offer.path("pricePerSecondWei").asText());
        assertEquals(500, offer.path("needs").path("vcpuMillis").asInt());
        assertEquals(256, offer.path("needs").path("memoryMiB").asInt());
        assertEquals(128, offer.path("needs").path("diskMiB").asInt());
        Attestation.Tally tally = new Attestation(market.chain, market.record, market.operator.account()).tally(t.packageDigest());
        JsonNode a = offer.path("attestations");
        assertEquals(tally, new Attestation.Tally(a.path("passes").asInt(), a.path("fails").asInt(), a.path("threshold").asInt(), a.path("listed").asBoolean()));
        assertEquals(tally.toString(), a.path("text").asText());

        assertEquals("accepted", find(o.path("offers"), "digest", m.ids()).path("status").asText(), "the fixture's exemplar");
        assertEquals("approved", find(o.path("identities"), "address", vendor.address()).path("status").asText());
        assertEquals("provider", find(o.path("identities"), "address", vendor.address()).path("role").asText());
        JsonNode node = find(o.path("mecNodes"), "address", mec.address());
        assertEquals("approved", node.path("status").asText());
        assertEquals(3000, node.path("free").path("vcpuMillis").asInt());
        assertEquals(4096, node.path("free").path("memoryMiB").asInt());
        assertEquals(8192, node.path("free").path("diskMiB").asInt());

        long count = market.operator.market().suite().orchestration().deploymentCount().send().longValueExact();
        assertEquals(count, o.path("deploymentCount").asLong());
        JsonNode first = find(o.path("deployments"), "id", "1");
        assertEquals("uninstalled", first.path("status").asText(), "the fixture's session: escrow was empty, its payment is deferred");
        assertEquals(m.ids(), first.path("offer").asText());
        assertEquals(market.deployment(BigInteger.ONE).amountDue.toString(), first.path("amountDueWei").asText());
        assertTrue(first.path("settleable").asBoolean());

        assertEquals(market.operator.market().escrow().toString(), o.path("money").path("escrowWei").asText());
        assertEquals(market.operator.market().owed().toString(), o.path("money").path("owedWei").asText());
        JsonNode earnings = find(o.path("money").path("providers"), "provider", vendor.address());
        assertEquals("0", earnings.path("sessionsWei").asText());
        assertEquals("0", earnings.path("licenceSalesWei").asText());
        assertEquals(market.chain.balance(market.operator.address()).toString(), o.path("balances").path("etherWei").asText());
    }

    @Test
    void theOperatorAcceptsAndRejectsAndADecidedOfferIsRefusedWith409() throws Exception {
        OfferTerms good = advertised("op-accept");
        OfferTerms bad = advertised("op-reject");

        JsonNode accepted = ok(call(operator, "POST", "/api/operator/offers/" + hex(good) + "/accept", null), 200);
        assertTrue(accepted.path("transaction").asText().startsWith("0x"), accepted.toString());
        assertEquals("accepted", accepted.path("offer").path("status").asText());
        assertEquals(Market.OfferStatus.ACCEPTED, status(good));
        assertEquals("accepted", find(overview().path("offers"), "digest", hex(good)).path("status").asText());

        assertEquals("rejected", ok(call(operator, "POST", "/api/operator/offers/0x" + hex(bad) + "/reject", null), 200).path("offer").path("status").asText());
        assertEquals(Market.OfferStatus.REJECTED, status(bad));

        BigInteger before = market.nonce(market.operator.address());
        JsonNode again = CatalogueApiTest.problem(call(operator, "POST", "/api/operator/offers/" + hex(good) + "/accept", null), 409);
        assertEquals("WrongOfferStatus", again.path("error").asText());
        assertTrue(again.path("detail").asText().contains("WrongOfferStatus"), again.toString());
        assertEquals("0x" + hex(good), again.path("arguments").path("packageDigest").asText());
        assertEquals("WrongOfferStatus", CatalogueApiTest.problem(call(operator, "POST", "/api/operator/offers/" + hex(bad) + "/accept", null), 409).path("error").asText());
        assertEquals(before, market.nonce(market.operator.address()), "a refused call is not sent");

        assertEquals("digest", CatalogueApiTest.problem(call(operator, "POST", "/api/operator/offers/xyz/accept", null), 400)
                .path("invalid-params").get(0).path("name").asText());
        assertEquals(405, call(operator, "GET", "/api/operator/offers/" + hex(good) + "/accept", null).statusCode());
        assertEquals(404, call(operator, "POST", "/api/operator/offers/" + hex(good) + "/approve", null).statusCode());
    }

    @Test
    void anOfferBelowTheAttestationThresholdIsRefusedWithNotListedAndAnAttestedOneIsAccepted() throws Exception {
        Attestation gate = new Attestation(market.chain, market.record, market.operator.account());
        int threshold = gate.threshold();
        TestMarket.Actor validator = market.actor("op-validator", Role.VALIDATOR);
        OfferTerms attested = advertised("op-attested");
        OfferTerms unattested = advertised("op-unattested");
        gate.setThreshold(1);
        try {
            new Attestation(market.chain, market.record, validator.account()).attest(attested.packageDigest(), true, Attestation.reasonDigest(""));
            JsonNode o = overview();
            JsonNode a = find(o.path("offers"), "digest", hex(unattested)).path("attestations");
            assertEquals(0, a.path("passes").asInt());
            assertEquals(1, a.path("threshold").asInt());
            assertFalse(a.path("listed").asBoolean());
            assertTrue(find(o.path("offers"), "digest", hex(attested)).path("attestations").path("listed").asBoolean());

            JsonNode refused = CatalogueApiTest.problem(call(operator, "POST", "/api/operator/offers/" + hex(unattested) + "/accept", null), 409);
            assertEquals("NotListed", refused.path("error").asText());
            assertEquals("Refused by the chain", refused.path("title").asText());
            assertEquals("1", refused.path("arguments").path("threshold").asText(), refused.toString());
            assertEquals(Market.OfferStatus.ADVERTISED, status(unattested));

            assertEquals("accepted", ok(call(operator, "POST", "/api/operator/offers/" + hex(attested) + "/accept", null), 200).path("offer").path("status").asText());
        } finally {
            gate.setThreshold(threshold);
        }
    }

    @Test
    void aProvidersPortalIsRefusedEveryOperatorActionWith403AndNothingChanges() throws Exception {
        OfferTerms t = advertised("op-forbidden");
        TestMarket.Actor waiting = market.registered("op-waiting", Role.MEC);
        BigInteger before = market.nonce(vendor.address());
        BigInteger escrow = market.operator.market().escrow();
        JsonNode p = CatalogueApiTest.problem(call(provider, "POST", "/api/operator/offers/" + hex(t) + "/accept", null), 403);
        assertEquals("operator", p.path("requiredRole").asText());
        assertEquals("provider", p.path("heldRole").asText());
        assertTrue(p.path("detail").asText().startsWith("this action is for operators; you (" + vendor.address() + ") are a provider"), p.toString());
        for (String action : List.of("/api/operator/offers/" + hex(t) + "/reject", "/api/operator/identities/" + waiting.address() + "/approve",
                "/api/operator/deployments/1/settle", "/api/operator/escrow/deposit", "/api/operator/escrow/reclaim")) {
            assertEquals("operator", CatalogueApiTest.problem(call(provider, "POST", action, "{\"amountWei\": \"1000\"}".getBytes()), 403)
                    .path("requiredRole").asText(), action);
        }
        assertEquals(before, market.nonce(vendor.address()), "the provider's account sent no transaction");
        assertEquals(Market.OfferStatus.ADVERTISED, status(t));
        assertEquals(Market.IdentityStatus.PENDING, Market.IdentityStatus.of(market.operator.market().identity(waiting.address()).status));
        assertEquals(Market.DeploymentStatus.UNINSTALLED, Market.status(market.deployment(BigInteger.ONE)));
        assertEquals(escrow, market.operator.market().escrow());
        assertEquals(200, call(provider, "GET", "/api/operator/overview", null).statusCode(), "reading is open to every user, as every page's data");
    }

    @Test
    void theOperatorApprovesAPendingIdentityAndRevokesIt() throws Exception {
        TestMarket.Actor waiting = market.registered("op-new-mec", Role.MEC);
        String address = waiting.address().toLowerCase();
        assertEquals("pending", find(overview().path("identities"), "address", address).path("status").asText());

        JsonNode approved = ok(call(operator, "POST", "/api/operator/identities/" + waiting.address() + "/approve", null), 200);
        assertEquals("approved", approved.path("identity").path("status").asText());
        assertEquals("mec", approved.path("identity").path("role").asText());
        assertEquals(Market.IdentityStatus.APPROVED, Market.IdentityStatus.of(market.operator.market().identity(address).status));
        assertEquals("approved", find(overview().path("mecNodes"), "address", address).path("status").asText());

        JsonNode twice = CatalogueApiTest.problem(call(operator, "POST", "/api/operator/identities/" + address + "/approve", null), 409);
        assertEquals("NotPending", twice.path("error").asText());

        assertEquals("revoked", ok(call(operator, "POST", "/api/operator/identities/" + address + "/revoke", null), 200).path("identity").path("status").asText());
        assertEquals("address", CatalogueApiTest.problem(call(operator, "POST", "/api/operator/identities/0x12/approve", null), 400)
                .path("invalid-params").get(0).path("name").asText());
    }

    @Test
    void aDeferredSessionIsSettledAfterADepositAndTheMoneyMoves() throws Exception {
        OfferTerms t = TestMarket.terms(TestMarket.uniqueFunction("op-settle"), NEEDS, PRICE);
        vendor.market().advertise(t);
        market.operator.market().accept(t.packageDigest());
        Market ops = market.operator.market();
        BigInteger escrow0 = ops.escrow();
        BigInteger running = market.running(mec, t);
        BigInteger finished = market.running(mec, t);
        market.advanceSeconds(60);
        mec.market().reportUninstall(finished, 60, new long[8]);
        BigInteger due = market.deployment(finished).amountDue;
        // The fixture never funds escrow, so the session's payment is deferred rather than paid at uninstall.
        assertEquals(BigInteger.ZERO, escrow0, "this test expects the fixture's empty escrow");
        assertEquals(Market.DeploymentStatus.UNINSTALLED, Market.status(market.deployment(finished)));
        assertTrue(due.signum() > 0 && due.compareTo(BigInteger.valueOf(60 * PRICE)) <= 0, "R·B·t with R in (0, 1]: " + due);

        JsonNode row = find(overview().path("deployments"), "id", finished.toString());
        assertEquals("uninstalled", row.path("status").asText());
        assertEquals(due.toString(), row.path("amountDueWei").asText());
        assertTrue(row.path("settleable").asBoolean());
        JsonNode live = find(overview().path("deployments"), "id", running.toString());
        assertEquals("running", live.path("status").asText());
        assertFalse(live.path("settleable").asBoolean());

        BigInteger nonce = market.nonce(market.operator.address());
        JsonNode short_ = CatalogueApiTest.problem(call(operator, "POST", "/api/operator/deployments/" + finished + "/settle", null), 409);
        assertEquals("InsufficientEscrow", short_.path("error").asText());
        assertEquals(due.toString(), short_.path("arguments").path("amount").asText(), short_.toString());
        JsonNode notYet = CatalogueApiTest.problem(call(operator, "POST", "/api/operator/deployments/" + running + "/settle", null), 409);
        assertEquals("WrongStatus", notYet.path("error").asText());
        assertEquals(nonce, market.nonce(market.operator.address()));

        assertEquals("amountWei", CatalogueApiTest.problem(call(operator, "POST", "/api/operator/escrow/deposit", "{\"amountWei\": \"0\"}".getBytes()), 400)
                .path("invalid-params").get(0).path("name").asText());
        JsonNode deposit = ok(call(operator, "POST", "/api/operator/escrow/deposit", ("{\"amountWei\": \"" + due + "\"}").getBytes()), 200);
        assertEquals(due.toString(), deposit.path("money").path("escrowWei").asText());

        BigInteger owed0 = ops.owed();
        BigInteger balance0 = ops.balanceOf(vendor.address());
        JsonNode settled = ok(call(operator, "POST", "/api/operator/deployments/" + finished + "/settle", null), 200);
        assertEquals(due.toString(), settled.path("paidWei").asText());
        assertEquals("settled", settled.path("deployment").path("status").asText());
        assertEquals("0", settled.path("deployment").path("amountDueWei").asText());
        assertEquals(Market.DeploymentStatus.SETTLED, Market.status(market.deployment(finished)));
        assertEquals(BigInteger.ZERO, ops.escrow(), "escrow paid the session: back to the fixture's empty escrow");
        assertEquals(owed0.add(due), ops.owed());
        assertEquals(balance0.add(due), ops.balanceOf(vendor.address()));
        assertEquals("0", settled.path("money").path("escrowWei").asText());
        assertEquals(due.toString(), find(settled.path("money").path("providers"), "provider", vendor.address()).path("sessionsWei").asText());
        assertEquals("WrongStatus", CatalogueApiTest.problem(call(operator, "POST", "/api/operator/deployments/" + finished + "/settle", null), 409).path("error").asText());
        assertEquals("deploymentId", CatalogueApiTest.problem(call(operator, "POST", "/api/operator/deployments/x/settle", null), 400)
                .path("invalid-params").get(0).path("name").asText());
    }

    @Test
    void anEscrowActionWithAnIdempotencyKeyHappensOnceHoweverOftenItIsSent() throws Exception {
        Market ops = market.operator.market();
        BigInteger escrow0 = ops.escrow();
        BigInteger nonce = market.nonce(market.operator.address());
        String key = "deposit-" + System.nanoTime();
        byte[] body = "{\"amountWei\": \"777\"}".getBytes();

        JsonNode first = ok(keyed("/api/operator/escrow/deposit", body, key), 200);
        JsonNode again = ok(keyed("/api/operator/escrow/deposit", body, key), 200);
        assertEquals(first.path("transaction").asText(), again.path("transaction").asText(), "the retry answers with the first transaction");
        assertEquals(escrow0.add(BigInteger.valueOf(777)), ops.escrow(), "deposited once");
        assertEquals(nonce.add(BigInteger.ONE), market.nonce(market.operator.address()), "one transaction sent");

        JsonNode reused = CatalogueApiTest.problem(keyed("/api/operator/escrow/deposit", "{\"amountWei\": \"778\"}".getBytes(), key), 422);
        assertTrue(reused.path("detail").asText().contains("deposit 777 wei"), reused.toString());
        JsonNode malformed = CatalogueApiTest.problem(keyed("/api/operator/escrow/deposit", body, "not a key!"), 400);
        assertEquals("Idempotency-Key", malformed.path("invalid-params").get(0).path("name").asText());
        assertEquals(nonce.add(BigInteger.ONE), market.nonce(market.operator.address()), "nothing sent for a reused or malformed key");

        ok(keyed("/api/operator/escrow/reclaim", body, "reclaim-" + System.nanoTime()), 200);
        assertEquals(escrow0, ops.escrow(), "reclaimed: the fixture's escrow as it was");
    }

    static HttpResponse<String> keyed(String path, byte[] body, String key) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(operator.url().resolve(path)).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return CatalogueApiTest.HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }
}
