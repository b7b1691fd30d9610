package org.vnfx.portal.vnfpkgm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Offers;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.suite.Role;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.Examples;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.portal.PortalServer;
import org.vnfx.portal.auth.ClientRegistry;
import org.vnfx.portal.auth.OAuth;
import org.vnfx.portal.auth.Tokens;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;

/**
 * The SOL005 VNF package management API over real HTTP, as a MANO stack would drive it, onboarding
 * for real: SOL004 verification, the VNFD, encryption, the store server and an offer on anvil.
 */
class VnfPkgmApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TERMS = "{\"userDefinedData\":{\"vnfx\":{\"functionType\":\"ids\",\"pricePerSecond\":\"1000000000\"},\"site\":\"edge-1\"}}";

    static TestMarket market;
    static Path work;
    static StoreServer store;
    static FileVnfPackages packages;
    static PortalServer portal;
    static TestMarket.Actor provider;
    static String providerToken;
    static String readerToken;
    static Path exemplar;

    @BeforeAll
    static void start() throws Exception {
        market = TestMarket.start();
        work = Files.createTempDirectory("vnfx-vnfpkgm-");
        store = StoreServer.start(new LocalArtifactStore(work.resolve("store")));
        provider = market.actor("provider", Role.PROVIDER);
        packages = new FileVnfPackages(work.resolve("vnf_packages"),
                new MarketOnboarding(provider.market(), market.record.operator(), new KuboArtifactStore(store.uri()), new CsarVerifier()));
        ClientRegistry clients = new ClientRegistry(work.resolve("clients.json"));
        String osm = clients.add("osm", "provider", provider.address());
        String dashboard = clients.add("dashboard", "reader", null);
        OAuth oauth = new OAuth(clients, new Tokens(Clock.systemUTC()));
        portal = new PortalServer(new InetSocketAddress("127.0.0.1", 0), oauth, new VnfPkgmApi(packages, oauth, 64L << 20));
        providerToken = token("osm", osm);
        readerToken = token("dashboard", dashboard);
        exemplar = CsarBuilder.build(List.of(Examples.root().resolve("examples/suricata-ids/package")), work.resolve("ids.csar")).file();
    }

    @AfterAll
    static void stop() throws Exception {
        portal.close();
        packages.close();
        store.close();
        market.close();
    }

    static String token(String id, String secret) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(portal.url().resolve("/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    static HttpResponse<byte[]> call(String method, String path, String token, String type, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(portal.url().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (type != null) b.header("Content-Type", type);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static String create() throws Exception {
        HttpResponse<byte[]> r = call("POST", "/vnfpkgm/v1/vnf_packages", providerToken, "application/json", TERMS.getBytes(StandardCharsets.UTF_8));
        assertEquals(201, r.statusCode(), new String(r.body()));
        String id = json(r).path("id").asText();
        assertEquals("/vnfpkgm/v1/vnf_packages/" + id, r.headers().firstValue("Location").orElseThrow());
        return id;
    }

    static JsonNode awaitOnboarding(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode p;
        do {
            Thread.sleep(100);
            p = json(call("GET", "/vnfpkgm/v1/vnf_packages/" + id + "?all_fields", providerToken, null, null));
        } while (p.path("onboardingState").asText().matches("UPLOADING|PROCESSING") && System.nanoTime() < deadline);
        return p;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aPackageIsCreatedUploadedOnboardedOfferedOnChainAndServedBack() throws Exception {
        String id = create();
        JsonNode created = json(call("GET", "/vnfpkgm/v1/vnf_packages/" + id, providerToken, null, null));
        assertEquals("CREATED", created.path("onboardingState").asText());
        assertEquals("DISABLED", created.path("operationalState").asText());
        assertEquals("NOT_IN_USE", created.path("usageState").asText());
        assertFalse(created.has("userDefinedData"), "complex attributes are left out by default");
        assertEquals(409, call("GET", "/vnfpkgm/v1/vnf_packages/" + id + "/package_content", providerToken, null, null).statusCode(),
                "no content before onboarding");

        byte[] csar = Files.readAllBytes(exemplar);
        assertEquals(202, call("PUT", "/vnfpkgm/v1/vnf_packages/" + id + "/package_content", providerToken, "application/zip", csar).statusCode());
        assertEquals(409, call("PUT", "/vnfpkgm/v1/vnf_packages/" + id + "/package_content", providerToken, "application/zip", csar).statusCode(),
                "content is uploaded once");
        JsonNode p = awaitOnboarding(id);
        assertEquals("ONBOARDED", p.path("onboardingState").asText(), p.toString());
        assertEquals("ENABLED", p.path("operationalState").asText());
        assertEquals("vnfx examples", p.path("vnfProvider").asText());
        assertEquals("suricata-ids", p.path("vnfProductName").asText());
        assertEquals("7.0.10", p.path("vnfSoftwareVersion").asText());
        assertEquals(sha256(csar), p.path("checksum").path("hash").asText());
        assertEquals("edge-1", p.path("userDefinedData").path("site").asText());
        assertTrue(p.path("additionalArtifacts").toString().contains("Files/rules/vnfx.rules"), p.toString());
        assertEquals("suricata", p.path("softwareImages").get(0).path("name").asText());

        Offers.Offer offer = market.operator.market().offer(HexFormat.of().parseHex(sha256(csar)));
        assertEquals(provider.address().toLowerCase(), offer.provider.toLowerCase(), "the offer is on chain, by this provider");
        assertEquals(Market.OfferStatus.ADVERTISED.ordinal(), offer.status.intValue());
        assertEquals(512, offer.memoryMiB.intValue(), "requirements come from the VNFD");

        HttpResponse<byte[]> content = call("GET", "/vnfpkgm/v1/vnf_packages/" + id + "/package_content", readerToken, null, null);
        assertEquals(200, content.statusCode());
        assertArrayEquals(csar, content.body());
        HttpResponse<byte[]> range = call("GET", "/vnfpkgm/v1/vnf_packages/" + id + "/package_content", readerToken, null, null, "Range", "bytes=10-19");
        assertEquals(206, range.statusCode());
        assertEquals("bytes 10-19/" + csar.length, range.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(java.util.Arrays.copyOfRange(csar, 10, 20), range.body());
        assertEquals(416, call("GET", "/vnfpkgm/v1/vnf_packages/" + id + "/package_content", readerToken, null, null, "Range",
                "bytes=" + csar.length + "-").statusCode());

        HttpResponse<byte[]> vnfd = call("GET", "/vnfpkgm/v1/vnf_packages/" + id + "/vnfd", readerToken, null, null, "Accept", "text/plain");
        assertEquals(200, vnfd.statusCode());
        assertArrayEquals(Files.readAllBytes(Examples.root().resolve("examples/suricata-ids/package/Definitions/vnfd.yaml")), vnfd.body());
        HttpResponse<byte[]> rules = call("GET", "/vnfpkgm/v1/vnf_packages/" + id + "/artifacts/Files/rules/vnfx.rules", readerToken, null, null);
        assertArrayEquals(Files.readAllBytes(Examples.root().resolve("examples/suricata-ids/package/Files/rules/vnfx.rules")), rules.body());
        assertEquals(404, call("GET", "/vnfpkgm/v1/vnf_packages/" + id + "/artifacts/Files/nothing", readerToken, null, null).statusCode());
        assertTrue(new String(call("GET", "/vnfpkgm/v1/vnf_packages/" + id + "/manifest", readerToken, null, null).body()).contains("vnf_product_name: suricata-ids"));

        // The state machine: enabled packages cannot be deleted; disabling twice is a conflict.
        assertEquals(409, call("DELETE", "/vnfpkgm/v1/vnf_packages/" + id, providerToken, null, null).statusCode());
        assertEquals(409, call("PATCH", "/vnfpkgm/v1/vnf_packages/" + id, providerToken, "application/merge-patch+json",
                "{\"operationalState\":\"ENABLED\"}".getBytes()).statusCode());
        HttpResponse<byte[]> disabled = call("PATCH", "/vnfpkgm/v1/vnf_packages/" + id, providerToken, "application/merge-patch+json",
                "{\"operationalState\":\"DISABLED\",\"userDefinedData\":{\"site\":null,\"owner\":\"noc\"}}".getBytes());
        assertEquals(200, disabled.statusCode(), new String(disabled.body()));
        JsonNode after = json(call("GET", "/vnfpkgm/v1/vnf_packages/" + id + "?fields=userDefinedData", providerToken, null, null));
        assertEquals("{\"owner\":\"noc\",\"vnfx\":{\"functionType\":\"ids\",\"pricePerSecond\":\"1000000000\"}}",
                JSON.writeValueAsString(JSON.readTree(JSON.writeValueAsString(new java.util.TreeMap<>(JSON.convertValue(after.path("userDefinedData"), java.util.Map.class))))),
                "merge patch: null deletes, new keys add");
        assertEquals(204, call("DELETE", "/vnfpkgm/v1/vnf_packages/" + id, providerToken, null, null).statusCode());
        assertEquals(404, call("GET", "/vnfpkgm/v1/vnf_packages/" + id, providerToken, null, null).statusCode());

        // The same content uploaded again is recognised: onboarded against the offer already on chain.
        String again = create();
        assertEquals(202, call("PUT", "/vnfpkgm/v1/vnf_packages/" + again + "/package_content", providerToken, "application/zip", csar).statusCode());
        JsonNode second = awaitOnboarding(again);
        assertEquals("ONBOARDED", second.path("onboardingState").asText(), second.toString());
        assertEquals(sha256(csar), second.path("checksum").path("hash").asText());
    }

    @Test
    void aPackageThatFailsVerificationEndsInErrorNamingTheFileAndNothingReachesTheChain() throws Exception {
        // The exemplar with one rule file changed after the manifest was written.
        Path tampered = work.resolve("tampered.csar");
        try (ZipFile in = new ZipFile(exemplar.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream s = in.getInputStream(e)) {
                    byte[] b = s.readAllBytes();
                    out.write(e.getName().equals("Files/rules/vnfx.rules") ? (new String(b) + "# one more line\n").getBytes() : b);
                }
                out.closeEntry();
            }
        }
        String id = create();
        assertEquals(202, call("PUT", "/vnfpkgm/v1/vnf_packages/" + id + "/package_content", providerToken, "application/zip",
                Files.readAllBytes(tampered)).statusCode());
        JsonNode p = awaitOnboarding(id);
        assertEquals("ERROR", p.path("onboardingState").asText(), p.toString());
        String detail = p.path("onboardingFailureDetails").path("detail").asText();
        assertTrue(detail.startsWith("vnfd.mf:") && detail.contains("Files/rules/vnfx.rules"), detail);
        Offers.Offer none = market.operator.market().offer(HexFormat.of().parseHex(sha256(Files.readAllBytes(tampered))));
        assertEquals(MarketOnboarding.EMPTY_ADDRESS, none.provider, "nothing was advertised");
        assertEquals(409, call("PATCH", "/vnfpkgm/v1/vnf_packages/" + id, providerToken, "application/merge-patch+json",
                "{\"operationalState\":\"ENABLED\"}".getBytes()).statusCode(), "only ONBOARDED packages change operational state");
        assertEquals(204, call("DELETE", "/vnfpkgm/v1/vnf_packages/" + id, providerToken, null, null).statusCode(), "a failed package can be deleted");

        String noTerms = json(call("POST", "/vnfpkgm/v1/vnf_packages", providerToken, "application/json", "{}".getBytes())).path("id").asText();
        call("PUT", "/vnfpkgm/v1/vnf_packages/" + noTerms + "/package_content", providerToken, "application/zip", Files.readAllBytes(exemplar));
        JsonNode q = awaitOnboarding(noTerms);
        assertEquals("ERROR", q.path("onboardingState").asText());
        assertEquals("userDefinedData.vnfx must give functionType and pricePerSecond (wei per second)",
                q.path("onboardingFailureDetails").path("detail").asText());
    }

    @Test
    void listsFilterSelectAndPageAsSol013Says() throws Exception {
        for (int i = 0; i < VnfPkgmApi.PAGE_SIZE + 5; i++) create();
        HttpResponse<byte[]> first = call("GET", "/vnfpkgm/v1/vnf_packages?filter=(eq,onboardingState,CREATED)&fields=userDefinedData", readerToken, null, null);
        assertEquals(200, first.statusCode());
        assertEquals(VnfPkgmApi.PAGE_SIZE, json(first).size());
        assertEquals("edge-1", json(first).get(0).path("userDefinedData").path("site").asText());
        String link = first.headers().firstValue("Link").orElseThrow();
        assertTrue(link.endsWith(">; rel=\"next\""), link);
        HttpResponse<byte[]> next = call("GET", link.substring(1, link.indexOf('>')), readerToken, null, null);
        assertTrue(json(next).size() >= 5);
        assertTrue(next.headers().firstValue("Link").isEmpty(), "the last page has no next link");
        assertEquals(0, json(call("GET", "/vnfpkgm/v1/vnf_packages?filter=(eq,vnfProductName,no-such-vnf)", readerToken, null, null)).size());
        HttpResponse<byte[]> bad = call("GET", "/vnfpkgm/v1/vnf_packages?filter=(eq,vnfProduct,x)", readerToken, null, null);
        assertEquals(400, bad.statusCode());
        assertTrue(json(bad).path("detail").asText().contains("'vnfProduct' is not an attribute"));
        assertEquals(400, call("GET", "/vnfpkgm/v1/vnf_packages?all_fields&fields=checksum", readerToken, null, null).statusCode());
    }

    @Test
    void callersWithoutTokensRolesOrTheRightMethodAreRefusedWithProblemDetails() throws Exception {
        HttpResponse<byte[]> none = call("GET", "/vnfpkgm/v1/vnf_packages", null, null, null);
        assertEquals(401, none.statusCode());
        assertEquals("application/problem+json", none.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<byte[]> reader = call("POST", "/vnfpkgm/v1/vnf_packages", readerToken, "application/json", TERMS.getBytes());
        assertEquals(403, reader.statusCode());
        HttpResponse<byte[]> put = call("PUT", "/vnfpkgm/v1/vnf_packages", providerToken, "application/json", "{}".getBytes());
        assertEquals(405, put.statusCode());
        assertEquals("GET, POST", put.headers().firstValue("Allow").orElseThrow());
        assertEquals(415, call("POST", "/vnfpkgm/v1/vnf_packages", providerToken, "text/plain", "{}".getBytes()).statusCode());
        assertEquals(400, call("POST", "/vnfpkgm/v1/vnf_packages", providerToken, "application/json", "{\"name\":1}".getBytes()).statusCode());
        assertEquals(404, call("GET", "/vnfpkgm/v1/vnf_packages/0b2c7b8e-0000-4000-8000-000000000000", readerToken, null, null).statusCode());
        JsonNode versions = json(call("GET", "/vnfpkgm/v1/api_versions", readerToken, null, null));
        assertEquals("/vnfpkgm/v1", versions.path("uriPrefix").asText());
        assertEquals(VnfPkgmApi.API_VERSION, versions.path("apiVersions").get(0).path("version").asText());
    }
}
