package org.vnfx.mec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.store.http.RequestLimits;

/**
 * The UE-facing HTTP API of a MEC node.
 * <ul>
 *   <li>{@code POST /services} with {@code {"function":"ids"}}: serve the function (cold or warm start);
 *   <li>{@code GET /services}: what runs here;
 *   <li>{@code DELETE /services/{function}}: uninstall now and report the session;
 *   <li>{@code GET /requests}: the last UE requests this node answered, oldest first;
 *   <li>{@code GET /health}.
 * </ul>
 * Errors are RFC 7807 ProblemDetails ({@code application/problem+json}); a wrong method answers 405.
 */
public final class MecServer implements AutoCloseable {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MecAgent agent;
    private final HttpServer server;

    public MecServer(MecAgent agent, InetSocketAddress bind) throws IOException {
        this.agent = agent;
        this.server = HttpServer.create(bind, 64);
        RequestLimits limits = RequestLimits.withMaxBody(MAX_BODY_BYTES);
        limits.guard(server.createContext("/services", this::services), MecServer::refusal);
        limits.guard(server.createContext("/requests", ex -> {
            if (!allow(ex, "GET")) return;
            var list = JSON.createArrayNode();
            for (MecAgent.UeRequest r : agent.recentRequests()) {
                ObjectNode n = list.addObject().put("at", r.at().toString()).put("function", r.function()).put("status", r.status())
                        .put("coldStart", r.coldStart()).put("millis", r.millis());
                n.put("deploymentId", r.deploymentId() == null ? null : r.deploymentId().toString());
                n.put("problem", r.problem());
            }
            send(ex, 200, "application/json", list);
        }), MecServer::refusal);
        limits.guard(server.createContext("/health", ex -> {
            if (!allow(ex, "GET")) return;
            send(ex, 200, "application/json", JSON.createObjectNode().put("status", "up").put("mec", agent.address()));
        }), MecServer::refusal);
        limits.guard(server.createContext("/", ex -> problem(ex, 404, "Not found", "no resource " + ex.getRequestURI().getPath())), MecServer::refusal);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mec-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    private void services(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String rest = path.length() > "/services".length() ? path.substring("/services/".length()) : "";
            if (rest.isEmpty()) {
                if (!allow(ex, "POST", "GET")) return;
                if (ex.getRequestMethod().equals("GET")) {
                    send(ex, 200, "application/json", JSON.valueToTree(agent.services()));
                    return;
                }
                String function = functionOf(ex);
                if (function == null) return;
                MecAgent.Served s = agent.serve(function);
                send(ex, 200, "application/json", JSON.valueToTree(s));
            } else {
                if (!allow(ex, "DELETE")) return;
                send(ex, 200, "application/json", JSON.valueToTree(agent.uninstall(rest)));
            }
        } catch (ServeException e) {
            problem(ex, e.httpStatus(), e.title(), e.getMessage());
        } catch (Exception e) {
            problem(ex, 500, "MEC agent error", e.toString());
        } finally {
            ex.close();
        }
    }

    /** Reads and checks {"function": NAME}; answers 400/413 itself and returns null when the body is wrong. */
    private String functionOf(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            problem(ex, 413, "Request too large", "the body exceeds " + MAX_BODY_BYTES + " bytes");
            return null;
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            problem(ex, 400, "Malformed JSON", "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        if (n == null || !n.path("function").isTextual()) {
            problem(ex, 400, "Missing field", "the body must be {\"function\": NAME}; field 'function' is missing or not a string");
            return null;
        }
        String function = n.get("function").asText();
        try {
            FunctionType.toBytes32(function);
        } catch (IllegalArgumentException e) {
            problem(ex, 400, "Invalid field", "field 'function': " + e.getMessage());
            return null;
        }
        return function;
    }

    private static boolean allow(HttpExchange ex, String... methods) throws IOException {
        for (String m : methods) if (m.equals(ex.getRequestMethod())) return true;
        ex.getResponseHeaders().add("Allow", String.join(", ", methods));
        problem(ex, 405, "Method not allowed", ex.getRequestMethod() + " is not supported on " + ex.getRequestURI().getPath());
        return false;
    }

    static void problem(HttpExchange ex, int status, String title, String detail) throws IOException {
        send(ex, status, "application/problem+json", problemBody(ex, status, title, detail));
    }

    private static RequestLimits.Refused refusal(HttpExchange ex, int status, String title, String detail) throws IOException {
        return new RequestLimits.Refused("application/problem+json", JSON.writeValueAsBytes(problemBody(ex, status, title, detail)));
    }

    private static ObjectNode problemBody(HttpExchange ex, int status, String title, String detail) {
        return JSON.createObjectNode()
                .put("type", "about:blank").put("title", title).put("status", status).put("detail", detail)
                .put("instance", ex.getRequestURI().getPath());
    }

    private static void send(HttpExchange ex, int status, String contentType, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
