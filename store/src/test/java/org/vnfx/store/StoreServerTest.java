package org.vnfx.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** StoreServer and KuboArtifactStore against each other, over real HTTP on loopback. */
class StoreServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Quick retries so failure tests stay fast. */
    static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2));

    @TempDir
    Path tmp;
    LocalArtifactStore local;
    StoreServer server;
    KuboArtifactStore client;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        local = new LocalArtifactStore(tmp.resolve("server-store"));
        server = StoreServer.start(local);
        client = new KuboArtifactStore(server.uri(), KuboArtifactStore.Options.DEFAULT.withRetry(QUICK));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        for (AutoCloseable c : toClose) c.close();
    }

    private StoreServer serve(ArtifactStore store) throws IOException {
        StoreServer s = StoreServer.start(store);
        toClose.add(s);
        return s;
    }

    private KuboArtifactStore clientOf(StoreServer s, KuboArtifactStore.Options o) {
        KuboArtifactStore k = new KuboArtifactStore(s.uri(), o);
        toClose.add(k);
        return k;
    }

    private HttpResponse<String> post(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher multipart(String boundary, String filename, byte[] content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("preamble to ignore\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(content);
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.ofByteArray(b.toByteArray());
    }

    private static void assertKuboError(HttpResponse<String> r, int status, String fragment) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode n = JSON.readTree(r.body());
        assertEquals("error", n.get("Type").asText());
        assertEquals(status == 500 ? 0 : 1, n.get("Code").asInt(), r.body());
        assertTrue(n.get("Message").asText().contains(fragment), r.body());
    }

    @Test
    void clientRoundTrip() throws IOException {
        byte[] data = TestData.bytes(1_000_000, 10);
        Path file = tmp.resolve("pkg.bin");
        Files.write(file, data);
        Cid c = client.put(file);
        assertEquals(Cid.ofRaw(data), c);
        assertTrue(local.has(c), "stored in the store behind the server");
        assertEquals(c, client.put(new ByteArrayInputStream(data)), "a streamed put (chunked body) gives the same CID");
        assertTrue(client.has(c));
        assertEquals(data.length, client.size(c));
        try (InputStream in = client.open(c)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (InputStream in = client.openRange(c, 999_000, 10_000)) {
            assertArrayEquals(Arrays.copyOfRange(data, 999_000, 1_000_000), in.readAllBytes());
        }
        Path target = tmp.resolve("fetched/pkg.bin");
        client.fetch(c, target, TransferListener.NONE);
        assertArrayEquals(data, Files.readAllBytes(target));

        Cid empty = client.put(new ByteArrayInputStream(new byte[0]));
        assertEquals(CidTest.EMPTY, empty.toString());
        try (InputStream in = client.open(empty)) {
            assertEquals(0, in.readAllBytes().length);
        }
        client.fetch(empty, tmp.resolve("empty"), TransferListener.NONE);
        assertEquals(0, Files.size(tmp.resolve("empty")));

        Cid missing = Cid.ofRaw("missing".getBytes());
        assertFalse(client.has(missing));
        var e = assertThrows(ArtifactNotFoundException.class, () -> client.size(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertThrows(ArtifactNotFoundException.class, () -> client.open(missing));
        assertThrows(ArtifactNotFoundException.class, () -> client.fetch(missing, tmp.resolve("never"), TransferListener.NONE));
    }

    @Test
    void speaksKubosWireFormat() throws Exception {
        byte[] hello = "hello world".getBytes(StandardCharsets.UTF_8);
        String boundary = "----b0undary";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri()
                        + "/api/v0/add?cid-version=1&raw-leaves=true&hash=sha2-256&cid-base=base32&pin=true"))
                .header("Content-Type", "multipart/form-data; boundary=\"" + boundary + "\"")
                .POST(multipart(boundary, "hello%20world.txt", hello)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode n = JSON.readTree(r.body());
        assertEquals("hello world.txt", n.get("Name").asText());
        assertEquals(CidTest.HELLO_WORLD, n.get("Hash").asText());
        assertTrue(n.get("Size").isTextual(), "Kubo writes Size as a string");
        assertEquals("11", n.get("Size").asText());

        r = post("/api/v0/cat?arg=" + CidTest.HELLO_WORLD);
        assertEquals("hello world", r.body());
        r = post("/api/v0/cat?arg=/ipfs/" + CidTest.HELLO_WORLD + "&offset=2&length=5");
        assertEquals("llo w", r.body());
        assertEquals("5", r.headers().firstValue("X-Content-Length").orElseThrow());
        r = post("/api/v0/cat?arg=" + CidTest.HELLO_WORLD + "&offset=20");
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());

        n = JSON.readTree(post("/api/v0/files/stat?arg=/ipfs/" + CidTest.HELLO_WORLD).body());
        assertEquals(11, n.get("Size").asLong());
        assertEquals("file", n.get("Type").asText());
        assertEquals(CidTest.HELLO_WORLD, n.get("Hash").asText());
        n = JSON.readTree(post("/api/v0/block/stat?arg=" + CidTest.HELLO_WORLD).body());
        assertEquals(11, n.get("Size").asLong());
        n = JSON.readTree(post("/api/v0/id").body());
        assertTrue(n.get("ID").asText().startsWith("vnfx-store-"));
        assertTrue(n.get("AgentVersion").asText().startsWith("vnfx-store/"));
    }

    @Test
    void refusesWhatKuboRefuses() throws Exception {
        // 405: the RPC API takes POST only
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v0/cat?arg=" + CidTest.HELLO_WORLD)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElseThrow());
        assertKuboError(r, 405, "takes POST");
        // 400: missing or malformed arguments
        assertKuboError(post("/api/v0/cat"), 400, "argument \"ipfs-path\" is required");
        assertKuboError(post("/api/v0/cat?arg=bafkreiBAD"), 400, "invalid ipfs-path");
        assertKuboError(post("/api/v0/cat?arg=zb2rhj7crUKTQYRGCRATFaQ6YFLTde2YzdqbbhAASkL9uRDXn"), 400, "multibase prefix 'z'");
        assertKuboError(post("/api/v0/cat?arg=" + CidTest.HELLO_WORLD + "&offset=-1"), 400, "offset must be >= 0");
        assertKuboError(post("/api/v0/cat?arg=" + CidTest.HELLO_WORLD + "&length=x"), 400, "length must be a non-negative integer");
        assertKuboError(post("/api/v0/files/stat"), 400, "argument \"path\" is required");
        assertKuboError(post("/api/v0/add?cid-version=0"), 400, "unsupported cid-version=0");
        assertKuboError(post("/api/v0/add?hash=blake3"), 400, "unsupported hash=blake3");
        assertKuboError(post("/api/v0/add"), 400, "multipart/form-data");
        // 500: an unknown CID (as Kubo answers it)
        Cid missing = Cid.ofRaw("missing".getBytes());
        assertKuboError(post("/api/v0/cat?arg=" + missing), 500, "no artifact " + missing);
        assertKuboError(post("/api/v0/files/stat?arg=/ipfs/" + missing), 500, "no artifact " + missing);
        // 404: not an endpoint
        assertEquals(404, post("/api/v0/pin/rm?arg=x").statusCode());
    }

    @Test
    void refusesTooLargeUploads() throws Exception {
        StoreServer small = StoreServer.start(local, StoreServer.Options.defaults().withMaxUploadBytes(1000));
        toClose.add(small);
        KuboArtifactStore k = clientOf(small, KuboArtifactStore.Options.DEFAULT.withRetry(QUICK));
        // Known length (a file): refused from the Content-Length, before the body is read.
        Path big = tmp.resolve("big.bin");
        Files.write(big, TestData.bytes(200_000, 11));
        RpcException e = assertThrows(RpcException.class, () -> k.put(big));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("upload too large: the limit is 1000 bytes"), e.getMessage());
        // Unknown length (a stream, chunked): refused once the count passes the limit.
        e = assertThrows(RpcException.class, () -> k.put(new ByteArrayInputStream(TestData.bytes(5_000, 12))));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains(small.uri() + "/api/v0/add"), e.getMessage());
        // Nothing half-stored, and what fits still goes in.
        assertFalse(local.has(Cid.ofRaw(TestData.bytes(5_000, 12))));
        assertEquals(Cid.ofRaw(TestData.bytes(1000, 13)), k.put(new ByteArrayInputStream(TestData.bytes(1000, 13))));
    }

    @Test
    void fetchResumesAfterTheServerDropsTheConnection() throws IOException {
        byte[] data = TestData.bytes(4_000_000, 14);
        Cid c = local.put(new ByteArrayInputStream(data));
        DroppingStore flaky = new DroppingStore(local, 1_500_000);
        List<Long> offsets = flaky.offsets;
        StoreServer s = serve(flaky);
        KuboArtifactStore k = clientOf(s, KuboArtifactStore.Options.DEFAULT.withRetry(QUICK));
        Path target = tmp.resolve("resumed.bin");
        List<Long> retriedAt = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        k.fetch(c, target, new TransferListener() {
            @Override
            public void progress(Cid cid, long done, long total) {
                progress.add(done);
                assertEquals(data.length, total);
            }

            @Override
            public void retrying(Cid cid, int failedAttempt, long done, IOException cause, Duration delay) {
                retriedAt.add(done);
            }
        });
        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals(1, retriedAt.size());
        long cut = retriedAt.get(0);
        assertTrue(cut > 0 && cut <= 1_500_000, "cut at " + cut);
        assertEquals(List.of(0L, cut), offsets, "the second request resumed at the byte reached");
        assertEquals((long) data.length, progress.get(progress.size() - 1));

        // open() resumes the same way, invisibly to the reader.
        offsets.clear();
        flaky.arm();
        try (InputStream in = k.open(c)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(2, offsets.size());
        assertTrue(offsets.get(1) > 0);
    }

    /** Serves ranges; the first response after {@link #arm()} is cut after {@code cutAfter} bytes. */
    static final class DroppingStore extends ForwardingStore {
        final List<Long> offsets = Collections.synchronizedList(new ArrayList<>());
        private final long cutAfter;
        private boolean armed = true;

        DroppingStore(ArtifactStore delegate, long cutAfter) {
            super(delegate);
            this.cutAfter = cutAfter;
        }

        synchronized void arm() {
            armed = true;
        }

        @Override
        public InputStream open(Cid cid) throws IOException {
            return openRange(cid, 0, -1);
        }

        @Override
        public synchronized InputStream openRange(Cid cid, long offset, long length) throws IOException {
            offsets.add(offset);
            InputStream in = delegate.openRange(cid, offset, length);
            if (!armed) return in;
            armed = false;
            return new CutInputStream(in, cutAfter);
        }
    }

    @Test
    void givesUpClearlyWhenTheServerIsDown() throws IOException {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort(); // free now, closed below: nothing listens there
        }
        KuboArtifactStore down = new KuboArtifactStore(URI.create("http://127.0.0.1:" + port),
                KuboArtifactStore.Options.DEFAULT.withRetry(QUICK));
        toClose.add(down);
        Cid c = Cid.ofRaw("anything".getBytes());
        long t0 = System.nanoTime();
        Path target = tmp.resolve("never.bin");
        TransferFailedException e = assertThrows(TransferFailedException.class, () -> down.fetch(c, target, TransferListener.NONE));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "bounded: " + ms + " ms");
        assertEquals(3, e.attempts());
        assertEquals(0, e.bytesReceived());
        assertTrue(e.getMessage().contains(c.toString()) && e.getMessage().contains("received 0 bytes")
                && e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("ConnectException"), e.getMessage());
        assertFalse(Files.exists(target));

        Path file = tmp.resolve("f.bin");
        Files.write(file, new byte[10]);
        IOException put = assertThrows(IOException.class, () -> down.put(file));
        assertTrue(put.getMessage().contains("failed after 3 attempts") && put.getMessage().contains("127.0.0.1:" + port), put.getMessage());
        IOException has = assertThrows(IOException.class, () -> down.has(c));
        assertTrue(has.getMessage().contains("failed after 3 attempts"), has.getMessage());
    }

    @Test
    void aStalledTransferTimesOutAndIsRetried() throws IOException {
        byte[] data = TestData.bytes(300_000, 15);
        Cid c = local.put(new ByteArrayInputStream(data));
        // The server hangs mid-body once it reaches byte 100,000 of the object, whatever the range asked for.
        ForwardingStore stalling = new ForwardingStore(local) {
            @Override
            public InputStream open(Cid cid) throws IOException {
                return openRange(cid, 0, -1);
            }

            @Override
            public InputStream openRange(Cid cid, long offset, long length) throws IOException {
                InputStream in = delegate.openRange(cid, offset, length);
                return new InputStream() {
                    long pos = offset;

                    @Override
                    public int read() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (pos >= 100_000) {
                            try {
                                Thread.sleep(10_000);
                            } catch (InterruptedException e) {
                                throw new IOException("server closed");
                            }
                        }
                        int r = in.read(b, off, (int) Math.min(len, Math.max(1, 100_000 - pos)));
                        if (r > 0) pos += r;
                        return r;
                    }
                };
            }
        };
        StoreServer s = serve(stalling);
        KuboArtifactStore k = clientOf(s, KuboArtifactStore.Options.DEFAULT.withRetry(QUICK).withIdleTimeout(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        TransferFailedException e = assertThrows(TransferFailedException.class, () -> k.fetch(c, tmp.resolve("stalled.bin"), TransferListener.NONE));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "bounded: " + ms + " ms");
        assertTrue(e.getMessage().contains("no data for 300 ms"), e.getMessage());
        // Attempts that brought bytes were not counted against the limit; the ones stuck at the stall were.
        assertTrue(e.bytesReceived() > 0 && e.bytesReceived() <= 100_000, e.getMessage());
    }

    @Test
    void wrongBytesFromADishonestServerAreRejected() throws IOException {
        byte[] data = TestData.bytes(2_000_000, 16);
        Cid c = local.put(new ByteArrayInputStream(data));
        ForwardingStore dishonest = new ForwardingStore(local) {
            @Override
            public InputStream open(Cid cid) throws IOException {
                return openRange(cid, 0, -1);
            }

            @Override
            public InputStream openRange(Cid cid, long offset, long length) throws IOException {
                byte[] all;
                try (InputStream in = delegate.openRange(cid, 0, -1)) {
                    all = in.readAllBytes();
                }
                all[1_234_567] ^= 0x40;
                long end = length < 0 ? all.length : Math.min(all.length, offset + length);
                return new ByteArrayInputStream(all, (int) Math.min(offset, all.length), (int) Math.max(0, end - offset));
            }

            @Override
            public Cid put(InputStream in) throws IOException {
                delegate.put(in);
                return Cid.ofRaw("something else".getBytes());
            }
        };
        StoreServer s = serve(dishonest);
        KuboArtifactStore k = clientOf(s, KuboArtifactStore.Options.DEFAULT.withRetry(QUICK));
        Path target = tmp.resolve("evil.bin");
        ContentMismatchException e = assertThrows(ContentMismatchException.class, () -> k.fetch(c, target, TransferListener.NONE));
        assertEquals(c, e.expected());
        assertTrue(e.getMessage().contains(c.toString()) && e.getMessage().contains(s.uri().toString()), e.getMessage());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(Fetcher.partFile(target, c)));
        assertThrows(ContentMismatchException.class, () -> {
            try (InputStream in = k.open(c)) {
                in.readAllBytes();
            }
        });
        IOException put = assertThrows(IOException.class, () -> k.put(new ByteArrayInputStream(data)));
        assertTrue(put.getMessage().contains("the node did not store what was sent") && put.getMessage().contains(c.toString()), put.getMessage());
    }

    @Test
    void aDamagedObjectIsNeverServedAsWhole() throws IOException {
        byte[] data = TestData.bytes(1_000_000, 17);
        Cid c = local.put(new ByteArrayInputStream(data));
        try (var f = new java.io.RandomAccessFile(local.pathOf(c).toFile(), "rw")) {
            f.seek(10);
            f.write(0xff ^ data[10]);
        }
        // The server checks the hash before the last buffer goes out and cuts the response short:
        // a plain HTTP client sees a truncated body, not a complete wrong one.
        assertThrows(IOException.class, () -> HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v0/cat?arg=" + c))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray()));
        // The client, after resuming past the cut, verifies the whole and refuses it.
        assertThrows(ContentMismatchException.class, () -> {
            try (InputStream in = client.open(c)) {
                in.readAllBytes();
            }
        });
        assertThrows(ContentMismatchException.class, () -> client.fetch(c, tmp.resolve("damaged.bin"), TransferListener.NONE));
    }

    @Test
    void closeReleasesThePort() throws IOException {
        StoreServer s = StoreServer.start(local, StoreServer.Options.defaults());
        int port = s.port();
        assertTrue(port > 0);
        assertEquals(URI.create("http://127.0.0.1:" + port), s.uri());
        s.close();
        StoreServer again = StoreServer.start(local, StoreServer.Options.defaults().withPort(port));
        toClose.add(again);
        assertEquals(port, again.port());
    }

    /** Fails with a reset-like error after {@code limit} bytes: what a dropped connection looks like to the server. */
    static final class CutInputStream extends InputStream {
        private final InputStream in;
        private long left;

        CutInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) throw new IOException("connection dropped (test)");
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r > 0) left -= r;
            return r;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    @Test
    void serverErrorsCarryTheNodesMessage() {
        Cid missing = Cid.ofRaw("x".getBytes());
        IOException e = assertThrows(IOException.class, () -> client.openRange(missing, 0, -1));
        RpcException rpc = assertInstanceOf(RpcException.class, e);
        assertEquals(500, rpc.status());
        assertTrue(rpc.getMessage().startsWith("POST " + server.uri() + "/api/v0/cat?arg=" + missing), rpc.getMessage());
        assertTrue(rpc.nodeMessage().contains("no artifact " + missing), rpc.getMessage());
    }
}
