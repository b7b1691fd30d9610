package org.vnfx.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The production store: any IPFS node's Kubo RPC API (Kubo, js-ipfs) — or a {@link StoreServer},
 * which speaks the same subset.
 *
 * <ul>
 * <li>{@link #put}: {@code POST /api/v0/add?cid-version=1&raw-leaves=true&hash=sha2-256&cid-base=base32&pin=true},
 *     the file streamed as a multipart body. An IPFS node chunks at 256 KiB by default, so a file of at
 *     most 262,144 bytes gets the raw CID {@code bafkrei…} — which this client checks against the
 *     SHA-256 it computed while sending — and a larger one a dag-pb CID {@code bafybei…} (the root of a
 *     UnixFS DAG), which no byte stream can be checked against. A StoreServer answers raw CIDs at any size.</li>
 * <li>{@link #open}, {@link #fetch}: {@code /api/v0/cat}, resuming with {@code offset} after a dropped
 *     connection; verified for raw CIDs, passed through for dag-pb ones (see {@link ArtifactStore}).</li>
 * <li>{@link #has}, {@link #size}: {@code /api/v0/files/stat?arg=/ipfs/<cid>}, which Kubo, js-ipfs and
 *     StoreServer all answer. {@code has} asks with {@code offline=true} (Kubo: look in the local
 *     blockstore only) and every stat carries the node's {@code timeout} option: both IPFS nodes
 *     otherwise search the network for an unknown CID, without end when they have no peers.</li>
 * </ul>
 *
 * <p>Timeouts: connecting; waiting for the answer's headers; and an idle timeout on transfers (no byte
 * moved in either direction for that long fails the attempt), since {@link HttpClient} has no read
 * timeout of its own. Failures of the connection, timeouts and HTTP 429/502/503/504 are retried with
 * exponential backoff as the {@link RetryPolicy} allows; an error answer (4xx, Kubo's 500) is not, and
 * fails with an {@link RpcException} naming the URL, the status and the node's message.
 */
public final class KuboArtifactStore implements ArtifactStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 16 * 1024;

    /**
     * @param connectTimeout  to open a connection
     * @param responseTimeout for the answer's headers once the request is sent
     * @param idleTimeout     a transfer with no byte moving for this long is cut (and retried)
     * @param lookupTimeout   how long the node may look for a CID in {@link #has}/{@link #size} (its {@code timeout} option)
     */
    public record Options(Duration connectTimeout, Duration responseTimeout, Duration idleTimeout, Duration lookupTimeout, RetryPolicy retry) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(5), RetryPolicy.DEFAULT);

        public Options withRetry(RetryPolicy r) {
            return new Options(connectTimeout, responseTimeout, idleTimeout, lookupTimeout, r);
        }

        public Options withIdleTimeout(Duration d) {
            return new Options(connectTimeout, responseTimeout, d, lookupTimeout, retry);
        }

        public Options withResponseTimeout(Duration d) {
            return new Options(connectTimeout, d, idleTimeout, lookupTimeout, retry);
        }

        public Options withLookupTimeout(Duration d) {
            return new Options(connectTimeout, responseTimeout, idleTimeout, d, retry);
        }
    }

    private final URI base;
    private final Options options;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog;

    public KuboArtifactStore(URI rpc) {
        this(rpc, Options.DEFAULT);
    }

    /** @param rpc the API address, e.g. {@code http://127.0.0.1:5001} (a trailing {@code /api/v0} is accepted too) */
    public KuboArtifactStore(URI rpc, Options options) {
        String s = rpc.toString();
        if (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        if (s.endsWith("/api/v0")) s = s.substring(0, s.length() - "/api/v0".length());
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalArgumentException("the RPC address must be an http(s) URL, got " + rpc);
        }
        this.base = URI.create(s);
        this.options = options;
        // HTTP/1.1 as the nodes speak it; no h2c upgrade dance on a streamed POST.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vnfx-kubo-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String describe() {
        return "IPFS RPC " + base;
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------- put

    @Override
    public Cid put(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString(), null, "cannot put: not a regular file");
        long size = Files.size(file);
        // A file can be read again, so every attempt sends it whole.
        return retrying("add " + file, () -> add(Files.newInputStream(file), size, file.getFileName().toString()));
    }

    @Override
    public Cid put(InputStream in) throws IOException {
        Activity touched = new Activity();
        InputStream tracked = new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) touched.bytes += n;
                return n;
            }

            @Override
            public void close() {
                // the caller's stream: not ours to close
            }
        };
        return retrying("add of a stream", () -> {
            // A stream cannot be rewound: retry only while nothing of it has been sent.
            if (touched.bytes > 0) throw new NotRetryable(new IOException("add of a stream to " + base + " failed after "
                    + touched.bytes + " bytes were sent; a stream cannot be sent again"));
            try {
                return add(tracked, -1, "artifact");
            } catch (RpcException e) {
                // The node's answer stands (413, 500...): report it as it is.
                if (touched.bytes > 0 || !e.transientStatus()) throw new NotRetryable(e);
                throw e;
            } catch (IOException e) {
                if (touched.bytes > 0) {
                    throw new NotRetryable(new IOException("add to " + base + " failed after " + touched.bytes
                            + " bytes of the stream were sent (a stream cannot be sent again): " + e.getMessage(), e));
                }
                throw e;
            }
        });
    }

    private Cid add(InputStream content, long size, String name) throws IOException {
        URI url = url("add", "cid-version", "1", "raw-leaves", "true", "hash", "sha2-256", "cid-base", "base32", "pin", "true");
        String boundary = "vnfx-" + UUID.randomUUID().toString().replace("-", "");
        byte[] head = ("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        MessageDigest md = Cid.sha256();
        Activity activity = new Activity();
        InputStream hashed = new FilterInputStream(content) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    md.update(b, off, n);
                    activity.bytes += n;
                    activity.touch();
                } else if (n < 0) {
                    activity.bodySent = true;
                    activity.touch();
                }
                return n;
            }
        };
        InputStream body = new SequenceInputStream(Collections.enumeration(java.util.List.of(
                new ByteArrayInputStream(head), hashed, new ByteArrayInputStream(tail))));
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofInputStream(() -> body);
        if (size >= 0) publisher = HttpRequest.BodyPublishers.fromPublisher(publisher, head.length + size + tail.length);
        HttpRequest req = HttpRequest.newBuilder(url)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(publisher)
                .build();
        JsonNode answer;
        try (content) {
            HttpResponse<InputStream> res = await(req, activity);
            answer = lastJsonLine(req, res);
        }
        if (!answer.hasNonNull("Hash")) throw new IOException("POST " + url + " answered no Hash: " + answer);
        Cid cid;
        try {
            cid = Cid.parse(answer.get("Hash").asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("POST " + url + " answered a CID this client cannot use: " + e.getMessage(), e);
        }
        Cid sent = Cid.rawSha256(md.digest());
        if (cid.contentVerifiable() && !cid.equals(sent)) {
            throw new NotRetryable(new IOException("POST " + url + " answered " + cid + " for " + activity.bytes
                    + " bytes whose raw CID is " + sent + ": the node did not store what was sent"));
        }
        return cid;
    }

    // ---------------------------------------------------------------------------------------------- read

    @Override
    public InputStream open(Cid cid) throws IOException {
        // Asking the size first fails fast for an unknown CID (cat would wait on the network) and tells the resuming stream where the end is.
        long size = size(cid);
        return new VerifyingInputStream(new ResumingInputStream(cid, size), cid, describe());
    }

    @Override
    public InputStream openRange(Cid cid, long offset, long length) throws IOException {
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        return retrying("cat " + cid, () -> catOnce(cid, offset, length));
    }

    private InputStream catOnce(Cid cid, long offset, long length) throws IOException {
        URI url = length < 0
                ? url("cat", "arg", cid.toString(), "offset", Long.toString(offset))
                : url("cat", "arg", cid.toString(), "offset", Long.toString(offset), "length", Long.toString(length));
        HttpRequest req = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.noBody()).build();
        Activity activity = new Activity();
        activity.bodySent = true;
        HttpResponse<InputStream> res = await(req, activity);
        return new IdleWatchedInputStream(res.body(), url);
    }

    @Override
    public void fetch(Cid cid, Path target, TransferListener listener) throws IOException {
        Fetcher.fetch(new Fetcher.Source() {
            @Override
            public long size(Cid c) throws IOException {
                return statOnce(c, false);
            }

            @Override
            public InputStream openFrom(Cid c, long offset) throws IOException {
                return catOnce(c, offset, -1);
            }

            @Override
            public String describe() {
                return KuboArtifactStore.this.describe();
            }
        }, options.retry(), cid, target, listener);
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        return retrying("has " + cid, () -> {
            try {
                statOnce(cid, true);
                return true;
            } catch (ArtifactNotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public long size(Cid cid) throws IOException {
        return retrying("size of " + cid, () -> statOnce(cid, false));
    }

    /** files/stat; a 500 means the node does not have (or could not find in time) the CID. */
    private long statOnce(Cid cid, boolean localOnly) throws IOException {
        String timeout = options.lookupTimeout().toMillis() + "ms";
        URI url = localOnly
                ? url("files/stat", "arg", "/ipfs/" + cid, "offline", "true", "timeout", timeout)
                : url("files/stat", "arg", "/ipfs/" + cid, "timeout", timeout);
        HttpRequest req = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.noBody()).build();
        Activity activity = new Activity();
        activity.bodySent = true;
        HttpResponse<InputStream> res;
        try {
            res = await(req, activity);
        } catch (RpcException e) {
            if (e.status() == 500) throw new ArtifactNotFoundException(cid, describe(), e.getMessage());
            throw e;
        }
        JsonNode n = lastJsonLine(req, res);
        String type = n.path("Type").asText("file");
        if (!"file".equals(type)) throw new IOException(cid + " at " + base + " is a " + type + ", not a file");
        JsonNode s = n.get("Size");
        if (s == null) throw new IOException("POST " + url + " answered no Size: " + n);
        // Kubo writes numbers, js-ipfs too; a string is accepted in case a node quotes it as add does.
        try {
            return s.isNumber() ? s.asLong() : Long.parseLong(s.asText());
        } catch (NumberFormatException e) {
            throw new IOException("POST " + url + " answered a Size that is not a number: " + s);
        }
    }

    // ---------------------------------------------------------------------------------------------- HTTP

    private URI url(String command, String... kv) {
        StringBuilder sb = new StringBuilder(base.toString()).append("/api/v0/").append(command);
        for (int i = 0; i < kv.length; i += 2) {
            sb.append(i == 0 ? '?' : '&').append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return URI.create(sb.toString());
    }

    /** Bytes moved and when, shared by a request's body and the watchdog. */
    private static final class Activity {
        volatile long last = System.nanoTime();
        volatile long bytes;
        volatile boolean bodySent;

        void touch() {
            last = System.nanoTime();
        }
    }

    /**
     * Sends and waits for the answer's headers. While the body is uploading, the attempt fails after
     * {@code idleTimeout} without a byte read from it; once sent, after {@code responseTimeout}
     * without an answer. A non-2xx answer becomes an {@link RpcException}.
     */
    private HttpResponse<InputStream> await(HttpRequest req, Activity activity) throws IOException {
        CompletableFuture<HttpResponse<InputStream>> cf = http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> res;
        try {
            while (true) {
                try {
                    res = cf.get(250, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    Duration limit = activity.bodySent ? options.responseTimeout() : options.idleTimeout();
                    if (System.nanoTime() - activity.last > limit.toNanos()) {
                        cf.cancel(true);
                        throw new HttpTimeoutException(req.method() + " " + req.uri() + ": "
                                + (activity.bodySent ? "no answer within " + limit.toMillis() + " ms"
                                : "upload stalled for " + limit.toMillis() + " ms after " + activity.bytes + " bytes"));
                    }
                }
            }
        } catch (InterruptedException e) {
            cf.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(req.method() + " " + req.uri() + " interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof NotRetryable nr) throw nr;
            String what = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
            throw new IOException(req.method() + " " + req.uri() + " failed: " + what, c);
        } catch (CancellationException e) {
            throw new InterruptedIOException(req.method() + " " + req.uri() + " cancelled");
        }
        if (res.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = res.body()) {
                body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                body = "";
            }
            String message = body;
            try {
                JsonNode n = JSON.readTree(body);
                if (n != null && n.hasNonNull("Message")) message = n.get("Message").asText();
            } catch (IOException notJson) {
                // a proxy's HTML page or Kubo's plain-text 404: keep the raw body
            }
            throw new RpcException(req.method(), req.uri(), res.statusCode(), message);
        }
        return res;
    }

    /** The last JSON object of an answer (Kubo streams one per line). */
    private static JsonNode lastJsonLine(HttpRequest req, HttpResponse<InputStream> res) throws IOException {
        String text;
        try (InputStream in = res.body()) {
            text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
        JsonNode last = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            try {
                last = JSON.readTree(line);
            } catch (IOException e) {
                throw new IOException(req.method() + " " + req.uri() + " answered something that is not JSON: " + abbreviate(line), e);
            }
        }
        if (last == null) throw new IOException(req.method() + " " + req.uri() + " answered an empty body");
        return last;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    /** Marks a failure that must not be retried (the wrapped exception is what the caller gets). */
    private static final class NotRetryable extends IOException {
        NotRetryable(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws IOException;
    }

    private <T> T retrying(String what, Attempt<T> attempt) throws IOException {
        RetryPolicy p = options.retry();
        long waited = 0;
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (NotRetryable e) {
                throw (IOException) e.getCause();
            } catch (ArtifactNotFoundException | ContentMismatchException | InterruptedIOException e) {
                // InterruptedIOException: the caller's thread was interrupted (timeouts are HttpTimeoutException, retried below)
                throw e;
            } catch (IOException e) {
                if (e instanceof RpcException r && !r.transientStatus()) throw e;
                Duration d = p.backoff(n);
                if (n >= p.maxAttempts() || waited + d.toMillis() > p.maxTotalWait().toMillis()) throw giveUp(what, n, e);
                Fetcher.sleep(d);
                waited += d.toMillis();
            }
        }
    }

    private IOException giveUp(String what, int attempts, IOException last) {
        if (attempts == 1) return last;
        return new IOException(what + " at " + base + " failed after " + attempts + " attempts; last error: "
                + TransferFailedException.describe(last), last);
    }

    // ---------------------------------------------------------------------------------------------- streams

    /** A response body the watchdog closes when no byte has come for {@code idleTimeout}, turning a silent stall into an error. */
    private final class IdleWatchedInputStream extends FilterInputStream {
        private final URI url;
        private final ScheduledFuture<?> check;
        private volatile long last = System.nanoTime();
        private volatile boolean stalled;

        IdleWatchedInputStream(InputStream in, URI url) {
            super(in);
            this.url = url;
            long period = Math.max(50, options.idleTimeout().toMillis() / 4);
            this.check = watchdog.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        private void check() {
            if (System.nanoTime() - last > options.idleTimeout().toNanos()) {
                stalled = true;
                check.cancel(false);
                try {
                    in.close(); // unblocks a read waiting on the socket
                } catch (IOException ignored) {
                    // closing is all we wanted
                }
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                last = System.nanoTime();
                if (n < 0) check.cancel(false);
                return n;
            } catch (IOException e) {
                if (stalled) throw new HttpTimeoutException("POST " + url + ": no data for " + options.idleTimeout().toMillis() + " ms");
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            check.cancel(false);
            super.close();
        }
    }

    /**
     * The whole object for {@link #open}: when the connection drops, it asks again from the byte it
     * got to ({@code cat} with {@code offset}), as the retry policy allows, so a consumer reading a
     * large package does not start over.
     */
    private final class ResumingInputStream extends InputStream {
        private final Cid cid;
        private final long size;
        private InputStream current;
        private long pos;
        private int failures;
        private long waitedMs;
        private boolean closed;

        ResumingInputStream(Cid cid, long size) {
            this.cid = cid;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) throw new IOException("stream of " + cid + " is closed");
            if (len == 0) return 0;
            while (true) {
                if (pos >= size) {
                    // Past the announced size: a node sending more is caught by the verification (raw) or here.
                    if (current != null && current.read() >= 0) throw new IOException(describe() + " sent more than the " + size + " bytes of " + cid);
                    return -1;
                }
                try {
                    if (current == null) current = catOnce(cid, pos, -1);
                    int n = current.read(b, off, (int) Math.min(len, size - pos));
                    if (n < 0) throw new IOException("the stream of " + cid + " ended at byte " + pos + " of " + size);
                    pos += n;
                    if (n > 0) failures = 0;
                    return n;
                } catch (InterruptedIOException e) {
                    throw e;
                } catch (IOException e) {
                    if (e instanceof RpcException r && !r.transientStatus()) throw e;
                    backoff(e);
                }
            }
        }

        private void backoff(IOException e) throws IOException {
            closeCurrent();
            failures++;
            Duration d = options.retry().backoff(failures);
            if (failures >= options.retry().maxAttempts() || waitedMs + d.toMillis() > options.retry().maxTotalWait().toMillis()) {
                throw new TransferFailedException(cid, describe(), pos, size, failures, e);
            }
            Fetcher.sleep(d);
            waitedMs += d.toMillis();
        }

        private void closeCurrent() {
            if (current != null) {
                try {
                    current.close();
                } catch (IOException ignored) {
                    // the connection is being abandoned anyway
                }
                current = null;
            }
        }

        @Override
        public void close() {
            closed = true;
            closeCurrent();
        }
    }
}
