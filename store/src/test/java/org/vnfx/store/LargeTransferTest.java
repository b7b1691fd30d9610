package org.vnfx.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 300 MiB up and down through StoreServer and KuboArtifactStore in a JVM whose whole heap is
 * smaller (surefire runs this module with -Xmx256m): passing proves that nothing on the way
 * buffers an artifact in memory.
 */
class LargeTransferTest {
    static final long SIZE = 300L << 20;

    @TempDir
    Path tmp;

    /** Prints the phase's throughput (a rough figure for this machine, not an assertion). */
    private static long lap(String phase, long since) {
        long now = System.nanoTime();
        double s = (now - since) / 1e9;
        System.out.printf("LargeTransferTest: %-14s %6.2f s  %6.0f MiB/s%n", phase, s, (SIZE >> 20) / s);
        return now;
    }

    @Test
    void streamsAnObjectLargerThanTheHeap() throws IOException {
        long heap = Runtime.getRuntime().maxMemory();
        assertTrue(heap < SIZE, "the test needs a heap smaller than the object; max heap is " + (heap >> 20) + " MiB");
        long t = System.nanoTime();
        Cid expected = TestData.cidOf(SIZE, 42);
        t = lap("generate+hash", t);
        try (LocalArtifactStore local = new LocalArtifactStore(tmp.resolve("server"));
             StoreServer server = StoreServer.start(local);
             KuboArtifactStore client = new KuboArtifactStore(server.uri())) {
            // Up: a stream of unknown length (chunked multipart body)
            Cid cid = client.put(TestData.stream(SIZE, 42));
            assertEquals(expected, cid);
            t = lap("put(stream)", t);
            assertEquals(SIZE, client.size(cid));

            // Down: verified, atomic, with progress
            Path target = tmp.resolve("pkg.bin");
            AtomicLong calls = new AtomicLong();
            AtomicLong last = new AtomicLong(-1);
            client.fetch(cid, target, (c, done, total) -> {
                calls.incrementAndGet();
                assertTrue(done >= last.get());
                last.set(done);
                assertEquals(SIZE, total);
            });
            t = lap("fetch", t);
            assertEquals(SIZE, Files.size(target));
            assertEquals(SIZE, last.get());
            assertTrue(calls.get() >= 300, "about one callback per MiB: " + calls.get());

            // Down again as a stream that verifies at its end
            try (InputStream in = client.open(cid)) {
                assertEquals(expected, TestData.cidOf(in));
            }
            t = lap("open+read", t);

            // Up again from a file (known length): the same content is stored once.
            assertEquals(cid, client.put(target));
            lap("put(file)", t);
            try (var files = Files.list(local.dir().resolve("blocks"))) {
                assertEquals(1, files.count());
            }
        }
    }
}
