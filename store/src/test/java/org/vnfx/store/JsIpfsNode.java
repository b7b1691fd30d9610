package org.vnfx.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real IPFS node for tests: js-ipfs 0.66.1 from {@code src/test/ipfs} (pinned by its committed
 * package-lock.json; {@code npm ci} runs there first if {@code node_modules} is missing), with a fresh
 * repository in a temp folder, offline, every address on 127.0.0.1 and a free port.
 *
 * <p>The two workarounds js-ipfs 0.66.1 needs on Node 20: {@code polyfill.cjs} (Promise.withResolvers)
 * preloaded through NODE_OPTIONS, and no swarm addresses. The daemon runs under a shell guard that
 * reads the JVM's end of a pipe, so even a JVM killed with -9 takes the node down with it.
 */
final class JsIpfsNode implements AutoCloseable {
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Waits for stdin to close (the JVM gone or {@link #close()}), then stops the daemon. */
    private static final String GUARD = "\"$0\" \"$@\" & child=$!; cat >/dev/null; kill -TERM $child 2>/dev/null; wait $child";

    private final Process guard;
    private final Path repo;
    private final URI api;
    final Duration installTime;
    final Duration startTime;

    private JsIpfsNode(Process guard, Path repo, URI api, Duration installTime, Duration startTime) {
        this.guard = guard;
        this.repo = repo;
        this.api = api;
        this.installTime = installTime;
        this.startTime = startTime;
    }

    /** The folder with package.json, package-lock.json and polyfill.cjs. */
    static Path home() {
        return Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().resolve("src/test/ipfs");
    }

    URI api() {
        return api;
    }

    static JsIpfsNode start(Path work) throws IOException, InterruptedException {
        Path home = home();
        Path cli = home.resolve("node_modules/ipfs/src/cli.js");
        long t0 = System.nanoTime();
        if (!Files.isRegularFile(cli)) {
            // A fresh clone: install the pinned js-ipfs exactly as the lock says.
            Path log = work.resolve("npm-ci.log");
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), home, Map.of(), log, NPM_TIMEOUT);
            if (!Files.isRegularFile(cli)) throw new IOException("npm ci in " + home + " did not install " + cli + "; see " + log);
        }
        Duration install = Duration.ofNanos(System.nanoTime() - t0);

        long t1 = System.nanoTime();
        Path repo = work.resolve("ipfs-repo");
        Map<String, String> env = Map.of(
                "IPFS_PATH", repo.toString(),
                "NODE_OPTIONS", "--require " + home.resolve("polyfill.cjs"));
        run(List.of("node", cli.toString(), "init", "--profile", "test"), home, env, work.resolve("ipfs-init.log"), Duration.ofSeconds(60));
        configure(repo.resolve("config"));

        Path log = work.resolve("ipfs-daemon.log");
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", GUARD, "node", cli.toString(), "daemon", "--offline"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process guard = pb.start();
        Path apiFile = repo.resolve("api");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (true) {
                String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                if (out.contains("Daemon is ready") && Files.exists(apiFile)) break;
                if (!guard.isAlive()) throw new IOException("js-ipfs daemon exited with " + guard.exitValue() + ":\n" + tail(out));
                if (System.nanoTime() > deadline) throw new IOException("js-ipfs daemon not ready after " + START_TIMEOUT.toSeconds() + " s:\n" + tail(out));
                Thread.sleep(100);
            }
            // The api file holds the API's multiaddr: /ip4/127.0.0.1/tcp/PORT/http
            String[] parts = Files.readString(apiFile).trim().split("/");
            URI api = URI.create("http://" + parts[2] + ":" + parts[4]);
            return new JsIpfsNode(guard, repo, api, install, Duration.ofNanos(System.nanoTime() - t1));
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(guard);
            throw e;
        }
    }

    /** Offline, loopback only, free ports: nothing the test node does leaves the machine. */
    private static void configure(Path config) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode) json.readTree(config.toFile());
        ObjectNode addresses = (ObjectNode) c.get("Addresses");
        addresses.putArray("Swarm"); // js-ipfs 0.66.1 on Node 20 fails to start with a TCP swarm listener
        addresses.put("API", "/ip4/127.0.0.1/tcp/0");
        addresses.put("Gateway", "/ip4/127.0.0.1/tcp/0");
        addresses.put("RPC", "/ip4/127.0.0.1/tcp/0");
        addresses.putArray("Delegates");
        c.putArray("Bootstrap");
        c.putObject("Routing").put("Type", "none");
        json.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), c);
    }

    private static void run(List<String> cmd, Path dir, Map<String, String> env, Path log, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish in " + timeout.toSeconds() + " s; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " (in " + dir + ") exited with " + p.exitValue() + ":\n" + tail(Files.readString(log)));
        }
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }

    private static void stop(Process guard) {
        List<ProcessHandle> children = guard.descendants().toList();
        try {
            guard.getOutputStream().close(); // the guard sends SIGTERM to the daemon
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!guard.waitFor(15, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                guard.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Whatever the daemon itself started (it starts none today) goes too.
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() throws IOException {
        stop(guard);
        if (Files.exists(repo)) {
            try (Stream<Path> s = Files.walk(repo)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
