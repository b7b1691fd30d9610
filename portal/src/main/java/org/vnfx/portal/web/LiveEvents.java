package org.vnfx.portal.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.Closeable;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * <p>One poller reads the chain for all clients, and only while there is a client. It never writes to a client
 * itself: it hands the bytes to each client's own short queue, drained by a writer thread only while there is
 * something to write, so a page left open costs no thread, and a client that stops reading (a full TCP window blocks
 * the write) holds up nobody else. Such a client is dropped once {@code maxBacklogBytes} wait for it. A client that
 * went away fails its next write and is dropped; a comment line every few seconds makes that write happen when the
 * chain is quiet.
 */
final class LiveEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    static final String PATH = "/api/events";
    private static final Pattern ID = Pattern.compile("(\\d{1,18})-(\\d{1,9})");
    private static final long POLL_MILLIS = 500;
    private static final long KEEP_ALIVE_MILLIS = 2_000;
    /** What may wait for one client: far more than a page that reads ever lets pile up, little memory per client. */
    static final int MAX_BACKLOG_BYTES = 1 << 20;

    private final SuiteOnChain suite;
    private final Trail trail;
    private final int maxBacklogBytes;
    private final List<Client> clients = new ArrayList<>();
    private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "portal-live-writer");
        t.setDaemon(true);
        return t;
    });
    private Thread poller;
    /** The last block whose events every client has been sent. */
    private long sent;

    LiveEvents(SuiteOnChain suite) {
        this(suite, MAX_BACKLOG_BYTES);
    }

    LiveEvents(SuiteOnChain suite, int maxBacklogBytes) {
        this.suite = suite;
        this.trail = new Trail(suite.chain(), suite.record());
        this.maxBacklogBytes = maxBacklogBytes;
    }

    /** Opens the stream: replays what a reconnecting client missed, then adds it to those the poller writes to. */
    void subscribe(HttpExchange ex) throws IOException {
        String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
        Matcher after = last == null ? null : ID.matcher(last.trim());
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        try {
            ex.sendResponseHeaders(200, 0);
            attach(ex.getResponseBody(), ex::close, after != null && after.matches() ? after : null);
        } catch (IOException | RuntimeException e) {
            ex.close(); // the client went away, or the chain could not be read: the stream ends, EventSource retries
            throw e;
        }
    }

    /**
     * Adds a client writing to {@code out}, closed by {@code close} when it is dropped.
     *
     * @param after the last event it has, BLOCK-LOGINDEX, or null to start at the head
     */
    void attach(OutputStream out, Closeable close, Matcher after) throws IOException {
        synchronized (this) {
            if (poller == null) start();
            // "retry" asks EventSource to come back after 2 s when the connection drops.
            StringBuilder b = new StringBuilder("retry: 2000\n: following from block ").append(sent + 1).append("\n\n");
            if (after != null) {
                long block = Long.parseLong(after.group(1));
                int index = Integer.parseInt(after.group(2));
                for (TrailEvent e : trail.between(block, sent)) {
                    if (e.block() > block || e.logIndex() > index) b.append(message(e));
                }
            }
            Client c = new Client(out, close);
            clients.add(c);
            c.offer(b.toString().getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE); // a replay is as long as it is
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
                        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                        for (Client c : List.copyOf(clients)) c.offer(bytes, maxBacklogBytes);
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

    /** How many clients are connected now. */
    synchronized int clients() {
        return clients.size();
    }

    private synchronized void drop(Client c) {
        clients.remove(c);
    }

    private static String message(TrailEvent e) throws IOException {
        return "id: " + TrailJson.id(e) + "\ndata: " + Http.JSON.writeValueAsString(TrailJson.event(e)) + "\n\n";
    }

    /** One open stream and what waits to be written to it; written by at most one writer thread at a time. */
    private final class Client {
        private final OutputStream out;
        private final Closeable close;
        private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
        private long backlogBytes;
        private boolean draining;
        private boolean gone;

        Client(OutputStream out, Closeable close) {
            this.out = out;
            this.close = close;
        }

        /** Queues {@code bytes}, or drops the client when more than {@code limit} would wait. Never blocks. */
        void offer(byte[] bytes, int limit) {
            boolean schedule = false;
            boolean overflow;
            synchronized (this) {
                if (gone) return;
                overflow = backlogBytes + bytes.length > limit;
                if (!overflow) {
                    backlog.add(bytes);
                    backlogBytes += bytes.length;
                    schedule = !draining;
                    draining = true;
                }
            }
            if (schedule) writers.execute(this::drain);
            if (overflow) {
                LOG.debug("live events: a client stopped reading: dropped");
                end();
            }
        }

        private void drain() {
            while (true) {
                byte[] next;
                synchronized (this) {
                    next = gone ? null : backlog.poll();
                    if (next == null) {
                        draining = false;
                        return;
                    }
                    backlogBytes -= next.length;
                }
                try {
                    out.write(next);
                    out.flush();
                } catch (IOException e) {
                    LOG.debug("live events: a client went away", e);
                    end();
                }
            }
        }

        /**
         * Forgets the client at once and closes its stream on a writer thread: closing a stream that is not read
         * blocks as a write does (it ends the chunked body), and a write blocked on it fails when the connection goes.
         * Never called with this client's lock held (the pages' lock is taken after it elsewhere).
         */
        private void end() {
            synchronized (this) {
                if (gone) return;
                gone = true;
                backlog.clear();
                backlogBytes = 0;
            }
            drop(this);
            writers.execute(() -> {
                try {
                    close.close();
                } catch (IOException e) {
                    LOG.debug("live events: closing a stream failed", e);
                }
            });
        }
    }
}
