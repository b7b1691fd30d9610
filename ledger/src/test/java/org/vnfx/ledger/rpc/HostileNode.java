package org.vnfx.ledger.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP server standing in as a JSON-RPC node: it passes requests through to a real node
 * until told to answer them some hostile way, and back again.
 */
final class HostileNode implements AutoCloseable {
    /** How the node answers one request ({@code request}: the JSON-RPC request it got). */
    interface Reply {
        void answer(HttpExchange ex, JsonNode request, HostileNode node) throws IOException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-node");
        t.setDaemon(true);
        return t;
    });
    private volatile Reply reply = HostileNode::passThrough;
    /** Bytes of hostile replies written so far: shows a client stopped reading a huge one early. */
    final AtomicLong bytesWritten = new AtomicLong();

    HostileNode(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(threads);
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                reply.answer(ex, JSON.readTree(body), this);
            } catch (IOException e) {
                // the client gave up on a hostile reply: what the test wants
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    void answer(Reply r) {
        reply = r;
    }

    void honest() {
        reply = HostileNode::passThrough;
    }

    private static void passThrough(HttpExchange ex, JsonNode request, HostileNode node) throws IOException {
        try {
            HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(node.upstream)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))).build(), HttpResponse.BodyHandlers.ofByteArray());
            send(ex, r.statusCode(), "application/json", r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static Reply status(int code, String contentType, String body) {
        return (ex, request, node) -> send(ex, code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** 200 with the given text; {@code ID} in it is replaced by the request's id. */
    static Reply text(String body) {
        return (ex, request, node) -> send(ex, 200, "application/json", body.replace("ID", request.path("id").toString()).getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON reply that streams {@code bytes} bytes (chunked), or announces them in Content-Length when {@code declared}. */
    static Reply huge(long bytes, boolean declared) {
        return (ex, request, node) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, declared ? bytes : 0);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try (OutputStream out = ex.getResponseBody()) {
                out.write('{');
                for (long sent = 1; sent < bytes; sent += chunk.length) {
                    out.write(chunk);
                    node.bytesWritten.addAndGet(chunk.length);
                }
            }
        };
    }

    /** A reply that never ends: a byte every {@code millis}, until the client hangs up. */
    static Reply trickle(long millis) {
        return (ex, request, node) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.UTF_8));
            while (true) {
                out.write(' ');
                out.flush();
                node.bytesWritten.incrementAndGet();
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        };
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
