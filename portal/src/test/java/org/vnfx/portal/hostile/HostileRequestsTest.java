package org.vnfx.portal.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.mec.MecAgent;
import org.vnfx.mec.MecServer;
import org.vnfx.mec.runtime.Runtimes;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.portal.PortalServer;
import org.vnfx.portal.auth.ClientRegistry;
import org.vnfx.portal.auth.OAuth;
import org.vnfx.portal.auth.Tokens;
import org.vnfx.portal.hostile.RawHttp.Answer;
import org.vnfx.portal.vnfpkgm.FileVnfPackages;
import org.vnfx.portal.vnfpkgm.MarketOnboarding;
import org.vnfx.portal.vnfpkgm.VnfPkgmApi;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;
import org.vnfx.store.http.RequestLimits;

/**
 * Every HTTP server vnfx runs — the store's Kubo API, the MEC agent's UE API, the portal (SOL005 and its OAuth
 * endpoint; the web GUI's routes sit behind the same limits in the same server) — faces clients that send too much,
 * too slowly or nonsense, over real sockets. Each is refused with a clear answer (or, for a body that stalls, a
 * closed connection) and never read whole; after each, every server still answers an ordinary request.
 */
@Timeout(120) // a server that hangs on a client is the failure under test; it must not hold the build
class HostileRequestsTest {
    static final int BODY_IDLE_SECONDS = 2;
    static final long STORE_MAX_UPLOAD_BYTES = 1L << 20;
    static final long PORTAL_MAX_PACKAGE_BYTES = 64L << 20;
    static final long TWO_GIB = 2L << 30;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One server under attack: where to post, what it posts, and its body limit. */
    record Endpoint(String name, URI url, String postTarget, String contentType, String auth, long maxBodyBytes) {
        String head(String... more) {
            String[] lines = new String[more.length + 2];
            lines[0] = "Content-Type: " + contentType;
            lines[1] = auth;
            System.arraycopy(more, 0, lines, 2, more.length);
            return RawHttp.head("POST " + postTarget + " HTTP/1.1", url.getHost() + ":" + url.getPort(), lines);
        }
    }

    static TestMarket market;
    static Path work;
    static StoreServer store;
    static MecServer mec;
    static PortalServer portal;
    static FileVnfPackages packages;
    static String token;
    static List<Endpoint> endpoints;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty(RequestLimits.BODY_IDLE_SECONDS_PROPERTY, String.valueOf(BODY_IDLE_SECONDS));
        market = TestMarket.start();
        work = Files.createTempDirectory("vnfx-hostile-");
        store = StoreServer.start(new LocalArtifactStore(work.resolve("store")), StoreServer.Options.defaults().withMaxUploadBytes(STORE_MAX_UPLOAD_BYTES));

        TestMarket.Actor node = market.actor("mec", Role.MEC);
        MecAgent agent = new MecAgent(market.chain, market.record, node.account(), node.encryption(), new KuboArtifactStore(store.uri()),
                Runtimes.standard(), new MecAgent.Config(new Requirements(1000, 1024, 1024), Duration.ofMinutes(10), Duration.ofSeconds(30), work.resolve("agent")));
        mec = new MecServer(agent, new InetSocketAddress("127.0.0.1", 0));

        TestMarket.Actor provider = market.actor("provider", Role.PROVIDER);
        packages = new FileVnfPackages(work.resolve("vnf_packages"),
                new MarketOnboarding(provider.market(), market.record.operator(), new KuboArtifactStore(store.uri()), new CsarVerifier()));
        ClientRegistry clients = new ClientRegistry(work.resolve("clients.json"));
        String secret = clients.add("osm", "provider", provider.address());
        OAuth oauth = new OAuth(clients, new Tokens(Clock.systemUTC()));
        portal = new PortalServer(new InetSocketAddress("127.0.0.1", 0), PortalServer.sol005(oauth, new VnfPkgmApi(packages, oauth, PORTAL_MAX_PACKAGE_BYTES)),
                RequestLimits.withMaxBody(PORTAL_MAX_PACKAGE_BYTES));
        token = token("osm", secret);

