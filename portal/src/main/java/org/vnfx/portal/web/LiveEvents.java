package org.vnfx.portal.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.ledger.trail.Trail;
import org.vnfx.ledger.trail.TrailEvent;
import org.vnfx.portal.http.Http;

/**
 * {@code GET /api/events}: new chain events as Server-Sent Events, each decoded by {@code ledger/trail} (contract,
 * event, arguments, block, time, transaction; {@link TrailJson}), with the event's place BLOCK-LOGINDEX as its id. A
 * client starts at the chain head, or after its {@code Last-Event-ID} (EventSource sends it when it reconnects, so a
 * page misses nothing across a dropped connection).
 *
 * <p>One poller reads the chain for all clients, and only while there is a client. It writes each event to every client
 * at once, holding no queue: a client is an open exchange, not a thread (the handler returns and leaves it open), so a
 * page left open costs no server thread. A client that went away fails the next write and is dropped; a comment line
 * every few seconds makes that write happen when the chain is quiet.
 */
final class LiveEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    static final String PATH = "/api/events";
    private static final Pattern ID = Pattern.compile("(\\d{1,18})-(\\d{1,9})");
    private static final long POLL_MILLIS = 500;
    private static final long KEEP_ALIVE_MILLIS = 2_000;

    private final SuiteOnChain suite;
    private final Trail trail;
    private final List<OutputStream> clients = new ArrayList<>();
    private final List<HttpExchange> exchanges = new ArrayList<>();
    private Thread poller;
    /** The last block whose events every client has been sent. */
    private long sent;

    LiveEvents(SuiteOnChain suite) {
        this.suite = suite;
        this.trail = new Trail(suite.chain(), suite.record());
    }

    /** Opens the stream: replays what a reconnecting client missed, then adds it to those the poller writes to. */
    void subscribe(HttpExchange ex) throws IOException {
        String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
        Matcher after = last == null ? null : ID.matcher(last.trim());
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        try {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            synchronized (this) {
                if (poller == null) start();
                // "retry" asks EventSource to come back after 2 s when the connection drops.
                StringBuilder b = new StringBuilder("retry: 2000\n: following from block ").append(sent + 1).append("\n\n");
                if (after != null && after.matches()) {
                    long block = Long.parseLong(after.group(1));
                    int index = Integer.parseInt(after.group(2));
                    for (TrailEvent e : trail.between(block, sent)) {
                        if (e.block() > block || e.logIndex() > index) b.append(message(e));
                    }
                }
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                clients.add(out);
                exchanges.add(ex);
            }
        } catch (IOException | RuntimeException e) {
            ex.close(); // the client went away, or the chain could not be read: the stream ends, EventSource retries
            throw e;
        }
    }

    /** Called with the lock held: the poller starts at the chain head. */
    private void start() throws IOException {
        sent = suite.chain().blockNumber();
        Thread t = new Thread(this::poll, "portal-live-events");
        t.setDaemon(true);
        poller = t;
        t.start();
    }

    private void poll() {
        long quietSince = System.currentTimeMillis();
        while (true) {
            try {
                Thread.sleep(POLL_MILLIS);
                long from;
                synchronized (this) {
                    if (clients.isEmpty()) {
                        poller = null; // the next client starts a new poller at the head then
                        return;
                    }
                    from = sent + 1;
                }
                long head = suite.chain().blockNumber();
                List<TrailEvent> events = head >= from ? trail.between(from, head) : List.of();
                StringBuilder b = new StringBuilder();
                for (TrailEvent e : events) b.append(message(e));
                if (b.isEmpty() && System.currentTimeMillis() - quietSince >= KEEP_ALIVE_MILLIS) b.append(": keep-alive\n\n");
                synchronized (this) {
                    sent = Math.max(sent, head);
                    if (!b.isEmpty()) {
                        broadcast(b.toString().getBytes(StandardCharsets.UTF_8));
                        quietSince = System.currentTimeMillis();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // The node may be restarting: keep the clients and try again at the next tick.
                LOG.warn("live events: reading the chain failed", e);
            }
        }
    }

    /** Called with the lock held. */
    private void broadcast(byte[] bytes) {
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).write(bytes);
                clients.get(i).flush();
            } catch (IOException gone) {
                LOG.debug("live events: a client went away", gone);
                clients.remove(i);
                exchanges.remove(i).close();
            }
        }
    }

    /** How many clients are connected now. */
    synchronized int clients() {
        return clients.size();
    }

    private static String message(TrailEvent e) throws IOException {
        return "id: " + TrailJson.id(e) + "\ndata: " + Http.JSON.writeValueAsString(TrailJson.event(e)) + "\n\n";
    }
}
