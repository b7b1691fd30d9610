package org.vnfx.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vnfx.store.http.RequestLimits;

/**
 * Serves any {@link ArtifactStore} over the subset of the Kubo (go-ipfs) RPC API that vnfx uses, so a
 * {@link KuboArtifactStore} — or any IPFS HTTP client, or {@code curl} — talks to it as to an IPFS node:
 *
 * <table>
 * <tr><th>endpoint</th><th>does</th></tr>
 * <tr><td>{@code POST /api/v0/add}</td><td>multipart/form-data with one file part → {@code {"Name","Hash","Size"}};
 *     {@code cid-version=1}, {@code raw-leaves=true}, {@code hash=sha2-256}, {@code cid-base=base32} accepted, other values 400</td></tr>
 * <tr><td>{@code POST /api/v0/cat?arg=<cid>[&offset=N][&length=N]}</td><td>the bytes (a range of them, for resuming)</td></tr>
 * <tr><td>{@code POST /api/v0/files/stat?arg=/ipfs/<cid>}</td><td>{@code {"Hash","Size","CumulativeSize","Blocks","Type"}}</td></tr>
 * <tr><td>{@code POST /api/v0/block/stat?arg=<cid>}</td><td>{@code {"Key","Size"}}</td></tr>
 * <tr><td>{@code POST /api/v0/id}</td><td>a minimal identity</td></tr>
 * </table>
 *
 * <p>Errors are Kubo's: {@code {"Message":..., "Code":0|1, "Type":"error"}} — 400 (Code 1) for a missing
 * or malformed argument, 500 (Code 0) for anything else, an unknown CID included (Kubo answers those
 * with 500 too); 405 for any method but POST (Kubo's RPC takes only POST, which keeps browsers'
 * simple cross-site GETs out); 413 for an upload over {@link Options#maxUploadBytes()}.
 *
 * <p>Unlike Kubo, an added file gets the raw CID of its whole content whatever its size (no chunking).
 *
 * <p>Everything streams: an upload goes from the socket through the multipart reader into the store,
 * a download from the store to the socket, each through a 64 KiB window. A whole-object {@code cat}
 * is verified as it is served: the last buffer is held back until the object's hash is checked, and a
 * mismatch cuts the connection short of the announced Content-Length, so no client can take a
 * damaged object for a whole one. Ranged reads are not verified here (their client must verify the
 * whole, as {@link ArtifactStore#fetch} does).
 */
