package org.vnfx.portal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * ProblemDetails (RFC 7807, as ETSI GS NFV-SOL 013 clause 6.3 uses it), thrown by handlers and sent as
 * {@code application/problem+json}. {@code headers} carries what the status needs (Allow for 405,
 * WWW-Authenticate for 401). A bad request parameter is also named in the extension member
 * {@code invalid-params} (RFC 7807 section 3's example), so a client can mark the field without parsing the detail.
 */
public final class Problem extends Exception {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int status;
    private final String title;
    private final Map<String, String> headers;
    private final String parameter;
    /** Extension members (RFC 7807 section 3.2) a client reads instead of parsing the detail: the role needed, a revert's arguments. */
    private final ObjectNode extensions = JSON.createObjectNode();

    public Problem(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public Problem(int status, String title, String detail, Map<String, String> headers) {
        this(status, title, detail, headers, null);
    }

    private Problem(int status, String title, String detail, Map<String, String> headers, String parameter) {
        super(detail);
        this.status = status;
        this.title = title;
        this.headers = Map.copyOf(headers);
        this.parameter = parameter;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Adds the extension member {@code name}; returns this problem, to be thrown. */
    public Problem with(String name, JsonNode value) {
        extensions.set(name, value);
        return this;
    }

    public Problem with(String name, String value) {
        extensions.put(name, value);
        return this;
    }

    public ObjectNode body(String instance) {
        ObjectNode p = JSON.createObjectNode();
        p.put("type", "about:blank").put("title", title).put("status", status).put("detail", getMessage());
        if (instance != null) p.put("instance", instance);
        p.setAll(extensions);
        if (parameter != null) p.putArray("invalid-params").addObject().put("name", parameter).put("reason", getMessage());
        return p;
    }

    public void send(HttpExchange ex) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        Http.send(ex, status, "application/problem+json", JSON.writeValueAsBytes(body(ex.getRequestURI().getPath())));
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad Request", detail);
    }

    /** A 400 for one request parameter; the detail starts with its name. */
    public static Problem badParameter(String name, String reason) {
        return new Problem(400, "Bad Request", name + " " + reason, Map.of(), name);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "Not Found", detail);
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, "Forbidden", detail);
    }

    public static Problem unprocessable(String title, String detail) {
        return new Problem(422, title, detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(409, "Conflict", detail);
    }

    public static Problem methodNotAllowed(String method, String allowed) {
        return new Problem(405, "Method Not Allowed", method + " is not supported here; use " + allowed, Map.of("Allow", allowed));
    }

    /** Sends {@code bytes} with {@code type}; an empty body for 204. */
    static void sendBytes(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
        if (type != null) ex.getResponseHeaders().set("Content-Type", type);
        if (status == 204 || bytes.length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
