package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.ledger.node.AnvilNode;

/**
 * The main job's interactive mode as a user starts it, in a process of its own: `vnfx demo --portal` runs the demo,
 * then serves a dPortal per actor; each answers as its actor with its role, the catalogue holds the demo's packages,
 * the MEC node's page reads its agent; Enter stops it all, with exit 0 and nothing left running.
 */
class DemoPortalTest {
    static final Pattern SEAT = Pattern.compile("^  (\\S+)\\s+(operator|provider|mec|customer|validator)\\s+(http://127\\.0\\.0\\.1:\\d+)/");
    static final Pattern AGENT = Pattern.compile("its agent (http://\\S+)");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void kill() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    static JsonNode get(URI base, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    static boolean listening(URI u) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theInteractiveModeServesAPortalPerActorUntilEnter() throws Exception {
        Path data = dir.resolve("data");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dvnfx.home=" + System.getProperty("vnfx.home", ""),
                Vnfx.class.getName(), "--data-dir", data.toString(), "demo", "--vnf", "echo", "--sessions", "1", "--portal", "--portal-port", "0"));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = process;
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();

        Map<String, String> roles = new LinkedHashMap<>();
        Map<String, URI> urls = new LinkedHashMap<>();
        Map<String, URI> agents = new LinkedHashMap<>();
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        boolean ready = false;
        while (!ready && System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!p.isAlive()) break;
                continue;
            }
            seen.append(line).append('\n');
            Matcher m = SEAT.matcher(line);
            if (m.find()) {
                roles.put(m.group(1), m.group(2));
                urls.put(m.group(1), URI.create(m.group(3)));
                Matcher a = AGENT.matcher(line);
                if (a.find()) agents.put(m.group(1), URI.create(a.group(1)));
            }
            ready = line.startsWith("Enter, Ctrl-C or SIGTERM to stop");
        }
        assertTrue(ready, "the portals did not start; the demo printed:\n" + seen);
        String out = seen.toString();
        assertTrue(out.contains("demo OK"), out);
        assertEquals(Map.of("operator", "operator", "provider-a", "provider", "provider-b", "provider", "mec-1", "mec", "mec-2", "mec",
                "validator", "validator", "customer", "customer"), roles, out);

        for (var e : urls.entrySet()) {
            JsonNode me = get(e.getValue(), "/api/me");
            assertEquals(roles.get(e.getKey()), me.path("acting").asText(), e.getKey() + ": " + me);
        }
        // The two echo variants share one descriptor identity (provider, product, version): the catalogue lists one of them.
        Matcher published = Pattern.compile("echo-(?:lite|pro)\\s+by provider-[ab]: package 0x([0-9a-f]{8})").matcher(out);
        List<String> digests = new ArrayList<>();
        while (published.find()) digests.add(published.group(1));
        assertEquals(2, digests.size(), out);
        JsonNode found = get(urls.get("customer"), "/api/catalogue/search?function=echo");
        assertFalse(found.path("items").isEmpty(), found.toString());
        for (JsonNode item : found.path("items")) {
            assertEquals("echo", item.path("functionType").asText(), item.toString());
            assertEquals("ACCEPTED", item.path("offerStatus").asText(), item.toString());
            assertTrue(digests.contains(item.path("digest").asText().substring(0, 8)), item + " is none of " + digests);
        }
        JsonNode mec = get(urls.get("mec-1"), "/api/mec/overview");
        assertTrue(mec.path("agent").path("reachable").asBoolean(), mec.path("agent").toString());
        assertEquals(agents.get("mec-1").toString(), mec.path("agent").path("url").asText());
        assertTrue(mec.path("deployments").size() >= 1 && mec.path("agent").path("requests").size() >= 2, mec.toString());

        try (OutputStream in = p.getOutputStream()) {
            in.write('\n');
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Enter stops the demo");
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        assertTrue(AnvilNode.running(data.resolve("demo")).isEmpty(), "the chain stopped");
        for (URI u : urls.values()) assertFalse(listening(u), u + " still answers");
        for (URI u : agents.values()) assertFalse(listening(u), u + " still answers");
    }
}
