package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.economics.ReputationHistory;

/** {@code /api/reputation} against {@link ReputationHistory}, and {@code /api/events}: live chain events as Server-Sent Events. */
class ReputationApiTest {
    static Marketplace m;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
    }

    @Test
    void theReputationJsonIsTheHistoryTheChainGives() throws Exception {
        JsonNode a = VerifyApiTest.json(VerifyApiTest.get("/api/reputation"));
        ReputationHistory h = ReputationHistory.read(m.market().chain, m.market().record);
        assertEquals(h.series().size(), a.path("series").size());
        assertEquals(h.fromBlock(), a.path("fromBlock").asLong());
        for (int i = 0; i < h.series().size(); i++) {
            ReputationHistory.Series s = h.series().get(i);
            JsonNode j = a.path("series").path(i);
            assertEquals(s.packageDigest(), j.path("packageDigest").asText());
            assertEquals(s.functionType(), j.path("functionType").asText());
            assertEquals(s.provider(), j.path("provider").asText());
            assertEquals(s.sessions(), j.path("sessions").asInt());
            assertEquals(s.prior().toString(), j.path("prior").asText());
            assertEquals(s.last().reputation().toString(), j.path("reputation").asText());
            assertEquals(s.points().size(), j.path("points").size());
            for (int k = 0; k < s.points().size(); k++) {
                ReputationHistory.Point p = s.points().get(k);
                JsonNode q = j.path("points").path(k);
                assertEquals(p.session(), q.path("session").asInt());
                assertEquals(p.deploymentId(), q.path("deploymentId").asLong());
                assertEquals(p.block(), q.path("block").asLong());
                assertEquals(p.reputation().toString(), q.path("reputation").asText());
                assertEquals(p.instantaneous() == null ? "null" : p.instantaneous().toString(), q.path("instantaneous").asText());
            }
        }
        JsonNode ids = a.path("series").findParents("packageDigest").stream().filter(n -> n.path("packageDigest").asText().equals("0x" + m.ids()))
                .findFirst().orElseThrow();
        assertEquals("suricata-ids", ids.path("product").asText(), "named by the catalogue");
        assertEquals("vnfx examples", ids.path("providerName").asText());

        List<String> ranking = new ArrayList<>();
        a.path("ranking").forEach(d -> ranking.add(d.asText()));
        assertEquals(h.series().size(), ranking.size());
        List<String> byReputation = h.series().stream().sorted((x, y) -> y.last().reputation().compareTo(x.last().reputation()))
                .map(ReputationHistory.Series::last).map(ReputationHistory.Point::reputation).map(Object::toString).toList();
        List<String> ranked = ranking.stream().map(d -> h.series().stream().filter(s -> s.packageDigest().equals(d)).findFirst().orElseThrow())
                .map(s -> s.last().reputation().toString()).toList();
        assertEquals(byReputation, ranked, "best reputation first");
        CatalogueApiTest.problem(VerifyApiTest.get("/api/reputation?function=ids"), 400);
    }

    /** Reads the stream's lines until a data line holds {@code text}; fails after a few seconds. */
    static String awaitData(BufferedReader lines, String text) throws Exception {
        CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) if (line.startsWith("data: ") && line.contains(text)) return line;
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return found.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNewSessionArrivesAsAServerSentEventAndALastEventIdReplaysWhatWasMissed() throws Exception {
        HttpResponse<java.io.InputStream> r = CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(m.url("/api/events")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            m.session(0, 0, 0, 0, 0, 0, 0, 0);
            String data = awaitData(lines, "\"event\":\"ReputationUpdated\"");
            JsonNode e = CatalogueApiTest.JSON.readTree(data.substring("data: ".length()));
            assertEquals("Offers", e.path("contract").asText());
            assertEquals("0x" + m.ids(), e.path("args").path("packageDigest").asText());
            assertTrue(e.path("block").asLong() > 0);
            assertEquals(e.path("block").asLong() + "-" + e.path("logIndex").asInt(), e.path("id").asText());
        }

        // A client that comes back after the first block replays from there: the fixture's first advertisement is included.
        HttpResponse<java.io.InputStream> again = CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(m.url("/api/events"))
                .header("Last-Event-ID", m.market().record.blockNumber() + "-0").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(again.body(), StandardCharsets.UTF_8))) {
            assertTrue(awaitData(lines, "\"event\":\"OfferAdvertised\"").contains(m.ids()), "the first advertisement is the exemplar's");
        }
    }
}
