package org.vnfx.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KuboArtifactStore against a real IPFS node (js-ipfs 0.66.1, see {@link JsIpfsNode}). Skipped only
 * when asked ({@code -Dvnfx.ipfs.skip=true}); a node that cannot start fails the test.
 */
class JsIpfsTest {
    /** js-ipfs's default chunker: files up to this size are one raw block. */
    static final int CHUNK = 262_144;

    @TempDir
    static Path work;
    static JsIpfsNode node;
    static KuboArtifactStore ipfs;

    @BeforeAll
    static void startNode() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("vnfx.ipfs.skip"), "vnfx.ipfs.skip=true");
        node = JsIpfsNode.start(work);
        System.out.printf("JsIpfsTest: js-ipfs at %s (npm ci %.1f s, init + daemon start %.1f s)%n",
                node.api(), node.installTime.toMillis() / 1000.0, node.startTime.toMillis() / 1000.0);
        ipfs = new KuboArtifactStore(node.api(), KuboArtifactStore.Options.DEFAULT.withRetry(StoreServerTest.QUICK)
                .withLookupTimeout(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stopNode() throws IOException {
        if (ipfs != null) ipfs.close();
        if (node != null) node.close();
    }

    @Test
    void isARealIpfsNode() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.api() + "/api/v0/id"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode id = new ObjectMapper().readTree(r.body());
        assertTrue(id.get("AgentVersion").asText().startsWith("js-ipfs/"), r.body());
    }

    @Test
    void goldenCidsAreWhatIpfsGives() throws IOException {
        assertEquals(CidTest.EMPTY, ipfs.put(new ByteArrayInputStream(new byte[0])).toString());
        assertEquals(CidTest.HELLO_WORLD, ipfs.put(new ByteArrayInputStream("hello world".getBytes())).toString());
    }

    @Test
    void smallFilesGetOurRawCidAndRoundTripVerified() throws IOException {
        for (int size : new int[]{1, 1000, CHUNK}) {
            byte[] data = TestData.bytes(size, 100 + size);
            Path file = work.resolve("small-" + size);
            Files.write(file, data);
            Cid cid = ipfs.put(file); // fixed-length body
            assertEquals(Cid.ofRaw(data), cid, "size " + size);
            assertTrue(cid.toString().startsWith("bafkrei"));
            assertEquals(cid, ipfs.put(new ByteArrayInputStream(data)), "a chunked body gives the same CID");
            assertTrue(ipfs.has(cid));
            assertEquals(size, ipfs.size(cid));
            try (InputStream in = ipfs.open(cid)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            Path target = work.resolve("fetched-" + size);
            ipfs.fetch(cid, target, TransferListener.NONE);
            assertArrayEquals(data, Files.readAllBytes(target));
        }
    }

    @Test
    void largerFilesGetADagPbCidThatStillRoundTrips() throws IOException {
        byte[] data = TestData.bytes(3 * CHUNK + 12_345, 200);
        Cid cid = ipfs.put(new ByteArrayInputStream(data));
        assertEquals(Cid.DAG_PB, cid.codec(), cid.toString());
        assertTrue(cid.toString().startsWith("bafybei"), cid.toString());
        assertFalse(cid.contentVerifiable());
        assertEquals(cid, Cid.parse(cid.toString()));
        // One byte over the chunk size is already a DAG.
        assertEquals(Cid.DAG_PB, ipfs.put(new ByteArrayInputStream(TestData.bytes(CHUNK + 1, 201))).codec());

        assertTrue(ipfs.has(cid));
        assertEquals(data.length, ipfs.size(cid));
        try (InputStream in = ipfs.open(cid)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (InputStream in = ipfs.openRange(cid, CHUNK - 100, 1000)) {
            assertArrayEquals(Arrays.copyOfRange(data, CHUNK - 100, CHUNK + 900), in.readAllBytes(), "ranges cross chunk borders");
        }
        // Resuming a partial file with a ranged cat across the DAG
        Path target = work.resolve("dag.bin");
        Files.write(Fetcher.partFile(target, cid), Arrays.copyOf(data, CHUNK + 7));
        ipfs.fetch(cid, target, TransferListener.NONE);
        assertArrayEquals(data, Files.readAllBytes(target));
    }

    @Test
    void unknownCidsAreAnsweredPromptly() {
        Cid missing = Cid.ofRaw("not on this node".getBytes());
        long t0 = System.nanoTime();
        assertThrows(ArtifactNotFoundException.class, () -> ipfs.size(missing));
        try {
            assertFalse(ipfs.has(missing));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // js-ipfs would search its (empty) network without end; the timeout option (1 s here) bounds it.
        assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "took " + took);
    }

    @Test
    void storeServerAndIpfsAgreeOnSmallFiles() throws IOException {
        byte[] data = TestData.bytes(50_000, 300);
        try (LocalArtifactStore local = new LocalArtifactStore(work.resolve("vnfx-store"));
             StoreServer server = StoreServer.start(local);
             KuboArtifactStore ours = new KuboArtifactStore(server.uri())) {
            assertEquals(ipfs.put(new ByteArrayInputStream(data)), ours.put(new ByteArrayInputStream(data)));
        }
    }
}
