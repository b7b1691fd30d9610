package org.vnfx.portal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;

/** The token endpoint and bearer checks over real HTTP, as a MANO client would meet them. */
class OAuthTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    HttpServer server;
    URI base;
    ClientRegistry clients;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T00:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        clients = new ClientRegistry(dir.resolve("portal/clients.json"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        OAuth oauth = new OAuth(clients, new Tokens(clock));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/oauth2/token", oauth::tokenEndpoint);
        server.createContext("/things", ex -> {
            try {
                Tokens.Principal who = oauth.authenticate(ex);
                if (ex.getRequestMethod().equals("POST")) OAuth.require(who, Set.of("provider"), "creating a thing");
                Http.json(ex, 200, JSON.createObjectNode().put("client", who.clientId()).put("role", who.role()));
            } catch (Problem p) {
                p.send(ex);
            } finally {
                ex.close();
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    HttpResponse<String> token(String form, String basic) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (basic != null) b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> things(String method, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/things")).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) b.header("Authorization", authorization);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void clientCredentialsGiveABearerTokenThatTheApiAcceptsUntilItExpires() throws Exception {
        String secret = clients.add("osm", "provider", "0x00000000000000000000000000000000000000aa");
        assertFalse(Files.readString(dir.resolve("portal/clients.json")).contains(secret), "only a hash of the secret is kept");

        HttpResponse<String> basic = token("grant_type=client_credentials", "osm:" + secret);
        assertEquals(200, basic.statusCode(), basic.body());
        assertEquals("no-store", basic.headers().firstValue("Cache-Control").orElse(""));
        JsonNode t = JSON.readTree(basic.body());
        assertEquals("Bearer", t.path("token_type").asText());
        assertEquals(3600, t.path("expires_in").asLong());
        HttpResponse<String> post = token("grant_type=client_credentials&client_id=osm&client_secret=" + secret, null);
        assertEquals(200, post.statusCode(), "client_secret_post works too");

        HttpResponse<String> ok = things("POST", "Bearer " + t.path("access_token").asText());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("osm", JSON.readTree(ok.body()).path("client").asText());

        now.set(now.get().plus(Tokens.LIFETIME).plus(Duration.ofSeconds(1)));
        HttpResponse<String> expired = things("GET", "Bearer " + t.path("access_token").asText());
        assertEquals(401, expired.statusCode());
        assertTrue(expired.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""));
        assertEquals("application/problem+json", expired.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void missingMalformedUnknownAndUnderprivilegedCallersAreToldApart() throws Exception {
        String readerSecret = clients.add("dashboard", "reader", null);
        String token = JSON.readTree(token("grant_type=client_credentials", "dashboard:" + readerSecret).body()).path("access_token").asText();

        HttpResponse<String> none = things("GET", null);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"vnfx\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, JSON.readTree(none.body()).path("status").asInt(), "ProblemDetails body");

        assertEquals(400, things("GET", "Token abc").statusCode());
        assertEquals(400, things("GET", "Bearer not a token").statusCode());
        assertEquals(401, things("GET", "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").statusCode());
        assertEquals(200, things("GET", "Bearer " + token).statusCode());
        HttpResponse<String> forbidden = things("POST", "Bearer " + token);
        assertEquals(403, forbidden.statusCode());
        assertEquals("client 'dashboard' has role reader; creating a thing needs one of [provider]", JSON.readTree(forbidden.body()).path("detail").asText());
    }

    @Test
    void theTokenEndpointAnswersInOAuthTerms() throws Exception {
        String secret = clients.add("tacker", "operator", null);
        HttpResponse<String> wrong = token("grant_type=client_credentials", "tacker:" + secret + "x");
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid_client", JSON.readTree(wrong.body()).path("error").asText());
        assertEquals(401, token("grant_type=client_credentials", "nobody:" + secret).statusCode());
        HttpResponse<String> grant = token("grant_type=password&username=a&password=b", "tacker:" + secret);
        assertEquals(400, grant.statusCode());
        assertEquals("unsupported_grant_type", JSON.readTree(grant.body()).path("error").asText());
        assertEquals("invalid_request", JSON.readTree(token("scope=x", "tacker:" + secret).body()).path("error").asText());
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(base.resolve("/oauth2/token")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
    }

    @Test
    void registrationRefusesBadIdsRolesAndDuplicates() throws Exception {
        clients.add("a", "mec", null);
        assertEquals("client 'a' exists", assertThrows(IllegalArgumentException.class, () -> clients.add("a", "mec", null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> clients.add("bad id", "mec", null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> clients.add("b", "admin", null)).getMessage().startsWith("role must be one of"));
    }
}
