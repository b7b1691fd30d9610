package org.vnfx.ledger.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vnfx.crypto.DurableFile;

/**
 * The embedded default chain: an anvil process (npm {@code @foundry-rs/anvil}) that vnfx starts on a
 * free loopback port, with its state in {@code DATA_DIR/chain} so that a restart keeps the chain.
 *
 * <p>anvil runs as a {@link GuardedProcess}: it is stopped with SIGTERM (and writes its state) whenever
 * the JVM exits, kill -9 included, so the node is never left orphaned, and a crash of anvil itself loses
 * at most {@link #STATE_INTERVAL_SECONDS} of state.
 */
public final class AnvilNode implements ChainNode {
    public static final long DEFAULT_CHAIN_ID = 31337;
    /** anvil's first development account (the well-known test mnemonic): a faucet for the embedded chain only. */
    public static final String DEV_FAUCET_PRIVATE_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public static final int STATE_INTERVAL_SECONDS = 1;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ANVIL_SPAWN_GRACE = Duration.ofSeconds(2);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    private static final int PORT_ATTEMPTS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param dataDir          the vnfx data folder; chain state lives in {@code dataDir/chain}
     * @param blockTimeSeconds 0 mines each transaction at once; N imitates a QBFT network's N-second blocks
     * @param ephemeral        true keeps no state (benchmarks, tests)
     * @param host             the address JSON-RPC listens on: loopback unless the caller chose otherwise
     * @param port             the JSON-RPC port, 0 for any free one
     */
    public record Options(Path dataDir, int blockTimeSeconds, long chainId, boolean ephemeral, String host, int port) {
        public static final String LOOPBACK = "127.0.0.1";

        public Options {
            if (blockTimeSeconds < 0) throw new IllegalArgumentException("block time must be >= 0 seconds, got " + blockTimeSeconds);
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }

        public static Options persistent(Path dataDir, int blockTimeSeconds) {
            return new Options(dataDir, blockTimeSeconds, DEFAULT_CHAIN_ID, false, LOOPBACK, 0);
        }

        public static Options ephemeral(Path scratchDir, int blockTimeSeconds) {
            return new Options(scratchDir, blockTimeSeconds, DEFAULT_CHAIN_ID, true, LOOPBACK, 0);
        }

        /** Listen on {@code host:port} instead: other hosts reach the node only when this is asked for explicitly. */
        public Options listeningOn(String host, int port) {
            return new Options(dataDir, blockTimeSeconds, chainId, ephemeral, host, port);
        }
    }

