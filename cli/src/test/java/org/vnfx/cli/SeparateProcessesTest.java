package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.ledger.node.AnvilNode;

/**
 * The deployment a user makes by hand: the embedded node, the store, the orchestrator and a MEC agent
 * each as a `vnfx` process of its own, talking only through JSON-RPC and HTTP; a provider publishes with
 * the CLI and a UE asks for the service with the CLI.
 */
class SeparateProcessesTest {
    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy(); // SIGTERM: each command stops cleanly
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    /** A `vnfx` process; returns once a line of its output matches {@code ready}, with that match. */
    private Matcher spawn(Path data, Pattern ready, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dvnfx.home=" + System.getProperty("vnfx.home", ""),
                Vnfx.class.getName(), "--data-dir", data.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!p.isAlive()) break;
                continue;
            }
            seen.append(line).append('\n');
            Matcher m = ready.matcher(line);
            if (m.find()) return m;
        }
        throw new AssertionError("`vnfx " + String.join(" ", args) + "` did not get ready; it printed:\n" + seen);
    }

    @Test
    void everyActorAsItsOwnProcessMigratesAVnfToTheEdge() throws Exception {
        Path data = dir.resolve("data");
        Cli cli = new Cli(data);
        Path pw = cli.passwordFile("all", "correct horse");
        for (String k : List.of("operator", "provider", "edge")) cli.key(k, pw);
        String pwf = pw.toString();

        spawn(data, Pattern.compile("Ctrl-C to stop"), "node", "start");
        cli.run("deploy", "--key", "operator", "--password-file", pwf).ok();
        cli.run("identity", "register", "--key", "provider", "--role", "provider", "--password-file", pwf).ok();
        cli.run("identity", "register", "--key", "edge", "--role", "mec", "--password-file", pwf).ok();
        cli.run("identity", "approve", "--key", "operator", "provider", "--password-file", pwf).ok();
        cli.run("identity", "approve", "--key", "operator", "edge", "--password-file", pwf).ok();
        cli.run("payments", "deposit", "--key", "operator", "1000000000000000", "--password-file", pwf).ok();

        String store = spawn(data, Pattern.compile("store serving .* at (http://\\S+)"), "store", "serve", "--port", "0").group(1);
        spawn(data, Pattern.compile("Ctrl-C to stop"), "orchestrator", "--key", "operator", "--password-file", pwf);
        String mec = spawn(data, Pattern.compile("UE endpoint (http://\\S+)/services"),
                "mec", "run", "--key", "edge", "--port", "0", "--store", store, "--password-file", pwf).group(1);

        Path example = Path.of(System.getProperty("vnfx.home", "..")).resolve("examples/echo-vnf");
        String published = cli.run("offer", "publish", "--key", "provider", "--store", store, "--function", "echo",
                "--price", "1000000000", "--password-file", pwf, example.toString()).ok().out();
        Matcher digest = Pattern.compile("package digest (0x[0-9a-f]{64})").matcher(published);
        assertTrue(digest.find(), published);
        cli.run("offer", "accept", "--key", "operator", digest.group(1), "--password-file", pwf).ok();

        String cold = cli.run("ue", "request", "--mec", mec, "echo").ok().out();
        assertTrue(cold.contains("(deployment 1, cold start)"), cold);
        String warm = cli.run("ue", "request", "--mec", mec, "echo").ok().out();
        assertTrue(warm.contains("(deployment 1, warm)"), warm);

        String services = cli.run("mec", "status", "--mec", mec).ok().out();
        assertTrue(services.contains("echo  deployment 1  http://127.0.0.1:"), services);
        assertTrue(services.contains("errors       none") && services.contains("observations none"), services);

        String status = cli.run("status").ok().out();
        assertTrue(status.lines().anyMatch(l -> l.contains("running")), status);

        // The catalogue, a read model of the chain and the store: both SOL004 packages are listed with their
        // verification (a package that fails verification is ChainIndexerScenarioTest's and the portal's case).
        String ids = cli.run("offer", "publish", "--key", "provider", "--store", store, "--function", "ids", "--price", "2000000000",
                "--password-file", pwf, example.resolveSibling("suricata-ids/package").toString()).ok().out();
        Matcher idsDigest = Pattern.compile("package digest 0x([0-9a-f]{64})").matcher(ids);
        assertTrue(idsDigest.find(), ids);
        String indexed = cli.run("catalogue", "index", "--key", "operator", "--store", store, "--password-file", pwf).ok().out();
        assertTrue(indexed.matches("(?s)indexed \\d+ events up to block \\d+ in \\d+ ms.*"), indexed);
        String found = cli.run("catalogue", "search", "suricata", "exemplar", "--function", "ids", "--vcpu", "1000..").ok().out();
        assertTrue(found.contains(idsDigest.group(1).substring(0, 12)) && found.contains("suricata-ids") && found.contains("advertised"), found);
        String echoFound = cli.run("catalogue", "search", "--function", "echo").ok().out();
        assertTrue(echoFound.contains(digest.group(1).substring(2, 14)) && echoFound.contains("accepted"), echoFound);
        String none = cli.run("catalogue", "search", "--function", "firewall").ok().out();
        assertEquals("no package matches", none.strip(), "an empty result is one line, no table");
        String echo = cli.run("catalogue", "show", digest.group(1)).ok().out();
        assertTrue(echo.contains("VNF echo 1.0.0") && echo.contains("verified by indexer") && echo.contains("passed"), echo);
        String shown = cli.run("catalogue", "show", idsDigest.group(1)).ok().out();
        assertTrue(shown.contains("VNF suricata-ids") && shown.contains("passed"), shown);

        stopAll();
        processes.clear();
        assertTrue(AnvilNode.running(data).isEmpty(), "the node stopped with its process");
        assertEquals(0, Files.list(data.resolve("chain")).filter(p -> p.getFileName().toString().equals("node.json")).count());
    }
}
