package org.vnfx.portal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.vnfx.contracts.Orchestration;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.economics.ErrorType;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.trail.Trail;
import org.vnfx.ledger.trail.TrailEvent;
import org.vnfx.portal.http.Http;

/**
 * The MEC node's view, for a portal whose user is a MEC node (gated by {@link Actor#require}(MEC)):
 * <ul>
 *   <li>{@code GET /api/mec/overview} — from the chain: the node's identity and the free resources it published, and
 *       every deployment it requested (status, granted offer, amount due); plus the agent's part below;
 *   <li>{@code GET /api/mec/agent} — from the node's MEC agent over HTTP, when the portal was given its URL: the VNFs
 *       running there (deployment, endpoint, alive, error counts, observations such as Suricata's alerts) and the
 *       recent UE requests. The page polls this one: the agent's state changes without a chain event.
 * </ul>
 * An agent that cannot be reached, or answers wrongly, is reported in the answer ({@code agent.reachable} false and a
 * {@code problem} sentence), never as a failure of the portal: the chain part stays useful without it.
 */
final class MecApi {
    static final String ROOT = "/api/mec";
    /** Short: the page waits for this, and a dead agent must not hold the portal's threads. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private final Actor user;
    private final URI agent;
    private final Trail trail;
    private final HttpClient http;

    /** @param agent the MEC agent's base URL ({@code vnfx mec serve}'s), or null when the portal was not given one */
    MecApi(Actor user, URI agent) {
        this.user = user;
        this.agent = agent;
        this.trail = new Trail(user.chain(), user.record());
        this.http = agent == null ? null : HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    boolean answer(HttpExchange ex, String path) throws Exception {
        if (path.equals(ROOT + "/overview")) {
            CatalogueApi.requireGet(ex);
            Actor.Identity id = user.require(Role.MEC);
            Http.json(ex, 200, overview(id));
            return true;
        }
        if (path.equals(ROOT + "/agent")) {
            CatalogueApi.requireGet(ex);
            user.require(Role.MEC);
            Http.json(ex, 200, agent());
            return true;
        }
        return false;
    }

    private ObjectNode overview(Actor.Identity id) throws Exception {
        ObjectNode n = Http.JSON.createObjectNode().put("address", id.address()).put("status", id.status().name().toLowerCase(Locale.ROOT))
                .put("describe", id.describe());
        Requirements free = user.market().freeResources(id.address());
        n.putObject("free").put("vcpuMillis", free.vcpuMillis()).put("memoryMiB", free.memoryMiB()).put("diskMiB", free.diskMiB());
        n.set("deployments", deployments(id.address()));
        n.set("agent", agent());
        return n;
    }

    /**
     * Every deployment this node requested, newest first: found from its DeploymentRequested events (selected by the node
     * on the indexed MEC address, not the whole trail), read from the contract now.
     */
    private ArrayNode deployments(String address) throws Exception {
        List<TrailEvent> events = trail.of("Orchestration", Orchestration.DEPLOYMENTREQUESTED_EVENT, null, Trail.topic(address));
        ArrayNode list = Http.JSON.createArrayNode();
        for (int i = events.size() - 1; i >= 0; i--) {
            TrailEvent e = events.get(i);
            BigInteger id = (BigInteger) e.arg("deploymentId");
            Orchestration.Deployment d = user.market().deployment(id);
            boolean granted = new BigInteger(1, d.offer).signum() != 0;
            ObjectNode x = list.addObject().put("id", id.toString()).put("function", FunctionType.fromBytes32(d.functionType))
                    .put("status", Market.status(d).name().toLowerCase(Locale.ROOT)).put("requestedAt", e.time().toString())
                    .put("amountDueWei", d.amountDue.toString());
            x.put("offer", granted ? HexFormat.of().formatHex(d.offer) : null);
        }
        return list;
    }

    // --- the agent -------------------------------------------------------------------------------

    /** The agent's part: {configured, url, reachable, problem?, mec?, services?, requests?}. */
    ObjectNode agent() {
        ObjectNode a = Http.JSON.createObjectNode().put("configured", agent != null);
        if (agent == null) {
            return a.put("reachable", false).put("problem", "this portal was not given the MEC agent's URL (vnfx portal serve --mec-agent URL): "
                    + "only what the chain holds is shown");
        }
        a.put("url", agent.toString());
        try {
            // Asked together: a slow agent costs the page one timeout, not three.
            CompletableFuture<HttpResponse<String>> h = ask("/health"), v = ask("/services"), q = ask("/requests");
            JsonNode health = json("/health", h), services = json("/services", v), requests = json("/requests", q);
            if (!services.isArray() || !requests.isArray()) throw new IOException("its answer is not the MEC agent's API");
            String serves = health.path("mec").asText("");
            a.put("reachable", true).put("mec", serves);
            if (!serves.equalsIgnoreCase(user.address())) {
                a.put("warning", "the agent at " + agent + " serves MEC node " + serves + ", not this portal's user " + user.address());
            }
            a.set("services", services(services));
            a.set("requests", requests(requests));
        } catch (HttpTimeoutException e) {
            a.put("reachable", false).put("problem", "the MEC agent at " + agent + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            a.put("reachable", false).put("problem", "the MEC agent at " + agent + " could not be reached: " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a.put("reachable", false).put("problem", "the portal is stopping");
        }
        return a;
    }

    private CompletableFuture<HttpResponse<String>> ask(String path) {
        return http.sendAsync(HttpRequest.newBuilder(agent.resolve(path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's JSON; a failed exchange is thrown as the IOException it was (what {@link HttpClient#send} throws). */
    private static JsonNode json(String path, CompletableFuture<HttpResponse<String>> answer) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        }
        if (r.statusCode() != 200) throw new IOException("GET " + path + " answered " + r.statusCode());
        try {
            return Http.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException("GET " + path + " did not answer JSON");
        }
    }

    /** "Connection refused" rather than a bare exception class: the page shows it to a person. */
    private static String reason(IOException e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) t = t.getCause();
        String m = t.getMessage();
        if (e instanceof java.net.ConnectException || t instanceof java.net.ConnectException) return "connection refused" + (m == null || m.isBlank() ? "" : " (" + m + ")");
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The agent's VNFs with their error counts named by {@link ErrorType} (the agent sends them by index). */
    private static ArrayNode services(JsonNode services) {
        ArrayNode out = Http.JSON.createArrayNode();
        for (JsonNode s : services) {
            ObjectNode x = out.addObject().put("function", s.path("function").asText()).put("deploymentId", s.path("deploymentId").asText())
                    .put("endpoint", s.path("endpoint").asText()).put("alive", s.path("alive").asBoolean());
            ArrayNode errors = x.putArray("errors");
            long total = 0;
            JsonNode counts = s.path("errorCounts");
            for (int i = 0; i < counts.size(); i++) {
                long c = counts.get(i).asLong();
                total += c;
                if (c == 0) continue;
                String type = i < ErrorType.values().length ? ErrorType.values()[i].name().toLowerCase(Locale.ROOT) : "error-" + i;
                String about = i < ErrorType.values().length ? ErrorType.values()[i].meaning() : "";
                errors.addObject().put("type", type).put("count", c).put("about", about);
            }
            x.put("errorTotal", total);
            ArrayNode observations = x.putArray("observations");
            for (JsonNode o : s.path("observations")) observations.addObject().put("what", o.path("what").asText()).put("count", o.path("count").asLong());
        }
        return out;
    }

    /** The recent UE requests, newest first (the agent keeps them oldest first). */
    private static ArrayNode requests(JsonNode requests) {
        ArrayNode out = Http.JSON.createArrayNode();
        for (int i = requests.size() - 1; i >= 0; i--) {
            JsonNode r = requests.get(i);
            ObjectNode x = out.addObject().put("at", r.path("at").asText()).put("function", r.path("function").asText())
                    .put("status", r.path("status").asInt()).put("coldStart", r.path("coldStart").asBoolean()).put("millis", r.path("millis").asLong());
            x.put("deploymentId", r.path("deploymentId").isNull() || r.path("deploymentId").isMissingNode() ? null : r.path("deploymentId").asText());
            x.put("problem", r.path("problem").isTextual() ? r.path("problem").asText() : null);
        }
        return out;
    }
}