    private final Process guard;
    private final URI rpcUrl;
    private final Path chainDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private AnvilNode(Process guard, URI rpcUrl, Path chainDir, FileChannel lockChannel, FileLock lock) {
        this.guard = guard;
        this.rpcUrl = rpcUrl;
        this.chainDir = chainDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.shutdownHook = new Thread(this::close, "anvil-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** What a running embedded node publishes in {@code DATA_DIR/chain/node.json} so other vnfx commands can attach. */
    public record Published(URI rpcUrl, long ownerPid, Instant startedAt) {}

    /** The embedded node another vnfx process is running on this data folder, if it answers. */
    public static Optional<Published> running(Path dataDir) {
        Path info = dataDir.resolve("chain").resolve("node.json");
        if (!Files.exists(info)) return Optional.empty();
        try {
            var n = JSON.readTree(info.toFile());
            Published p = new Published(URI.create(n.path("rpcUrl").asText()), n.path("ownerPid").asLong(), Instant.parse(n.path("startedAt").asText()));
            boolean alive = ProcessHandle.of(p.ownerPid()).map(ProcessHandle::isAlive).orElse(false);
            return alive && answers(p.rpcUrl()) ? Optional.of(p) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static AnvilNode start(Options options) throws IOException {
        Path binary = locateBinary();
        Path chainDir = options.dataDir().resolve("chain");
        Files.createDirectories(chainDir);
        FileChannel lockChannel = FileChannel.open(chainDir.resolve("node.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldByThisJvm) {
            lock = null; // another node of this very process owns the folder: the same refusal as for another process
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("the embedded node in " + chainDir + " is in use by another vnfx process"
                    + running(options.dataDir()).map(p -> " (pid " + p.ownerPid() + ", " + p.rpcUrl() + ")").orElse("")
                    + "; use `vnfx node start` once and let other commands attach to it, or pass --rpc-url");
        }
        try {
            Path log = chainDir.resolve("anvil.log");
            IOException last = null;
            InetAddress address = InetAddress.getByName(options.host());
            // A chosen port is tried once: another attempt would only meet the same holder.
            int attempts = options.port() == 0 ? PORT_ATTEMPTS : 1;
            // Whatever holds a chosen port would answer the readiness check in anvil's place: refuse first.
            if (options.port() != 0) requireFree(address, options.port());
            // A persistent node first tries the port it last used: agents attached to it keep their URL across
            // a restart (`vnfx node start` again) and reconnect by themselves.
            Path lastPort = chainDir.resolve("last-port");
            int previous = options.ephemeral() || options.port() != 0 ? 0 : lastPort(lastPort);
            for (int attempt = 0; attempt < attempts; attempt++) {
                int port = options.port() != 0 ? options.port()
                        : attempt == 0 && previous != 0 && portFree(address, previous) ? previous : freePort(address);
                List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                        "--host", address.getHostAddress(), "--port", Integer.toString(port),
                        "--chain-id", Long.toString(options.chainId()),
                        "--accounts", "2", "--balance", "1000000000"));
                if (!options.ephemeral()) {
                    cmd.addAll(List.of("--state", chainDir.resolve("anvil-state.json").toString(),
                            "--state-interval", Integer.toString(STATE_INTERVAL_SECONDS)));
                }
                if (options.blockTimeSeconds() > 0) {
                    cmd.addAll(List.of("--block-time", Integer.toString(options.blockTimeSeconds())));
                }
                Files.writeString(log, "--- " + Instant.now() + " " + String.join(" ", cmd) + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Process guard = GuardedProcess.builder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
                URI url = URI.create("http://" + address.getHostAddress() + ":" + port);
                try {
                    awaitReady(guard, url, log);
                    AnvilNode node = new AnvilNode(guard, url, chainDir, lockChannel, lock);
                    if (!options.ephemeral()) DurableFile.write(lastPort, Integer.toString(port).getBytes(StandardCharsets.US_ASCII));
                    DurableFile.write(chainDir.resolve("node.json"), JSON.writeValueAsBytes(Map.of(
                            "rpcUrl", url.toString(), "ownerPid", ProcessHandle.current().pid(), "startedAt", Instant.now().toString())));
                    return node;
                } catch (IOException e) {
                    stop(guard);
                    last = e;
                }
            }
            throw last;
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    @Override
    public URI rpcUrl() {
        return rpcUrl;
    }

    @Override
    public boolean embedded() {
        return true;
    }

    /** Stops anvil gracefully (it writes its state), then frees the data folder. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from the hook itself
        }
        stop(guard);
        try {
            Files.deleteIfExists(chainDir.resolve("node.json"));
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock dies with the process anyway
        }
    }

    private static void stop(Process guard) {
        GuardedProcess.stop(guard, SHUTDOWN_TIMEOUT);
    }

    private static void awaitReady(Process guard, URI url, Path log) throws IOException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < STARTUP_TIMEOUT.toNanos()) {
            if (answers(url)) return;
            // The guard outlives a failed anvil (it waits on stdin), so look for anvil itself.
            boolean anvilAlive = guard.descendants().anyMatch(p -> p.info().command().map(c -> c.endsWith("anvil")).orElse(false));
            boolean pastSpawn = System.nanoTime() - started > ANVIL_SPAWN_GRACE.toNanos();
            if (!guard.isAlive() || (pastSpawn && !anvilAlive)) {
                throw new IOException("anvil exited during start-up; see " + log + ":\n" + tail(log));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for anvil", e);
            }
        }
        throw new IOException("anvil did not answer on " + url + " within " + STARTUP_TIMEOUT.toSeconds() + " s; see " + log);
    }

    static boolean answers(URI url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"result\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void requireFree(InetAddress address, int port) throws IOException {
        try (ServerSocket ignored = new ServerSocket(port, 1, address)) {
            // free now; anvil binds it next
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address.getHostAddress() + ":" + port + " (" + e.getMessage() + "): another process holds it", e);
        }
    }

    private static int lastPort(Path file) {
        try {
            return Files.exists(file) ? Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip()) : 0;
        } catch (IOException | NumberFormatException unreadable) {
            return 0; // only a preference: any free port will do
        }
    }

    private static boolean portFree(InetAddress address, int port) {
        try {
            requireFree(address, port);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int freePort(InetAddress address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return s.getLocalPort();
        }
    }

    /**
     * Finds the anvil binary: {@code VNFX_ANVIL}, then the platform package under
     * {@code VNFX_HOME/node_modules} (installed by `npm ci`), then {@code anvil} on the PATH.
     */
    public static Path locateBinary() {
        String explicit = System.getenv("VNFX_ANVIL");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        String os = System.getProperty("os.name").toLowerCase().startsWith("mac") ? "darwin" : "linux";
        List<Path> tried = new ArrayList<>();
        for (Path home : homes()) {
            Path candidate = home.resolve("node_modules/@foundry-rs/anvil-" + os + "-" + arch + "/bin/anvil");
            tried.add(candidate);
            if (Files.isExecutable(candidate)) return candidate;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "anvil");
            if (Files.isExecutable(candidate)) return candidate;
        }
        throw new IllegalStateException("anvil 1.7.1 not found (tried " + tried + " and the PATH): run `npm ci` in the vnfx "
                + "repository, set VNFX_ANVIL to an anvil binary, or pass --rpc-url to use another node");
    }

    private static List<Path> homes() {
        List<Path> homes = new ArrayList<>();
        for (String h : new String[] {System.getProperty("vnfx.home"), System.getenv("VNFX_HOME")}) {
            if (h != null && !h.isBlank()) homes.add(Path.of(h));
        }
        // Walk up from the working directory: tests run inside a module folder of the repository.
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) homes.add(p);
        return homes;
    }
}
