package org.vnfx.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two exemplar CSARs, unpacked and run as the Suricata runtime runs them (the package root as working
 * directory, runtime/suricata.json's config and replay), in the real Suricata 7 the test command installs:
 * both raise the same alerts on the shipped capture, and only the lite variant degrades — its flow table
 * overflows into emergency mode and Suricata refuses its legacy rules.
 */
class ExemplarCsarsInSuricataTest {
    static final Map<Long, Integer> ALERTS = Map.of(9000001L, 201, 9000002L, 1, 9000003L, 1);
    static final long PACKETS = 20_205;

    @TempDir
    Path dir;

    record Run(Map<Long, Integer> alerts, String lastStats) {
        long counter(String regex) {
            Matcher m = Pattern.compile(regex + "(\\d+)").matcher(lastStats);
            assertTrue(m.find(), regex + " not in " + lastStats);
            return Long.parseLong(m.group(1));
        }
    }

    Run run(String name, List<Path> layers) throws Exception {
        Path root = Examples.unpack(CsarBuilder.build(layers, dir.resolve(name + ".csar")).file(), Files.createDirectories(dir.resolve(name)));
        String runtime = Files.readString(root.resolve("runtime/suricata.json"));
        String config = field(runtime, "\"config\"\\s*:\\s*\"([^\"]+)\"");
        String replay = field(runtime, "\"replay\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");
        Path log = Files.createDirectories(dir.resolve(name + "-log"));
        Path out = dir.resolve(name + ".out");
        Process p = new ProcessBuilder("suricata", "-c", config, "-r", replay, "-l", log.toString(), "-k", "none")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "suricata did not finish");
        assertEquals(0, p.exitValue(), Files.readString(out));

        Map<Long, Integer> alerts = new TreeMap<>();
        String lastStats = null;
        Pattern sid = Pattern.compile("\"signature_id\":(\\d+)");
        for (String line : Files.readAllLines(log.resolve("eve.json"))) {
            if (line.contains("\"event_type\":\"alert\"")) {
                Matcher m = sid.matcher(line);
                assertTrue(m.find(), line);
                alerts.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
            } else if (line.contains("\"event_type\":\"stats\"")) {
                lastStats = line;
            }
        }
        assertTrue(lastStats != null, "no stats record in eve.json");
        return new Run(alerts, lastStats);
    }

    static String field(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        assertTrue(m.find(), regex + " not in " + json);
        return m.group(1);
    }

    @Test
    void theExemplarAlertsOnTheShippedCaptureWithoutEngineErrors() throws Exception {
        Run ids = run("ids", Examples.idsLayers());
        assertEquals(ALERTS, ids.alerts());
        assertEquals(PACKETS, ids.counter("\"decoder\":\\{\"pkts\":"));
        assertEquals(0, ids.counter("\"invalid\":"));
        assertEquals(0, ids.counter("\"rules_failed\":"));
        assertEquals(0, ids.counter("\"emerg_mode_entered\":"));
        assertEquals(0, ids.counter("\"get_used\":"));
    }

    @Test
    void theLiteVariantAlertsTooButOverflowsItsFlowTableAndLosesItsLegacyRules() throws Exception {
        Run lite = run("lite", Examples.liteLayers());
        assertEquals(ALERTS, lite.alerts(), "the exemplar's rules still load and alert");
        assertEquals(PACKETS, lite.counter("\"decoder\":\\{\"pkts\":"));
        assertEquals(3, lite.counter("\"rules_failed\":"), "the three rules of lite-compat.rules");
        assertEquals(3, lite.counter("\"rules_loaded\":"));
        // Entering emergency mode is certain with a 100 KB flow table; how often a worker then reuses a flow
        // still in use (flow.get_used, 1 to 157 in 30 runs here) depends on thread timing, so it is not asserted.
        assertEquals(1, lite.counter("\"emerg_mode_entered\":"), lite.lastStats());
    }
}
