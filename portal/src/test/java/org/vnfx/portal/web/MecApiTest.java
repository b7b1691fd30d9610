package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.vnfx.ledger.suite.Role;
import org.vnfx.portal.PortalServer;

/**
 * The MEC node's API over real HTTP with a real MEC agent on the shared marketplace: the chain's part (identity, free
 * resources, deployments) and the agent's (running VNFs with their error counts, recent UE requests) before and after
 * a UE's cold and warm starts; a real Suricata's alerts as observations; an agent that cannot be reached is a clear sentence in a 200, not a failure; the role
 * gate answers 403 to others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MecApiTest {
    static Marketplace m;
    static MecNode node;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        node = MecNode.start(m, "mec-api");
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
    }

    static JsonNode get(PortalServer portal, String path, int status) throws Exception {
        HttpResponse<String> r = CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(portal.url().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r.body());
        return CatalogueApiTest.JSON.readTree(r.body());
    }

    @Test
    void theOverviewShowsTheChainAndTheAgentBeforeAndAfterUeRequests() throws Exception {
        JsonNode before = get(node.portal, "/api/mec/overview", 200);
        assertEquals(node.actor.address().toLowerCase(Locale.ROOT), before.path("address").asText().toLowerCase(Locale.ROOT));
        assertEquals("approved", before.path("status").asText());
        assertEquals(MecNode.CAPACITY.vcpuMillis(), before.path("free").path("vcpuMillis").asLong(), "the agent published its capacity at start");
        assertEquals(MecNode.CAPACITY.memoryMiB(), before.path("free").path("memoryMiB").asLong());
        assertEquals(0, before.path("deployments").size());
        JsonNode agent = before.path("agent");
        assertTrue(agent.path("reachable").asBoolean(), agent.toString());
        assertEquals(node.server.url().toString(), agent.path("url").asText());
        assertFalse(agent.has("warning"), "the agent serves this very node");
        assertEquals(0, agent.path("services").size());
        assertEquals(0, agent.path("requests").size());

        HttpResponse<String> cold = node.ueRequest(node.function);
        assertEquals(200, cold.statusCode(), cold.body());
        String deployment = CatalogueApiTest.JSON.readTree(cold.body()).path("deploymentId").asText();
        assertEquals(200, node.ueRequest(node.function).statusCode(), "the second request is warm");
        assertEquals(404, node.ueRequest("no-such-function").statusCode());

        JsonNode after = get(node.portal, "/api/mec/overview", 200);
        JsonNode d = after.path("deployments").path(0);
        assertEquals(deployment, d.path("id").asText());
        assertEquals(node.function, d.path("function").asText());
        assertEquals("running", d.path("status").asText());
        assertEquals(node.digest, d.path("offer").asText());
        assertTrue(after.path("free").path("vcpuMillis").asLong() < MecNode.CAPACITY.vcpuMillis(), "the running VNF holds resources: " + after.path("free"));

        JsonNode s = after.path("agent").path("services").path(0);
        assertEquals(node.function, s.path("function").asText());
        assertEquals(deployment, s.path("deploymentId").asText());
        assertTrue(s.path("alive").asBoolean());
        assertTrue(s.path("endpoint").asText().startsWith("http://"));
        assertEquals(42, s.path("errorTotal").asLong(), s.toString());
        assertEquals("capture_drop", s.path("errors").path(0).path("type").asText());
        assertEquals(40, s.path("errors").path(0).path("count").asLong());

        JsonNode requests = after.path("agent").path("requests");
        assertEquals(3, requests.size(), requests.toString());
        JsonNode refused = requests.path(0), warm = requests.path(1), first = requests.path(2); // newest first
        assertEquals(404, refused.path("status").asInt());
        assertTrue(refused.path("problem").asText().contains("no-such-function"), refused.toString());
        assertTrue(refused.path("deploymentId").isNull());
        assertEquals(200, warm.path("status").asInt());
        assertFalse(warm.path("coldStart").asBoolean());
        assertEquals(200, first.path("status").asInt());
        assertTrue(first.path("coldStart").asBoolean());
        assertEquals(deployment, first.path("deploymentId").asText());

        assertEquals(after.path("agent").path("services"), get(node.portal, "/api/mec/agent", 200).path("services"), "the polled part alone");
    }

    /** Suricata's alerts are what the page calls observations: the exemplar's sample capture raises them at start. */
    @Test
    @Order(Integer.MAX_VALUE) // last: the first test counts the node's deployments and requests from none
    void aSuricataIdsShowsItsAlertsAsObservations() throws Exception {
        String function = MecNode.publishIds(m, "mec-api-ids");
        HttpResponse<String> served = node.ueRequest(function);
        assertEquals(200, served.statusCode(), served.body());
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        JsonNode ids = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode s : get(node.portal, "/api/mec/agent", 200).path("services")) if (s.path("function").asText().equals(function)) ids = s;
            if (ids != null && ids.path("observations").size() >= 3) break;
            Thread.sleep(250);
        }
        assertTrue(ids != null && ids.path("alive").asBoolean(), String.valueOf(ids));
        List<String> alerts = new ArrayList<>();
        for (JsonNode o : ids.path("observations")) alerts.add(o.path("what").asText());
        for (String sid : List.of("9000001", "9000002", "9000003")) {
            assertTrue(alerts.stream().anyMatch(a -> a.startsWith("alert " + sid + " ")), sid + " in " + alerts);
        }
        assertEquals(0, ids.path("errorTotal").asLong(), "alerts are not errors: " + ids);
        assertEquals(200, CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(node.server.url().resolve("/services/" + function)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the IDS is uninstalled (the other test's VNF keeps running)");
    }

    @Test
    void anUnreachableAgentIsAClearMessageAndTheChainPartStays() throws Exception {
        URI nowhere = MecNode.nowhere();
        try (PortalServer portal = new PortalServer(new InetSocketAddress("127.0.0.1", 0), m.webOf(node.actor, null).withMecAgent(nowhere).routes())) {
            JsonNode o = get(portal, "/api/mec/overview", 200);
            assertEquals("approved", o.path("status").asText());
            JsonNode a = o.path("agent");
            assertFalse(a.path("reachable").asBoolean());
            assertTrue(a.path("problem").asText().startsWith("the MEC agent at " + nowhere + " could not be reached"), a.toString());
            assertFalse(a.has("services"));
            assertEquals(a.path("problem"), get(portal, "/api/mec/agent", 200).path("problem"));
        }
    }

    @Test
    void withoutAnAgentTheChainPartIsShownWithTheReason() throws Exception {
        try (PortalServer portal = m.portalOf(m.mec())) {
            JsonNode o = get(portal, "/api/mec/overview", 200);
            assertFalse(o.path("agent").path("configured").asBoolean());
            assertTrue(o.path("agent").path("problem").asText().contains("--mec-agent"), o.path("agent").toString());
            assertTrue(o.path("deployments").size() >= 1, "the fixture's sessions of the exemplar");
            JsonNode last = o.path("deployments").path(o.path("deployments").size() - 1);
            assertEquals("ids", last.path("function").asText());
            assertEquals(m.ids(), last.path("offer").asText());
        }
    }

    @Test
    void othersAreRefusedByTheRoleGate() throws Exception {
        try (PortalServer customer = m.portalOf(m.market().actor("mec-api-customer", Role.CUSTOMER))) {
            JsonNode p = get(customer, "/api/mec/overview", 403);
            assertEquals("mec", p.path("requiredRole").asText());
            assertEquals("customer", p.path("heldRole").asText());
            assertEquals(403, get(customer, "/api/mec/agent", 403).path("status").asInt());
        }
        HttpResponse<String> post = CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(node.portal.url().resolve("/api/mec/overview"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }
}
