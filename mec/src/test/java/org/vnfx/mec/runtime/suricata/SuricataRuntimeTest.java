package org.vnfx.mec.runtime.suricata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.ledger.economics.ErrorType;
import org.vnfx.mec.runtime.InstanceSpec;
import org.vnfx.mec.runtime.VnfInstance;
import org.vnfx.mec.runtime.VnfStartException;
import org.vnfx.packages.CsarBuilder;

/** The Suricata runtime on its own (no chain): descriptor checks, traffic in, counters out, nothing left behind. */
class SuricataRuntimeTest {
    static final int[] A = {10, 9, 0, 1};
    static final int[] B = {10, 9, 0, 2};

    @TempDir
    Path dir;

    Path exemplar() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/suricata-ids/package"))) return p.resolve("examples/suricata-ids/package");
        }
        throw new IllegalStateException("examples/suricata-ids/package not found");
    }

    Path csar(String name, Path... overlays) throws Exception {
        List<Path> layers = new ArrayList<>(List.of(exemplar()));
        layers.addAll(List.of(overlays));
        return CsarBuilder.build(layers, dir.resolve(name + ".csar")).file();
    }

    InstanceSpec spec(Path csar, String name) {
        return new InstanceSpec(BigInteger.ONE, "ids", csar, dir.resolve(name));
    }

    @Test
    void decoderErrorsInTheTrafficAreCountedWhenTheEngineStops() throws Exception {
        SuricataRuntime runtime = new SuricataRuntime(SuricataRuntime.Options.DEFAULT);
        Path instanceDir;
        long[] counts;
        try (VnfInstance ids = runtime.start(spec(csar("ids"), "instance"))) {
            instanceDir = dir.resolve("instance");
            byte[] capture = new Pcap(1_800_000_000L).truncatedIpv4().truncatedIpv4().truncatedIpv4()
                    .udp(A, 1, B, 2, "fine".getBytes(StandardCharsets.US_ASCII)).bytes();
            var post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ids.endpoint().resolve("/captures"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(capture)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, post.statusCode(), post.body());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Files.list(instanceDir.resolve("inbox")).findAny().isPresent() && System.nanoTime() < deadline) Thread.sleep(50);
            counts = ids.stop();
            assertFalse(ids.alive());
            assertEquals(counts[ErrorType.DECODER_INVALID.ordinal()], ids.errorCounts()[ErrorType.DECODER_INVALID.ordinal()], "stop is final");
        }
        assertEquals(3, counts[ErrorType.DECODER_INVALID.ordinal()], "the three truncated frames, counted once the engine stopped");
        assertEquals(0, counts[ErrorType.ENGINE_CRASH.ordinal()], "a stop we asked for is no crash");
        assertFalse(Files.exists(instanceDir), "the instance folder is removed");
    }

    /** The instance's capture endpoint sits behind the same request limits as the agent's (README "Hostile input"). */
    @Test
    void theCaptureEndpointRefusesOversizedRequestsAndKeepsServing() throws Exception {
        SuricataRuntime runtime = new SuricataRuntime(SuricataRuntime.Options.DEFAULT);
        try (VnfInstance ids = runtime.start(spec(csar("ids"), "hostile"))) {
            String declared = rawStatusAndBody(ids, "POST /captures HTTP/1.1\r\nHost: x\r\nContent-Length: " + (2L << 30) + "\r\n\r\n");
            assertTrue(declared.startsWith("413") && declared.contains("the limit is " + CaptureInbox.MAX_CAPTURE_BYTES + " bytes"), declared);
            String longUrl = rawStatusAndBody(ids, "GET /?" + "u".repeat(16 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(longUrl.startsWith("414"), longUrl);
            var status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ids.endpoint()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
        }
    }

    /** "STATUS BODY" of the answer to a request written as is, over a plain socket. */
    private static String rawStatusAndBody(VnfInstance ids, String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket(ids.endpoint().getHost(), ids.endpoint().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4) + " " + answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void aPackageThatNamesFilesItDoesNotCarryIsRefusedBeforeSuricataRuns() throws Exception {
        Path overlay = Files.createDirectories(dir.resolve("overlay/runtime"));
        Files.writeString(overlay.resolve("suricata.json"), "{\"engine\":\"suricata\",\"config\":\"Files/config/missing.yaml\"}");
        SuricataRuntime runtime = new SuricataRuntime(SuricataRuntime.Options.DEFAULT);
        VnfStartException e = assertThrows(VnfStartException.class, () -> runtime.start(spec(csar("missing", overlay.getParent()), "i2")));
        assertEquals("runtime/suricata.json: \"config\" names Files/config/missing.yaml, which the package does not contain", e.getMessage());
        assertFalse(Files.exists(dir.resolve("i2")));

        Files.writeString(overlay.resolve("suricata.json"), "{\"engine\":\"suricata\",\"config\":\"../etc/suricata.yaml\"}");
        e = assertThrows(VnfStartException.class, () -> runtime.start(spec(csar("escape", overlay.getParent()), "i3")));
        assertEquals("runtime/suricata.json: \"config\" must stay inside the package, found ../etc/suricata.yaml", e.getMessage());
    }

    @Test
    void theInboxTakesOnlyCaptures() throws Exception {
        CaptureInbox inbox = new CaptureInbox(dir.resolve("in"), dir.resolve("staging"));
        var e = assertThrows(CaptureInbox.CaptureRejected.class, () -> inbox.add(new ByteArrayInputStream("GET / HTTP/1.1 and more text".getBytes())));
        assertEquals(400, e.status);
        assertEquals(0, inbox.pending(), "a refused capture leaves nothing for Suricata");
        assertEquals("capture-000001.pcap", inbox.add(new ByteArrayInputStream(CaptureInbox.EMPTY_PCAP)));
        assertEquals("capture-000002.pcap", inbox.add(new ByteArrayInputStream(new Pcap(1).udp(A, 1, B, 2, new byte[1]).bytes())));
        var t1 = Files.getLastModifiedTime(dir.resolve("in/capture-000001.pcap")).toInstant();
        var t2 = Files.getLastModifiedTime(dir.resolve("in/capture-000002.pcap")).toInstant();
        assertTrue(t1.isBefore(t2), "captures are dated in arrival order, as Suricata reads them");
        assertTrue(t2.isBefore(Instant.now().minus(CaptureInbox.BACKDATE).plusSeconds(60)), "and back-dated past Suricata's settling delay");
    }
}
