package org.vnfx.store.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every vnfx HTTP server (the JDK's) takes from a client before its handlers see the request, as a
 * {@link Filter} on each context: a request target of at most {@code maxUrlChars} (else 414), header lines of
 * at most {@code maxHeaderBytes} in total (else 431), a declared body of at most {@code maxBodyBytes} (else 413,
 * before any of it is read). The body itself is watched as the handler reads it: a read that waits
 * {@code bodyIdleSeconds} for a byte, or a body that keeps coming past {@code maxBodyBytes} plus {@link #DRAIN_ALLOWANCE_BYTES} (a
 * chunked body has no declared length), gets its connection closed, so no client holds a thread or fills memory.
 * Handlers keep their own, usually smaller, limits per resource.
 */
public record RequestLimits(long maxBodyBytes, int maxUrlChars, int maxHeaderBytes, int bodyIdleSeconds) {
    public static final int MAX_URL_CHARS = 8 * 1024;
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    public static final int BODY_IDLE_SECONDS = 30;
    /** System property overriding {@link #BODY_IDLE_SECONDS} (tests shorten it). */
    public static final String BODY_IDLE_SECONDS_PROPERTY = "vnfx.http.bodyIdleSeconds";
    /** What handlers may read and drop past their limit so that their 413 reaches the client instead of a reset. */
    public static final long DRAIN_ALLOWANCE_BYTES = 1L << 20;
    /** How often stalled bodies are looked for. */
    private static final long WATCH_PERIOD_MILLIS = 250;

    /** A refusal's body, in the server's own error form. */
    public record Refused(String contentType, byte[] body) {}

    /** How a server words a refusal (ProblemDetails, Kubo's error object, ...). */
    public interface Refusal {
        Refused answer(HttpExchange ex, int status, String title, String detail) throws IOException;
    }

    public RequestLimits {
        if (maxBodyBytes < 0) throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + maxBodyBytes);
        if (maxUrlChars < 16) throw new IllegalArgumentException("maxUrlChars must be >= 16, got " + maxUrlChars);
        if (maxHeaderBytes < 256) throw new IllegalArgumentException("maxHeaderBytes must be >= 256, got " + maxHeaderBytes);
        if (bodyIdleSeconds < 1) throw new IllegalArgumentException("bodyIdleSeconds must be >= 1, got " + bodyIdleSeconds);
    }

    /** The standard URL, header and idle limits with this body limit. */
    public static RequestLimits withMaxBody(long maxBodyBytes) {
        return new RequestLimits(maxBodyBytes, MAX_URL_CHARS, MAX_HEADER_BYTES, Integer.getInteger(BODY_IDLE_SECONDS_PROPERTY, BODY_IDLE_SECONDS));
    }

    public RequestLimits withBodyIdleSeconds(int seconds) {
        return new RequestLimits(maxBodyBytes, maxUrlChars, maxHeaderBytes, seconds);
    }

    /** Puts these limits in front of the context's handler. */
    public HttpContext guard(HttpContext context, Refusal refusal) {
        context.getFilters().add(filter(refusal));
        return context;
    }

    public Filter filter(Refusal refusal) {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange ex, Chain chain) throws IOException {
                String refused = refusalOf(ex);
                if (refused != null) {
                    int status = Integer.parseInt(refused.substring(0, 3));
                    Refused answer = refusal.answer(ex, status, TITLES.get(status), refused.substring(4));
                    ex.getResponseHeaders().set("Content-Type", answer.contentType());
                    ex.getResponseHeaders().set("Connection", "close");
                    ex.sendResponseHeaders(status, answer.body().length);
                    OutputStream out = ex.getResponseBody();
                    out.write(answer.body());
                    out.flush();
                    // Closing the exchange would first drain the body the client announced, waiting on a client that
                    // may never send it; failing the exchange makes the server hang up at once, the answer sent.
                    throw new IOException("refused " + ex.getRequestMethod() + " from " + ex.getRemoteAddress() + ": " + refused);
                }
                WatchedBody body = new WatchedBody(ex, RequestLimits.this);
                ex.setStreams(body, null);
                try {
                    chain.doFilter(ex);
                } finally {
                    WATCHED.remove(body);
                }
            }

            @Override
            public String description() {
                return "vnfx request limits " + RequestLimits.this;
            }
        };
    }

    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad Request", 413, "Content Too Large", 414, "URI Too Long", 431, "Request Header Fields Too Large");

    /** "STATUS detail" when the request is refused before its handler runs; null when it may go on. */
    private String refusalOf(HttpExchange ex) {
        // The JDK server takes whatever follows the target as the version ("HTTP/1.1 junk" included).
        if (!List.of("HTTP/1.0", "HTTP/1.1").contains(ex.getProtocol())) {
            return "400 malformed request line: the version '" + ex.getProtocol() + "' is not HTTP/1.0 or HTTP/1.1";
        }
        int urlChars = ex.getRequestURI().toString().length();
        if (urlChars > maxUrlChars) return "414 the request target has " + urlChars + " characters; the limit is " + maxUrlChars;
        long headerBytes = 0;
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            for (String v : h.getValue()) headerBytes += h.getKey().length() + v.length() + 4; // "k: v\r\n"
        }
        if (headerBytes > maxHeaderBytes) return "431 the header fields take " + headerBytes + " bytes; the limit is " + maxHeaderBytes;
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                return "400 malformed Content-Length '" + declared + "'";
            }
            if (length > maxBodyBytes) return "413 the body declares " + length + " bytes; the limit is " + maxBodyBytes + " bytes";
        }
        return null;
    }

    // --- the body watch ---------------------------------------------------------------------------

    private static final Set<WatchedBody> WATCHED = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vnfx-http-body-watch");
        t.setDaemon(true);
        return t;
    });

    static {
        WATCH.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            for (WatchedBody b : WATCHED) b.checkIdle(now);
        }, WATCH_PERIOD_MILLIS, WATCH_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The request body as the handler reads it: counted, and cut off when it stalls or runs past the limit. */
    private static final class WatchedBody extends FilterInputStream {
        private final HttpExchange ex;
        private final RequestLimits limits;
        /** When the read in progress began; 0 between reads (a handler busy with other work is not a stalled client). */
        private volatile long readingSinceNanos;
        private volatile String cutOff;
        private long bytes;

        WatchedBody(HttpExchange ex, RequestLimits limits) {
            super(ex.getRequestBody());
            this.ex = ex;
            this.limits = limits;
            WATCHED.add(this);
        }

        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (cutOff != null) throw new IOException(cutOff);
            readingSinceNanos = System.nanoTime();
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw cutOff == null ? e : new IOException(cutOff, e);
            } finally {
                readingSinceNanos = 0;
            }
            if (n < 0) {
                WATCHED.remove(this);
                return n;
            }
            bytes += n;
            if (bytes > limits.maxBodyBytes() && bytes - limits.maxBodyBytes() > DRAIN_ALLOWANCE_BYTES) {
                cut("the body runs past " + limits.maxBodyBytes() + " bytes (and the " + DRAIN_ALLOWANCE_BYTES + " bytes drained after it)");
                throw new IOException(cutOff);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            WATCHED.remove(this);
            if (cutOff == null) super.close();
        }

        void checkIdle(long now) {
            long since = readingSinceNanos;
            if (since != 0 && now - since > TimeUnit.SECONDS.toNanos(limits.bodyIdleSeconds())) {
                cut("no byte of the body for " + limits.bodyIdleSeconds() + " s");
            }
        }

        /** Closing an exchange whose answer has not started closes its connection: a blocked read fails at once. */
        private void cut(String why) {
            WATCHED.remove(this);
            cutOff = why;
            System.getLogger(RequestLimits.class.getName()).log(System.Logger.Level.INFO,
                    "closing " + ex.getRequestMethod() + " " + ex.getRequestURI() + " from " + ex.getRemoteAddress() + ": " + why);
            ex.close();
        }
    }
}
