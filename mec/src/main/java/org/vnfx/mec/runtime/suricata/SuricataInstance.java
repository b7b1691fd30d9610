package org.vnfx.mec.runtime.suricata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.ledger.economics.ErrorType;
import org.vnfx.ledger.node.GuardedProcess;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.mec.runtime.InstanceSpec;
import org.vnfx.mec.runtime.VnfInstance;
import org.vnfx.store.http.RequestLimits;

/**
 * A running Suricata and the endpoint UEs use it through (loopback HTTP):
 * <ul>
 *   <li>{@code POST /captures} with a pcap or pcapng body: queued for inspection (202);
 *   <li>{@code GET /}: the engine, its alerts by signature, flows seen, captures not yet read and the error counts so far.
 * </ul>
 */
final class SuricataInstance implements VnfInstance {
    private static final Logger LOG = LoggerFactory.getLogger(SuricataInstance.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InstanceSpec spec;
    private final SuricataInstallation suricata;
    private final Process process;
    private final CaptureInbox inbox;
    private final EveLog eve;
    private final Duration stopGrace;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private volatile boolean closed;
    private volatile long[] finalCounts;

    SuricataInstance(InstanceSpec spec, SuricataInstallation suricata, Process process, CaptureInbox inbox, EveLog eve, Duration stopGrace)
            throws IOException {
        this.spec = spec;
        this.suricata = suricata;
        this.process = process;
        this.inbox = inbox;
        this.eve = eve;
        this.stopGrace = stopGrace;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.httpThreads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "suricata-" + spec.deploymentId());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(httpThreads);
        RequestLimits.withMaxBody(CaptureInbox.MAX_CAPTURE_BYTES).guard(http.createContext("/", this::handle),
                (ex, status, title, detail) -> new RequestLimits.Refused("application/problem+json",
                        JSON.writeValueAsBytes(JSON.createObjectNode().put("title", title).put("status", status).put("detail", detail))));
        http.start();
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    @Override
    public boolean alive() {
        return GuardedProcess.childAlive(process);
    }

    @Override
    public long[] errorCounts() {
        if (finalCounts != null) return finalCounts.clone();
        poll();
        return SuricataTelemetry.errorCounts(eve.stats(), !alive());
    }

    /**
     * Stops Suricata and reads its last stats record. The capture thread settles its counters (decoder,
     * capture drops) only between files and at shutdown, when Suricata writes a final record with all of them.
     */
    @Override
    public synchronized long[] stop() {
        if (finalCounts == null) {
            boolean crashed = !alive(); // an exit of its own is a crash; ours is not
            http.stop(0);
            GuardedProcess.stop(process, stopGrace);
            poll();
            finalCounts = SuricataTelemetry.errorCounts(eve.stats(), crashed);
        }
        return finalCounts.clone();
    }

    @Override
    public List<Observation> observations() {
        poll();
        List<Observation> out = new ArrayList<>();
        for (EveLog.Alert a : eve.alerts()) out.add(new Observation("alert " + a.signatureId() + " " + a.signature(), a.count()));
        return out;
    }

    private void poll() {
        try {
            eve.poll();
        } catch (IOException e) {
            LOG.warn("deployment {}: cannot read eve.json: {}", spec.deploymentId(), e.toString());
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/captures") && method.equals("POST")) {
                try (InputStream body = ex.getRequestBody()) {
                    String name = inbox.add(body);
                    send(ex, 202, "application/json", JSON.createObjectNode().put("capture", name).put("status", "queued"));
                } catch (CaptureInbox.CaptureRejected e) {
                    problem(ex, e.status, "Capture rejected", e.getMessage());
                }
            } else if (path.equals("/") && method.equals("GET")) {
                send(ex, 200, "application/json", status());
            } else if (path.equals("/") || path.equals("/captures")) {
                ex.getResponseHeaders().add("Allow", path.equals("/") ? "GET" : "POST");
                problem(ex, 405, "Method not allowed", method + " " + path);
            } else {
                problem(ex, 404, "Not found", path + " (try GET / or POST /captures)");
            }
        }
    }

    private ObjectNode status() {
        poll();
        ObjectNode s = JSON.createObjectNode();
        s.put("engine", "suricata " + suricata.version());
        s.put("function", spec.functionType());
        s.put("deployment", spec.deploymentId().toString());
        s.put("alive", alive());
        s.put("flows", eve.stats().path("flow").path("total").asLong());
        s.put("pendingCaptures", inbox.pending());
        ObjectNode alerts = s.putObject("alerts");
        alerts.put("total", eve.alertTotal());
        ArrayNode by = alerts.putArray("bySignature");
        for (EveLog.Alert a : eve.alerts()) {
            by.addObject().put("sid", a.signatureId()).put("signature", a.signature()).put("category", a.category()).put("count", a.count());
        }
        ObjectNode errors = s.putObject("errorCounts");
        long[] counts = errorCounts();
        for (ErrorType t : ErrorType.values()) errors.put(t.name(), counts[t.ordinal()]);
        return s;
    }

    private static void problem(HttpExchange ex, int status, String title, String detail) throws IOException {
        send(ex, status, "application/problem+json", JSON.createObjectNode().put("title", title).put("status", status).put("detail", detail));
    }

    private static void send(HttpExchange ex, int status, String type, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops Suricata (SIGTERM, then SIGKILL after the grace) if it still runs, and removes the instance folder. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        stop();
        httpThreads.shutdownNow();
        Folders.delete(spec.instanceDir());
    }
}
