package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.portal.PortalServer;

/** The catalogue's JSON API and the GUI's files, over real HTTP, on the catalogue the indexer built from a real chain. */
class CatalogueApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Marketplace m;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(m.url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        return JSON.readTree(r.body());
    }

    /** The digests a search answers, in its order. */
    static List<String> found(String query) throws Exception {
        List<String> digests = new ArrayList<>();
        for (JsonNode item : ok("/api/catalogue/search?" + query).path("items")) digests.add(item.path("digest").asText());
        return digests;
    }

    static JsonNode problem(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode p = JSON.readTree(r.body());
        assertEquals(status, p.path("status").asInt());
        return p;
    }

    @Test
    void searchGoesThroughTheCatalogueWithEveryFilter() throws Exception {
        assertEquals(3, found("sort=name").size(), "ids, lite and the service are listed; the plain zip is not");
        assertEquals(List.of(m.lite()), found("q=legacy+rules"));
        assertEquals(List.of(m.service()), found("kind=ns"));
        assertEquals(List.of(m.ids()), found("q=suricata&provider=vnfx+examples"));
        assertEquals(List.of(m.lite()), found("q=suricata&maxMemory=256"));
        assertEquals(List.of(m.ids()), found("minReputation=0.01"), "only the exemplar has a session");
        assertEquals(List.of(m.ids()), found("licence=private"));
        assertEquals(List.of(m.ids()), found("status=accepted&function=ids"));
        assertEquals(List.of(), found("function=ids&minVcpu=1.001"));
    }

    @Test
    void searchIsPaged() throws Exception {
        JsonNode first = ok("/api/catalogue/search?sort=name&limit=2");
        assertEquals(2, first.path("items").size());
        assertTrue(first.path("more").asBoolean());
        JsonNode second = ok("/api/catalogue/search?sort=name&limit=2&offset=2");
        assertEquals(1, second.path("items").size());
        assertEquals(2, second.path("offset").asInt());
        assertFalse(second.path("more").asBoolean());
    }

    @Test
    void aListedPackageHasItsListingDescriptorVerificationLicencesAndTerms() throws Exception {
        JsonNode d = ok("/api/catalogue/packages/" + m.ids());
        JsonNode l = d.path("listing");
        assertEquals(m.ids(), d.path("digest").asText());
        assertEquals("suricata-ids", l.path("product").asText());
        assertEquals("vnfx examples", l.path("provider").asText());
        assertEquals("VNF", l.path("kind").asText());
        assertEquals(1000, l.path("needs").path("vcpuMillis").asLong());
        assertEquals(512, l.path("needs").path("memoryMiB").asLong());
        assertEquals("ACCEPTED", l.path("offerStatus").asText());
        assertEquals(Marketplace.PRICE.toString(), l.path("pricePerSecondWei").asText(), "wei as text: JavaScript numbers stop at 2^53");
        assertEquals(1, l.path("sessions").asInt());
        assertTrue(l.path("reputation").asDouble() > 0 && l.path("reputation").asDouble() < 1, l.toString());
        assertEquals("tosca_simple_yaml_1_3", d.path("descriptor").path("tosca_definitions_version").asText(), "the descriptor as JSON");
        JsonNode check = d.path("verifications").path(0);
        assertEquals("indexer", check.path("verifier").asText());
        assertTrue(check.path("passed").asBoolean());
        assertEquals("PRIVATE", d.path("licences").path(0).path("type").asText());
        assertEquals(Marketplace.IDS_TERMS.privatePrice().toString(), d.path("licences").path(0).path("paidWei").asText());
        JsonNode t = d.path("licenceTerms");
        assertTrue(t.path("set").asBoolean());
        assertFalse(t.path("public").asBoolean());
        assertEquals(7 * 86_400, t.path("trial").path("seconds").asLong());
        assertEquals(2, t.path("trial").path("slots").asInt());
        assertEquals("5000", t.path("private").path("priceWei").asText());
        assertEquals(3, t.path("private").path("slots").asInt());
    }

    @Test
    void aPackageWithoutTermsSaysSoAndASignedOneNamesItsWarning() throws Exception {
        JsonNode d = ok("/api/catalogue/packages/" + m.lite());
        assertFalse(d.path("licenceTerms").path("set").asBoolean());
        JsonNode check = d.path("verifications").path(0);
        assertTrue(check.path("passed").asBoolean());
        assertTrue(check.path("findings").toString().contains("no trusted certificate"), check.toString());
    }

    @Test
    void aPackageThatFailedVerificationIsKnownButNotListed() throws Exception {
        JsonNode d = ok("/api/catalogue/packages/" + m.plain());
        assertTrue(d.path("listing").isNull());
        JsonNode check = d.path("verifications").path(0);
        assertFalse(check.path("passed").asBoolean());
        assertTrue(check.path("findings").size() > 0, check.toString());
    }

    @Test
    void digestsAreReadAsVnfxPrintsThemAndAnUnknownOneIsA404() throws Exception {
        assertEquals(m.ids(), ok("/api/catalogue/packages/0x" + m.ids().toUpperCase(Locale.ROOT)).path("digest").asText());
        String unknown = "ab".repeat(32);
        assertTrue(problem(get("/api/catalogue/packages/" + unknown), 404).path("detail").asText().contains("0x" + unknown));
        JsonNode bad = problem(get("/api/catalogue/packages/xyz"), 400);
        assertEquals("digest", bad.path("invalid-params").path(0).path("name").asText());
    }

    @Test
    void badSearchParametersAre400ProblemsNamingTheParameter() throws Exception {
        JsonNode p = problem(get("/api/catalogue/search?minVcpu=abc"), 400);
        assertEquals("minVcpu", p.path("invalid-params").path(0).path("name").asText());
        assertTrue(p.path("detail").asText().startsWith("minVcpu "));
        assertEquals("/api/catalogue/search", p.path("instance").asText());
        assertEquals("colour", problem(get("/api/catalogue/search?colour=red"), 400).path("invalid-params").path(0).path("name").asText());
    }

    @Test
    void theApiAnswersOnlyGetAndOnlyItsOwnResources() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(m.url("/api/catalogue/search")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        problem(post, 405);
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
        problem(get("/api/catalogue/offers"), 404);
        problem(get("/api/nothing"), 404);
        problem(get("/api/catalogue/packages/" + m.ids() + "/more"), 404);
    }

    @Test
    void pagesAndAssetsComeFromTheClasspathUnderAPolicyOfThisServerOnly() throws Exception {
        for (String page : List.of("/", "/packages/" + m.ids(), "/packages/anything")) {
            HttpResponse<String> r = get(page);
            assertEquals(200, r.statusCode(), page);
            assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(Assets.CSP, r.headers().firstValue("Content-Security-Policy").orElseThrow());
        }
        assertTrue(get("/").body().contains("/assets/catalogue.js"));
        assertTrue(get("/packages/x").body().contains("/assets/package.js"));
        for (String asset : List.of("portal.js", "catalogue.js", "package.js")) {
            HttpResponse<String> r = get("/assets/" + asset);
            assertEquals(200, r.statusCode(), asset);
            assertEquals("text/javascript; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
            assertFalse(r.body().contains("http://") || r.body().contains("https://"), asset + " fetches nothing from elsewhere");
        }
        assertEquals("text/css; charset=utf-8", get("/assets/portal.css").headers().firstValue("Content-Type").orElseThrow());
        for (String missing : List.of("/nope", "/assets/missing.js", "/assets/../catalogue.html", "/assets/PORTAL.JS", "/org/vnfx/portal/web/catalogue.html")) {
            HttpResponse<String> r = get(missing);
            assertEquals(404, r.statusCode(), missing);
            assertTrue(r.body().contains("Page not found"), missing);
        }
    }

    @Test
    void theSol005ApiIsStillServedBesideTheGui() throws Exception {
        problem(get("/vnfpkgm/v1/vnf_packages"), 401);
    }

    @Test
    void termsTheChainCannotGiveAreSaidOnThePageNotFailingIt() throws Exception {
        WebGui cut = m.webOf(m.market().operator, digest -> {
            throw new IOException("connection refused by the node");
        });
        try (PortalServer offline = new PortalServer(new InetSocketAddress("127.0.0.1", 0), cut.routes())) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(offline.url().resolve("/api/catalogue/packages/" + m.ids())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode d = JSON.readTree(r.body());
            assertTrue(d.path("licenceTerms").path("error").asText().contains("connection refused by the node"), r.body());
            assertEquals("suricata-ids", d.path("listing").path("product").asText());
        }
    }
}
