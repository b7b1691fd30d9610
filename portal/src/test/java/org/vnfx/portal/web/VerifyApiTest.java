package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.trail.Provenance;
import org.vnfx.ledger.trail.Timeline;
import org.vnfx.ledger.trail.Trail;

/** {@code /api/verify}: the answer of {@code vnfx verify} for a digest or uploaded bytes, on the fixture's real chain. */
class VerifyApiTest {
    static Marketplace m;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
    }

    static HttpResponse<String> post(String query, byte[] body) throws Exception {
        return CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(m.url("/api/verify" + query)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET on the shared fixture's portal (not through another test class's state: classes run in any order). */
    static HttpResponse<String> get(String path) throws Exception {
        return CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(Marketplace.shared().url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return CatalogueApiTest.JSON.readTree(r.body());
    }

    static List<String> all(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    @Test
    void theGenuineFileIsThePublishedPackageWithItsWholeTimeline() throws Exception {
        JsonNode a = json(post("?name=ids.csar", Files.readAllBytes(m.idsFile())));
        assertEquals("0x" + m.ids(), a.path("digest").asText(), "the server's SHA-256 of the upload");
        assertTrue(a.path("known").asBoolean());
        assertEquals("GENUINE", a.path("file").path("verdict").asText());
        assertEquals("GENUINE: ids.csar is exactly the published package (its SHA-256 is the digest on chain)", a.path("file").path("sentence").asText());
        assertFalse(a.path("file").path("signed").asBoolean(), "the exemplar is not signed");
        assertTrue(a.path("publication").path("provider").asText().matches("0x[0-9a-f]{40}"), a.path("publication").toString());
        assertEquals("None: every action is allowed.", a.path("policy").path(0).asText());

        List<String> kinds = all(a.path("timeline"), "kind");
        for (String k : List.of("PUBLICATION", "DECISION", "LICENCE", "DEPLOYMENT", "REPUTATION")) assertTrue(kinds.contains(k), k + " in " + kinds);
        assertEquals("PUBLICATION", kinds.get(0));
        JsonNode first = a.path("timeline").path(0);
        assertTrue(first.path("transaction").asText().matches("0x[0-9a-f]{64}"), first.toString());
        assertTrue(first.path("time").asText().endsWith("Z"), first.toString());
        assertEquals("Offers", first.path("contract").asText());
        assertEquals("0x" + m.ids(), first.path("args").path("packageDigest").asText());

        // The same steps, in the same words, as the CLI's building blocks give for the digest.
        Timeline expected = Timeline.of(Provenance.of(new Trail(m.market().chain, m.market().record), "0x" + m.ids()));
        assertEquals(expected.steps().stream().map(Timeline.Step::words).toList(), all(a.path("timeline"), "words"));
        assertTrue(all(a.path("timeline"), "words").contains("accepted by " + m.market().record.operator().toLowerCase()), a.path("timeline").toString());
    }

    @Test
    void aCopyWithOneByteFlippedIsTampered() throws Exception {
        byte[] bytes = Files.readAllBytes(m.idsFile());
        bytes[bytes.length / 2] ^= 0x01;
        JsonNode a = json(post("?name=copy.csar", bytes));
        assertFalse(a.path("known").asBoolean());
        assertEquals("TAMPERED", a.path("file").path("verdict").asText());
        assertTrue(a.path("file").path("sentence").asText().startsWith("TAMPERED or damaged: copy.csar is no published package and fails SOL004 verification: "),
                a.toString());
        assertFalse(a.path("file").path("sol004Failure").asText().isEmpty());
    }

    @Test
    void aDigestAnswersLikeTheFileAndAnUnknownOneIsSaidSo() throws Exception {
        JsonNode known = json(get("/api/verify/0x" + m.ids().toUpperCase()));
        assertTrue(known.path("known").asBoolean());
        assertTrue(known.path("file").isMissingNode(), "no bytes, no verdict on bytes");
        assertTrue(known.path("timeline").size() >= 6, known.toString());

        JsonNode unknown = json(get("/api/verify/" + "cd".repeat(32)));
        assertFalse(unknown.path("known").asBoolean());
        assertEquals("UNKNOWN: no package with this digest was ever published on this chain", unknown.path("sentence").asText());
        assertTrue(unknown.path("timeline").isMissingNode());
    }

    @Test
    void badInputIsAProblemNamingTheField() throws Exception {
        JsonNode p = CatalogueApiTest.problem(get("/api/verify/0x1234"), 400);
        assertEquals("digest", p.path("invalid-params").path(0).path("name").asText());
        assertTrue(p.path("detail").asText().contains("64 hexadecimal digits"), p.toString());
        assertEquals("file", CatalogueApiTest.problem(post("", new byte[0]), 400).path("invalid-params").path(0).path("name").asText());
        assertEquals("colour", CatalogueApiTest.problem(post("?colour=red", new byte[] {1}), 400).path("invalid-params").path(0).path("name").asText());
        HttpResponse<String> get = get("/api/verify");
        CatalogueApiTest.problem(get, 405);
        assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
        CatalogueApiTest.problem(get("/api/verify/" + m.ids() + "/more"), 404);
    }
}
