package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.policy.PolicyFile;
import org.vnfx.ledger.suite.Role;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.packages.csar.Fixtures;
import org.vnfx.packages.csar.PackageRejectedException;
import org.vnfx.portal.PortalServer;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The portal's user and the provider's actions over real HTTP, on the shared marketplace: who the user is, the role
 * gate (nothing signed for the wrong role), publishing through the onboarding path, the verifier's precise findings,
 * licence terms and usage policies, a chain refusal, withdrawing.
 */
class ProviderApiTest {
    static final String POLICY = """
            vnfx-policy: 1
            allow: [instantiate]
            max-instances: 4
            """;

    static Marketplace m;
    static TestMarket.Actor studio;
    static TestMarket.Actor customer;
    static PortalServer provider;
    static PortalServer customers;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        studio = m.market().actor("studio", Role.PROVIDER);
        customer = m.market().actor("api-customer", Role.CUSTOMER);
        provider = m.portalOf(studio);
        customers = m.portalOf(customer);
    }

    @AfterAll
    static void stop() {
        if (provider != null) provider.close();
        if (customers != null) customers.close();
    }

    static HttpResponse<String> call(PortalServer portal, String method, String path, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(portal.url().resolve(path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return CatalogueApiTest.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return CatalogueApiTest.JSON.readTree(r.body());
    }

    static HttpResponse<String> upload(PortalServer portal, Path csar) throws Exception {
        return call(portal, "POST", "/api/provider/packages?functionType=ids&pricePerSecond=2000000000", Files.readAllBytes(csar));
    }

    static BigInteger nonce(TestMarket.Actor a) throws Exception {
        return m.market().chain.web3j().ethGetTransactionCount(a.account().getAddress(), DefaultBlockParameterName.LATEST).send().getTransactionCount();
    }

    @Test
    void meIsTheKeysAddressRoleStatusKeyAndBalances() throws Exception {
        JsonNode me = ok(call(provider, "GET", "/api/me", null), 200);
        assertEquals(studio.account().getAddress(), me.path("address").asText());
        assertEquals("provider", me.path("role").asText());
        assertEquals("approved", me.path("status").asText());
        assertEquals("provider", me.path("acting").asText());
        assertTrue(me.path("encryptionKey").asBoolean());
        assertEquals("0", me.path("balances").path("settlementWei").asText());
        assertEquals("0", me.path("balances").path("licenceSalesWei").asText());
        assertTrue(new BigInteger(me.path("balances").path("etherWei").asText()).signum() > 0);

        JsonNode c = ok(call(customers, "GET", "/api/me", null), 200);
        assertEquals("customer", c.path("role").asText());
        assertTrue(c.path("balances").path("settlementWei").isMissingNode(), "a customer is owed nothing: " + c);
    }

    @Test
    void aCustomerIsRefusedEveryProviderActionWith403AndNothingIsSent() throws Exception {
        BigInteger before = nonce(customer);
        JsonNode p = CatalogueApiTest.problem(upload(customers, m.variant("refused")), 403);
        assertEquals("provider", p.path("requiredRole").asText());
        assertEquals("customer", p.path("heldRole").asText());
        assertTrue(p.path("detail").asText().startsWith("this action is for providers; you (" + customer.account().getAddress() + ") are a customer"),
                p.toString());
        for (String action : List.of("/api/provider/withdraw", "/api/provider/offers/" + m.ids() + "/retire", "/api/provider/offers/" + m.ids() + "/terms",
                "/api/provider/offers/" + m.ids() + "/policy")) {
            assertEquals("customer", CatalogueApiTest.problem(call(customers, "POST", action, "{}".getBytes()), 403).path("heldRole").asText(), action);
        }
        assertEquals(before, nonce(customer), "the customer's account sent no transaction");
        assertEquals(Market.OfferStatus.ACCEPTED.ordinal(), m.market().operator.market().offer(HexFormat.of().parseHex(m.ids())).status.intValueExact());
        assertEquals(405, call(provider, "GET", "/api/provider/withdraw", null).statusCode());
    }

    @Test
    void anInvalidCsarIsRefusedWithTheVerifiersFindingsAndNothingIsSent() throws Exception {
        Path tampered = m.tampered();
        PackageRejectedException expected = assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(tampered));
        BigInteger before = nonce(studio);
        JsonNode p = CatalogueApiTest.problem(upload(provider, tampered), 422);
        assertEquals("Package rejected", p.path("title").asText());
        List<String> texts = new ArrayList<>();
        for (JsonNode f : p.path("findings")) texts.add(f.path("text").asText());
        assertEquals(Fixtures.lines(expected), texts, "exactly what the verifier says");
        JsonNode first = p.path("findings").get(0);
        assertEquals("vnfd.mf", first.path("file").asText());
        assertTrue(first.path("line").asInt() > 0, first.toString());
        assertFalse(first.path("rule").asText().isEmpty(), first.toString());
        assertEquals(before, nonce(studio));

        assertEquals("functionType", CatalogueApiTest.problem(call(provider, "POST", "/api/provider/packages?pricePerSecond=1", "x".getBytes()), 400)
                .path("invalid-params").get(0).path("name").asText());
        assertEquals("pricePerSecond", CatalogueApiTest.problem(call(provider, "POST", "/api/provider/packages?functionType=ids&pricePerSecond=-1", "x".getBytes()),
                400).path("invalid-params").get(0).path("name").asText());
        byte[] big = new byte[(int) Marketplace.MAX_UPLOAD + 1];
        assertEquals(413, call(provider, "POST", "/api/provider/packages?functionType=ids&pricePerSecond=1", big).statusCode());
    }

    @Test
    void aProviderPublishesSetsTermsAndPolicyRetiresAndTheChainsRefusalIsA409() throws Exception {
        JsonNode published = ok(upload(provider, m.variant("studio-ids")), 201);
        String digest = published.path("digest").asText();
        assertEquals("advertised", published.path("status").asText());
        assertEquals("suricata-ids", published.path("product").asText());
        assertEquals("2000000000", published.path("pricePerSecondWei").asText());
        assertFalse(published.path("alreadyOffered").asBoolean());
        assertEquals(studio.account().getAddress().toLowerCase(), m.market().operator.market().offer(HexFormat.of().parseHex(digest)).provider.toLowerCase());

        String offer = "/api/provider/offers/" + digest;
        assertEquals("public", CatalogueApiTest.problem(call(provider, "POST", offer + "/terms", "{\"public\": false}".getBytes()), 400)
                .path("invalid-params").get(0).path("name").asText());
        assertEquals("trial.days", CatalogueApiTest.problem(call(provider, "POST", offer + "/terms", "{\"trial\": {\"days\": \"a week\", \"slots\": 2}}".getBytes()), 400)
                .path("invalid-params").get(0).path("name").asText());
        assertEquals(400, call(provider, "POST", offer + "/terms", "not json".getBytes()).statusCode());
        JsonNode t = ok(call(provider, "POST", offer + "/terms", "{\"public\": true, \"trial\": {\"days\": 7, \"slots\": 2}, \"private\": {\"priceWei\": \"9000\", \"slots\": 1}}".getBytes()), 200);
        assertEquals(new Licensing.Terms(true, 7 * 86_400, 2, BigInteger.valueOf(9_000), 1),
                new Licensing(m.market().chain, m.market().record, customer.account()).terms(HexFormat.of().parseHex(digest)).terms());
        assertEquals(604_800, t.path("terms").path("trial").path("seconds").asInt());

        JsonNode bad = CatalogueApiTest.problem(call(provider, "POST", offer + "/policy", "vnfx-policy: 1\nallow: [fly]\n".getBytes()), 400);
        assertTrue(bad.path("detail").asText().startsWith("policy is not a usage policy: policy:2:"), bad.toString());
        JsonNode withPolicy = ok(call(provider, "POST", offer + "/policy", POLICY.getBytes()), 200);
        List<String> words = new ArrayList<>();
        withPolicy.path("policy").forEach(w -> words.add(w.asText()));
        assertEquals(PolicyFile.parse("x", POLICY).inWords(), words);

        JsonNode mine = ok(call(provider, "GET", "/api/provider/offers", null), 200);
        assertEquals(1, mine.path("offers").size(), mine.toString());
        assertEquals(digest, mine.path("offers").get(0).path("digest").asText());
        assertEquals(0, mine.path("offers").get(0).path("attestations").path("passes").asInt());

        assertEquals(404, call(provider, "POST", "/api/provider/offers/" + m.ids() + "/retire", null).statusCode(), "another provider's offer");
        assertEquals("retired", ok(call(provider, "POST", offer + "/retire", null), 200).path("status").asText());
        JsonNode refused = CatalogueApiTest.problem(call(provider, "POST", offer + "/retire", null), 409);
        assertEquals("WrongOfferStatus", refused.path("error").asText());
        assertTrue(refused.path("arguments").has("packageDigest"), refused.toString());

        assertTrue(CatalogueApiTest.problem(call(provider, "POST", "/api/provider/withdraw", null), 409).path("detail").asText().startsWith("nothing to withdraw"));
    }

    @Test
    void theVendorDeploymentsShowAndItsLicenceSalesAreWithdrawn() throws Exception {
        JsonNode mine = ok(call(m.portal(), "GET", "/api/provider/offers", null), 200);
        JsonNode ids = null;
        for (JsonNode o : mine.path("offers")) if (o.path("digest").asText().equals(m.ids())) ids = o;
        assertTrue(ids != null, mine.toString());
        assertEquals("accepted", ids.path("status").asText());
        assertEquals(1, ids.path("deployments").size());
        assertEquals("uninstalled", ids.path("deployments").get(0).path("status").asText());
        assertEquals("5000", mine.path("balances").path("licenceSalesWei").asText());
        JsonNode w = ok(call(m.portal(), "POST", "/api/provider/withdraw", null), 200);
        assertEquals("5000", w.path("licenceSalesWei").asText());
        assertTrue(w.has("licencesTransaction") && !w.has("settlementTransaction"), w.toString());
    }
}