public final class StoreServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/v0/";
    private static final int BUFFER = 1 << 16;
    private static final long FRAMING_ALLOWANCE = 64 * 1024;

    /**
     * @param bindAddress     where to listen; loopback by default, since the API can write to the store
     * @param port            0 for a free port (then see {@link #port()})
     * @param maxUploadBytes  the largest file {@code add} accepts (413 beyond it)
     * @param threads         concurrent requests served
     * @param shutdownGraceSeconds how long {@link #close()} lets transfers in flight finish
     */
    public record Options(String bindAddress, int port, long maxUploadBytes, int threads, int shutdownGraceSeconds) {
        public static final long DEFAULT_MAX_UPLOAD = 64L << 30;

        public Options {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
            if (maxUploadBytes < 0) throw new IllegalArgumentException("maxUploadBytes must be >= 0, got " + maxUploadBytes);
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            if (shutdownGraceSeconds < 0) throw new IllegalArgumentException("shutdownGraceSeconds must be >= 0");
        }

        /** 127.0.0.1, a free port, uploads up to 64 GiB, 16 threads, no grace on close. */
        public static Options defaults() {
            return new Options("127.0.0.1", 0, DEFAULT_MAX_UPLOAD, 16, 0);
        }

        public Options withPort(int p) {
            return new Options(bindAddress, p, maxUploadBytes, threads, shutdownGraceSeconds);
        }

        public Options withBindAddress(String a) {
            return new Options(a, port, maxUploadBytes, threads, shutdownGraceSeconds);
        }

        public Options withMaxUploadBytes(long m) {
            return new Options(bindAddress, port, m, threads, shutdownGraceSeconds);
        }
    }

    private final ArtifactStore store;
    private final Options options;
    /** The largest request body: the upload limit plus the multipart framing around the file. */
    private final long bodyMax;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String peerId = "vnfx-store-" + UUID.randomUUID();

    private StoreServer(ArtifactStore store, Options options) throws IOException {
        this.store = store;
        this.options = options;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.bindAddress()), options.port()), 0);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "vnfx-store-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(options.threads(), tf);
        server.setExecutor(executor);
        // The multipart framing adds a few hundred bytes around the file: allow for it (saturating, for a limit near Long.MAX_VALUE).
        this.bodyMax = options.maxUploadBytes() > Long.MAX_VALUE - FRAMING_ALLOWANCE ? Long.MAX_VALUE : options.maxUploadBytes() + FRAMING_ALLOWANCE;
        // Every request passes these limits before a handler runs: an upload declared too large is refused here, before
        // its body is read, in add's words (naming the file's limit rather than the body's); a malformed Content-Length too.
        RequestLimits.withMaxBody(bodyMax).guard(server.createContext("/", this::handle),
                (ex, status, title, detail) -> new RequestLimits.Refused("application/json", bytes(errorObject(1, status == 413
                        ? new UploadTooLarge(options.maxUploadBytes(), Long.parseLong(ex.getRequestHeaders().getFirst("Content-Length").trim())).getMessage()
                        : detail))));
        server.start();
    }

    public static StoreServer start(ArtifactStore store, Options options) throws IOException {
        return new StoreServer(store, options);
    }

    public static StoreServer start(ArtifactStore store) throws IOException {
        return start(store, Options.defaults());
    }

    /** The port listened on (the one picked when {@link Options#port()} was 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:5001}, as {@link KuboArtifactStore} takes it. */
    public URI uri() {
        String host = server.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + port());
    }

    public ArtifactStore store() {
        return store;
    }

    /** Stops listening, lets transfers in flight finish for the grace period, then cuts them. */
    @Override
    public void close() {
        server.stop(options.shutdownGraceSeconds());
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A request the server refuses, with its HTTP status and Kubo error code. */
    private static final class ApiError extends Exception {
        final int status;
        final int code;

        ApiError(int status, int code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        static ApiError badRequest(String message) {
            return new ApiError(400, 1, message);
        }
    }

    private void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        try (ex) {
            try {
                if (!path.startsWith(API)) throw new ApiError(404, 0, "404 page not found: " + path);
                String command = path.substring(API.length());
                if (command.endsWith("/")) command = command.substring(0, command.length() - 1);
                if (!List.of("add", "cat", "files/stat", "block/stat", "id").contains(command)) {
                    throw new ApiError(404, 0, "404 page not found: " + path);
                }
                if (!"POST".equals(ex.getRequestMethod())) {
                    ex.getResponseHeaders().set("Allow", "POST");
                    throw new ApiError(405, 1, "method " + ex.getRequestMethod() + " not allowed on " + path + ": the RPC API takes POST");
                }
                Map<String, List<String>> q = query(ex.getRequestURI().getRawQuery());
                switch (command) {
                    case "add" -> add(ex, q);
                    case "cat" -> cat(ex, q);
                    case "files/stat" -> stat(ex, q, true);
                    case "block/stat" -> stat(ex, q, false);
                    default -> id(ex);
                }
            } catch (ApiError e) {
                error(ex, e.status, e.code, e.getMessage());
            } catch (ArtifactNotFoundException e) {
                error(ex, 500, 0, e.getMessage());
            } catch (UploadTooLarge e) {
                error(ex, 413, 1, e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "vnfx store: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed", e);
                error(ex, 500, 0, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
    }

    private void add(HttpExchange ex, Map<String, List<String>> q) throws ApiError, IOException {
        expect(q, "cid-version", "1", "this store makes CIDv1 only");
        expect(q, "raw-leaves", "true", "this store makes raw CIDs only");
        expect(q, "hash", "sha2-256", "this store hashes with sha2-256 only");
        expect(q, "cid-base", "base32", "this store writes CIDs in base32 only");
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String boundary = MultipartReader.boundaryOf(contentType);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || boundary == null) {
            throw ApiError.badRequest("add expects a multipart/form-data body with one file part (Content-Type was "
                    + (contentType == null ? "missing" : "'" + contentType + "'") + ")");
        }
        long max = options.maxUploadBytes();
        // A declared length was checked by the server's RequestLimits; a body without one is counted as it is read.
        MultipartReader mp;
        try {
            mp = new MultipartReader(new LimitedInputStream(ex.getRequestBody(), bodyMax, max), boundary);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Map<String, String> headers = mp.nextPart();
        if (headers == null) throw ApiError.badRequest("add: the multipart body has no part");
        String partType = headers.getOrDefault("content-type", "application/octet-stream");
        if (partType.toLowerCase(Locale.ROOT).startsWith("application/x-directory")) {
            throw ApiError.badRequest("add: directories are not supported, send one file part");
        }
        String filename = MultipartReader.parameter(headers.get("content-disposition"), "filename");
        LimitedInputStream body = new LimitedInputStream(mp.body(), max, max);
        Cid cid;
        try {
            cid = store.put(body);
        } catch (java.io.EOFException e) {
            throw ApiError.badRequest("add: " + e.getMessage());
        }
        if (mp.nextPart() != null) {
            throw ApiError.badRequest("add: only one file part per request is supported (the first was stored as " + cid + ")");
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("Name", filename == null || filename.isEmpty() ? cid.toString() : URLDecoder.decode(filename, StandardCharsets.UTF_8));
        out.put("Hash", cid.toString());
        out.put("Size", Long.toString(body.count)); // Kubo writes Size as a string
        json(ex, 200, out);
    }

    private void cat(HttpExchange ex, Map<String, List<String>> q) throws ApiError, IOException {
        Cid cid = cidArg(q, "ipfs-path");
        long offset = longArg(q, "offset", 0);
        long length = longArg(q, "length", -1);
        long size = store.size(cid);
        long from = Math.min(offset, size);
        long count = length < 0 ? size - from : Math.min(length, size - from);
        boolean whole = from == 0 && count == size;
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.getResponseHeaders().set("X-Stream-Output", "1");
        ex.getResponseHeaders().set("X-Content-Length", Long.toString(count));
        try (InputStream in = whole ? store.open(cid) : store.openRange(cid, from, count)) {
            // -1 tells the JDK server "no body"; an empty object needs Content-Length: 0 instead.
            ex.sendResponseHeaders(200, count == 0 ? -1 : count);
            if (count == 0) {
                if (whole) in.transferTo(OutputStream.nullOutputStream()); // still verify the empty object
                return;
            }
            OutputStream out = ex.getResponseBody();
            if (whole) copyHoldingBackLast(in, out, count);
            else copy(in, out, count);
        }
    }

    /**
     * Copies a verified stream, writing each buffer only once the next read has returned, so the last
     * bytes go out only after the end-of-stream hash check passed. If it fails, the exception leaves
     * the response short of its Content-Length and the JDK server drops the connection.
     */
    private static void copyHoldingBackLast(InputStream in, OutputStream out, long count) throws IOException {
        byte[] held = new byte[BUFFER];
        byte[] next = new byte[BUFFER];
        int heldLen = 0;
        long sent = 0;
        int r;
        while ((r = in.read(next)) >= 0) {
            if (r == 0) continue;
            if (heldLen > 0) {
                out.write(held, 0, heldLen);
                sent += heldLen;
            }
            byte[] t = held;
            held = next;
            next = t;
            heldLen = r;
        }
        if (sent + heldLen != count) throw new IOException("object size changed while serving: " + (sent + heldLen) + " bytes, announced " + count);
        out.write(held, 0, heldLen);
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buf = new byte[BUFFER];
        long sent = 0;
        int r;
        while (sent < count && (r = in.read(buf, 0, (int) Math.min(buf.length, count - sent))) >= 0) {
            out.write(buf, 0, r);
            sent += r;
        }
        if (sent != count) throw new IOException("object ended at " + sent + " of the " + count + " bytes announced");
    }

    private void stat(HttpExchange ex, Map<String, List<String>> q, boolean files) throws ApiError, IOException {
        Cid cid = cidArg(q, files ? "path" : "cid");
        long size = store.size(cid);
        ObjectNode out = JSON.createObjectNode();
        if (files) {
            out.put("Hash", cid.toString());
            out.put("Size", size);
            out.put("CumulativeSize", size);
            out.put("Blocks", 0);
            out.put("Type", "file");
        } else {
            out.put("Key", cid.toString());
            out.put("Size", size);
        }
        json(ex, 200, out);
    }

    private void id(HttpExchange ex) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("ID", peerId);
        out.put("PublicKey", "");
        out.putArray("Addresses");
        out.put("AgentVersion", "vnfx-store/0.1.0");
        out.put("ProtocolVersion", "ipfs/0.1.0");
        out.putArray("Protocols");
        json(ex, 200, out);
    }

    // ---------------------------------------------------------------------------------------------

    private static Map<String, List<String>> query(String raw) throws ApiError {
        Map<String, List<String>> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("malformed query parameter '" + pair + "': " + e.getMessage());
            }
        }
        return q;
    }

    private static void expect(Map<String, List<String>> q, String name, String supported, String why) throws ApiError {
        List<String> v = q.get(name);
        if (v == null) return;
        for (String s : v) {
            if (!s.equalsIgnoreCase(supported)) {
                throw ApiError.badRequest("unsupported " + name + "=" + s + ": " + why + " (" + name + "=" + supported + ")");
            }
        }
    }

    private static Cid cidArg(Map<String, List<String>> q, String argName) throws ApiError {
        List<String> args = q.get("arg");
        if (args == null || args.isEmpty() || args.get(0).isEmpty()) {
            throw ApiError.badRequest("argument \"" + argName + "\" is required");
        }
        if (args.size() > 1) throw ApiError.badRequest("only one argument \"" + argName + "\" is supported, got " + args.size());
        String a = args.get(0);
        if (a.startsWith("/ipfs/")) a = a.substring("/ipfs/".length());
        if (a.endsWith("/")) a = a.substring(0, a.length() - 1);
        if (a.contains("/")) throw ApiError.badRequest("invalid path \"" + args.get(0) + "\": paths inside a DAG are not supported, only /ipfs/<cid>");
        try {
            return Cid.parse(a);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid " + argName + " \"" + args.get(0) + "\": " + e.getMessage());
        }
    }

    private static long longArg(Map<String, List<String>> q, String name, long absent) throws ApiError {
        List<String> v = q.get(name);
        if (v == null || v.isEmpty()) return absent;
        try {
            long n = Long.parseLong(v.get(0));
            if (n < 0) throw ApiError.badRequest(name + " must be >= 0, got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a non-negative integer, got '" + v.get(0) + "'");
        }
    }

    private static void json(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = bytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static byte[] bytes(ObjectNode body) throws IOException {
        return (JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Kubo's error object. */
    private static ObjectNode errorObject(int code, String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("Message", message);
        out.put("Code", code);
        out.put("Type", "error");
        return out;
    }

    private static void error(HttpExchange ex, int status, int code, String message) {
        if (ex.getResponseCode() != -1) {
            // Headers are gone: the exchange closes short of its length and the client sees a cut transfer.
            LOG.log(System.Logger.Level.WARNING, "vnfx store: " + ex.getRequestURI() + " failed mid-response: " + message);
            return;
        }
        try {
            json(ex, status, errorObject(code, message));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "vnfx store: could not send an error to " + ex.getRemoteAddress(), e);
        }
    }

    /** An upload over the limit: 413. */
    private static final class UploadTooLarge extends IOException {
        UploadTooLarge(long max, long got) {
            super("upload too large: the limit is " + max + " bytes, the request " + (got < 0 ? "went past it" : "declared " + got));
        }
    }

    /**
     * Counts what passes and fails past {@code limit}, reporting {@code fileLimit} as the upload limit: the
     * whole request body (file plus framing, so a body with no end cannot run forever) and the file part.
     */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private final long fileLimit;
        long count;

        LimitedInputStream(InputStream in, long limit, long fileLimit) {
            super(in);
            this.limit = limit;
            this.fileLimit = fileLimit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > limit) throw new UploadTooLarge(fileLimit, -1);
            }
            return n;
        }
    }
}