        endpoints = List.of(
                new Endpoint("store", store.uri(), "/api/v0/add?cid-version=1&raw-leaves=true", "multipart/form-data; boundary=xyz", "X-No-Auth: none",
                        STORE_MAX_UPLOAD_BYTES),
                new Endpoint("mec", mec.url(), "/services", "application/json", "X-No-Auth: none", MecServer.MAX_BODY_BYTES),
                new Endpoint("portal", portal.url(), "/vnfpkgm/v1/vnf_packages", "application/json", "Authorization: Bearer " + token,
                        PORTAL_MAX_PACKAGE_BYTES));
    }

    @AfterAll
    static void stop() throws Exception {
        if (portal != null) portal.close();
        if (packages != null) packages.close();
        if (mec != null) mec.close();
        if (store != null) store.close();
        if (market != null) market.close();
        System.clearProperty(RequestLimits.BODY_IDLE_SECONDS_PROPERTY);
    }

    /** Whatever a client did, every server answers the next ordinary request. */
    @AfterEach
    void everyServerStillServes() throws Exception {
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(store.uri().resolve("/api/v0/id")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(mec.url().resolve("/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(portal.url().resolve("/vnfpkgm/v1/api_versions")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        for (Endpoint e : endpoints) {
            Answer a = RawHttp.send(e.url(), e.head("Content-Length: " + TWO_GIB), null);
            assertEquals(413, a.status(), e.name() + ": " + a);
            // the store words it as its add does, the others as the filter does; both name the limit and the declared size
            assertTrue(a.body().contains("the limit is " + e.maxBodyBytes() + " bytes") && a.body().contains(String.valueOf(TWO_GIB)), e.name() + ": " + a);
            // and hangs up rather than wait for the 2 GiB this client will never send
            assertTrue(a.hungUp(), e.name() + " kept the connection open");
        }
    }

    @Test
    void aChunkedBodyThatNeverEndsIsRefusedOrCut() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (Endpoint e : endpoints) {
            Answer a = RawHttp.send(e.url(), e.head("Transfer-Encoding: chunked"), RawHttp.chunkedForever(chunk));
            assertTrue(a.closedOr(413), e.name() + ": " + a);
        }
    }

    @Test
    void aBodyThatStallsHasItsConnectionClosed() throws Exception {
        for (Endpoint e : endpoints) {
            Answer a = RawHttp.send(e.url(), e.head("Content-Length: 1000"), RawHttp.stalls("{\"function\""));
            assertEquals(Answer.CLOSED, a, e.name());
        }
    }

    @Test
    void hugeHeadersAreRefused() throws Exception {
        String padding = "X-Padding: " + "p".repeat(100 * 1024);
        for (Endpoint e : endpoints) {
            Answer a = RawHttp.send(e.url(), e.head(padding, "Content-Length: 0"), null);
            assertEquals(431, a.status(), e.name() + ": " + a);
            assertTrue(a.body().contains("the limit is " + RequestLimits.MAX_HEADER_BYTES), e.name() + ": " + a);
        }
        // Past the JDK server's own limit on a request's head, it closes the connection without an answer.
        String megabyte = "X-Padding: " + "p".repeat(1 << 20);
        for (Endpoint e : endpoints) assertTrue(RawHttp.send(e.url(), e.head(megabyte, "Content-Length: 0"), null).closedOr(431), e.name());
    }

    @Test
    void aVeryLongUrlIsRefused() throws Exception {
        String query = "&q=" + "u".repeat(16 * 1024);
        for (Endpoint e : endpoints) {
            Answer a = RawHttp.send(e.url(), RawHttp.head("POST " + e.postTarget() + (e.postTarget().contains("?") ? query : "?" + query.substring(1))
                    + " HTTP/1.1", "localhost", "Content-Length: 0"), null);
            assertEquals(414, a.status(), e.name() + ": " + a);
            assertTrue(a.body().contains("the limit is " + RequestLimits.MAX_URL_CHARS), e.name() + ": " + a);
        }
        String megabyte = "/" + "u".repeat(1 << 20);
        for (Endpoint e : endpoints) {
            assertTrue(RawHttp.send(e.url(), RawHttp.head("GET " + megabyte + " HTTP/1.1", "localhost"), null).closedOr(414), e.name());
        }
    }

    /** The JDK server parses the request line before any vnfx code runs: it refuses with a 4xx or hangs up. */
    @Test
    void aMalformedRequestLineIsRefused() throws Exception {
        for (Endpoint e : endpoints) {
            for (String line : List.of("THIS IS NOT HTTP", "GET", "\u0000\u0001\u0002 / HTTP/1.1", "GET /health HTTP/1.1 trailing")) {
                Answer a = RawHttp.send(e.url(), line + "\r\n\r\n", null);
                assertTrue(a.status() == -1 || (a.status() >= 400 && a.status() < 500), e.name() + " '" + line + "': " + a);
            }
        }
    }

    @Test
    void aMalformedJsonBodyIsABadRequest() throws Exception {
        byte[] broken = "{\"function\": ".getBytes(StandardCharsets.UTF_8);
        for (Endpoint e : endpoints) {
            Endpoint json = new Endpoint(e.name(), e.url(), e.postTarget(), "application/json", e.auth(), e.maxBodyBytes());
            Answer a = RawHttp.send(e.url(), json.head("Content-Length: " + broken.length), out -> out.write(broken));
            assertEquals(400, a.status(), e.name() + ": " + a);
        }
    }

    static String token(String id, String secret) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(portal.url().resolve("/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("access_token").asText();
    }
}
