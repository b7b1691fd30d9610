package org.vnfx.mec.runtime.suricata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exemplar IDS package's sources (examples/suricata-ids/package) in a real Suricata 7, installed by the test
 * command (scripts/install-suricata.sh), run as the package will be: from the package root, with its
 * Files/config/suricata.yaml. The project's own rules raise exactly the alerts a capture made by {@link Pcap}
 * calls for, and nothing for benign traffic.
 */
class SuricataExemplarTest {
    static final int[] A = {10, 0, 0, 1};
    static final int[] B = {10, 0, 0, 2};

    @TempDir
    Path dir;

    static Path exemplar() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("examples/suricata-ids/package/Files/config/suricata.yaml"))) return p.resolve("examples/suricata-ids/package");
        }
        throw new IllegalStateException("examples/suricata-ids/package not found");
    }

    @Test
    void theProjectsRulesRaiseTheExpectedAlertsOnAKnownCaptureAndNoneOnBenignTraffic() throws Exception {
        byte[] big = new byte[1200];
        Path capture = new Pcap(1_700_000_000L)
                .udp(A, 40000, B, 5353, "hello VNFX-PROBE".getBytes(StandardCharsets.US_ASCII))   // sid 9000001
                .udp(A, 40001, B, 9999, "payload with exfil inside".getBytes(StandardCharsets.US_ASCII)) // sid 9000002 (nocase)
                .icmpEcho(A, B, 7, 1, big)                                                          // sid 9000003
                .udp(A, 40002, B, 5353, "an ordinary mDNS-ish datagram".getBytes(StandardCharsets.US_ASCII))
                .icmpEcho(A, B, 7, 2, new byte[56])                                                 // a normal ping
                .write(dir.resolve("known.pcap"));
        Path log = Files.createDirectories(dir.resolve("log"));
        Path ids = exemplar();
        Process p = new ProcessBuilder("suricata", "-c", "Files/config/suricata.yaml", "-r", capture.toString(),
                "-l", log.toString(), "-k", "none")
                .directory(ids.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("suricata.out").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "suricata did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("suricata.out")));

        ObjectMapper json = new ObjectMapper();
        Map<Long, Integer> alerts = new HashMap<>();
        List<JsonNode> stats = new ArrayList<>();
        for (String line : Files.readAllLines(log.resolve("eve.json"))) {
            JsonNode e = json.readTree(line);
            switch (e.path("event_type").asText()) {
                case "alert" -> alerts.merge(e.path("alert").path("signature_id").asLong(), 1, Integer::sum);
                case "stats" -> stats.add(e.path("stats"));
                default -> { }
            }
        }
        assertEquals(Map.of(9000001L, 1, 9000002L, 1, 9000003L, 1), alerts, "one alert per marked packet, none for benign ones");
        assertTrue(!stats.isEmpty(), "the engine reports its counters (the telemetry reputation will come from)");
        JsonNode last = stats.get(stats.size() - 1);
        assertEquals(5, last.path("decoder").path("pkts").asLong(), last.toString());
        assertEquals(0, last.path("decoder").path("invalid").asLong(), "every generated packet decodes");
    }
}
