package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SeparateProcessesTest's flow as on separate machines: every actor is a `vnfx` process in a network namespace
 * of its own, with its own data folder and keys, joined to the others only by a veth pair to a bridge in a
 * "switch" namespace. A process knows the others by their IP on 10.213.0.0/24 and nothing else, so everything
 * goes through the chain's JSON-RPC and HTTP. Nothing touches the root namespace's networking.
 */
class MultiHostTest {
    /** Leftovers of a crashed run carry this prefix; each run adds its own id so runs never collide. */
    static final String NAMESPACE_PREFIX = "vxmh-";
    static final String SUBNET_PREFIX = "10.213.0.";
    static final int NODE_PORT = 8545;
    static final int STORE_PORT = 5001;
    static final int MEC_PORT = 8700;
    static final int READY_TIMEOUT_SECONDS = 120;
    static final int COMMAND_TIMEOUT_SECONDS = 180;
    /** mec2's idle timeout: its one session ends soon after it starts, so the settlement comes without a long wait. */
    static final int IDLE_SECONDS = 3;
    static final int SETTLE_POLL_SECONDS = 2;
    static final int SETTLE_TIMEOUT_SECONDS = 90;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final Lab lab = new Lab(NAMESPACE_PREFIX + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24)));

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (int i = processes.size() - 1; i >= 0; i--) {
                Process p = processes.get(i);
                p.destroy(); // SIGTERM: `ip netns exec` became the java process, which stops cleanly
                if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            lab.remove();
        }
    }

    /** One host: a namespace with one interface, eth0, on the lab's /24, and its own vnfx data folder. */
    record Host(String namespace, String ip, Path data) {
        String url(int port) {
            return "http://" + ip + ":" + port;
        }
    }

    /** The namespaces, veths and bridge of one run; made and removed with `ip`. */
    static final class Lab {
        final String id;
        final String switchNamespace;
        private final List<String> namespaces = new ArrayList<>();

        Lab(String id) {
            this.id = id;
            this.switchNamespace = id + "-sw";
        }

        /** Removes namespaces of this test's prefix that no process uses any more (a crashed run's). */
        static void removeLeftovers() throws Exception {
            for (String line : ip("netns", "list").lines().toList()) {
                String ns = line.split("\\s+")[0];
                if (ns.startsWith(NAMESPACE_PREFIX) && ip("netns", "pids", ns).isBlank()) ip("netns", "delete", ns);
            }
        }

        /** The bridge, alone in the switch namespace; throws if namespaces cannot be made here. */
        void start() throws Exception {
            ip("netns", "add", switchNamespace);
            namespaces.add(switchNamespace);
            ip("-n", switchNamespace, "link", "add", "br0", "type", "bridge");
            ip("-n", switchNamespace, "link", "set", "br0", "up");
        }

        Host host(String name, int lastOctet, Path data) throws Exception {
            String ns = id + "-" + name;
            ip("netns", "add", ns);
            namespaces.add(ns);
            ip("-n", ns, "link", "set", "lo", "up");
            // Made inside the host's namespace; only the peer moves, into the switch: the root namespace never sees either end.
            String port = "p" + lastOctet;
            ip("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", port, "netns", switchNamespace);
            ip("-n", switchNamespace, "link", "set", port, "master", "br0", "up");
            ip("-n", ns, "addr", "add", SUBNET_PREFIX + lastOctet + "/24", "dev", "eth0");
            ip("-n", ns, "link", "set", "eth0", "up");
            Files.createDirectories(data);
            return new Host(ns, SUBNET_PREFIX + lastOctet, data);
        }

        /** Deleting a namespace deletes its veth end, and with it the peer. */
        void remove() throws Exception {
            List<String> failures = new ArrayList<>();
            for (int i = namespaces.size() - 1; i >= 0; i--) {
                try {
                    ip("netns", "delete", namespaces.get(i));
                } catch (IOException e) {
                    failures.add(e.getMessage());
                }
            }
            namespaces.clear();
            if (!failures.isEmpty()) throw new IOException("could not remove the lab's namespaces: " + failures);
        }

        /** Bytes the host's eth0 received so far, as its own namespace's kernel counts them. */
        static long receivedBytes(Host h) throws Exception {
            return Long.parseLong(run(List.of("ip", "netns", "exec", h.namespace(), "cat", "/sys/class/net/eth0/statistics/rx_bytes")).strip());
        }

        /** Whether a TCP connection from {@code from} to {@code address:port} succeeds (bash's /dev/tcp, 3 s at most). */
        static boolean connects(Host from, String address, int port) throws Exception {
            Process p = new ProcessBuilder("ip", "netns", "exec", from.namespace(), "timeout", "3", "bash", "-c",
                    "exec 3<>/dev/tcp/" + address + "/" + port).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            return p.exitValue() == 0;
        }

        static String ip(String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("ip"));
            cmd.addAll(List.of(args));
            return run(cmd);
        }

        private static String run(List<String> cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("`" + String.join(" ", cmd) + "` did not finish");
            }
            if (p.exitValue() != 0) throw new IOException("`" + String.join(" ", cmd) + "` exited " + p.exitValue() + ": " + out.strip());
            return out;
        }
    }

    private static List<String> vnfx(Host h, String rpcUrl, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", h.namespace(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "-Dvnfx.home=" + System.getProperty("vnfx.home", ""),
                Vnfx.class.getName(), "--data-dir", h.data().toString()));
        if (rpcUrl != null) cmd.addAll(List.of("--rpc-url", rpcUrl));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A one-shot `vnfx` command on a host; returns what it printed once it exited 0. */
    private static String run(Host h, String rpcUrl, String... args) throws Exception {
        Process p = new ProcessBuilder(vnfx(h, rpcUrl, args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("`vnfx " + String.join(" ", args) + "` on " + h.namespace() + " did not finish; it printed:\n" + out);
        }
        assertEquals(0, p.exitValue(), () -> "`vnfx " + String.join(" ", args) + "` on " + h.namespace() + " printed:\n" + out);
        return out;
    }

    /** A long-running `vnfx` process on a host, whose output can be awaited line by line. */
    final class Daemon {
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder seen = new StringBuilder();
        private final Process process;
        private final String what;

        Daemon(Host h, String rpcUrl, String... args) throws IOException {
            what = "`vnfx " + String.join(" ", args) + "` on " + h.namespace();
            process = new ProcessBuilder(vnfx(h, rpcUrl, args)).redirectErrorStream(true).start();
            processes.add(process);
            Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(lines::add));
            reader.setDaemon(true);
            reader.start();
        }

        Matcher await(Pattern wanted) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(READY_TIMEOUT_SECONDS).toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!process.isAlive() && lines.isEmpty()) break;
                    continue;
                }
                seen.append(line).append('\n');
                Matcher m = wanted.matcher(line);
                if (m.find()) return m;
            }
            throw new AssertionError(what + " never printed /" + wanted + "/; it printed:\n" + seen);
        }
    }

    /** Creates a light-KDF key in the host's own keystore (no network needed) and returns its address. */
    private static String key(Host h, String name, Path pw) {
        String out = new Cli(h.data()).run("keys", "create", name, "--light-kdf", "--password-file", pw.toString()).ok().out();
        Matcher m = Pattern.compile("address\\s+(0x[0-9a-fA-F]{40})").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void everyActorOnItsOwnHostMigratesAVnfToTheEdgeThroughTheChainAndHttpOnly() throws Exception {
        try {
            Lab.removeLeftovers();
            lab.start();
        } catch (Exception e) {
            String reason = "network namespaces cannot be made here (`ip netns add` as root, iproute2): " + e.getMessage();
            if (System.getenv("CI") != null) fail(reason);
            Assumptions.abort(reason);
        }
        Map<String, Host> hosts = new LinkedHashMap<>();
        String[] names = {"node", "store", "operator", "validator", "provider", "mec1", "mec2", "ue"};
        for (int i = 0; i < names.length; i++) hosts.put(names[i], lab.host(names[i], i + 2, dir.resolve(names[i])));
        Host node = hosts.get("node"), store = hosts.get("store"), operator = hosts.get("operator"), validator = hosts.get("validator"),
                provider = hosts.get("provider"), mec1 = hosts.get("mec1"), mec2 = hosts.get("mec2"), ue = hosts.get("ue");

        // Each actor's key lives on its own host only; the password file is the same for brevity.
        Path pw = dir.resolve("password");
        Files.writeString(pw, "correct horse\n");
        String pwf = pw.toString();
        List<String> accounts = List.of(key(operator, "operator", pw), key(validator, "val1", pw), key(provider, "provider", pw),
                key(mec1, "edge1", pw), key(mec2, "edge2", pw));

        // The chain node listens on its LAN address only: not even its own host's loopback reaches it.
        new Daemon(node, null, "node", "start", "--host", node.ip(), "--port", Integer.toString(NODE_PORT)).await(Pattern.compile("Ctrl-C to stop"));
        String rpc = node.url(NODE_PORT);
        long nodeReceivedAtStart = Lab.receivedBytes(node);
        assertFalse(Lab.connects(node, "127.0.0.1", NODE_PORT), "the node bound to " + node.ip() + " only");
        assertFalse(Lab.connects(mec1, "127.0.0.1", NODE_PORT), "another host's loopback is its own, not the node's");
        assertTrue(Lab.connects(mec1, node.ip(), NODE_PORT), "the node is reachable across the bridge");

        // A lab chain: its host hands out ether, since vnfx funds nobody through --rpc-url.
        List<String> fund = new ArrayList<>(List.of("node", "fund"));
        fund.addAll(accounts);
        run(node, null, fund.toArray(String[]::new));

        run(operator, rpc, "deploy", "--key", "operator", "--password-file", pwf);
        // The suite's record travels to every other host as a file would by scp (README "Running on a real network").
        Path record = Files.list(operator.data().resolve("deployments")).findFirst().orElseThrow();
        for (Host h : List.of(store, validator, provider, mec1, mec2, ue)) {
            Files.createDirectories(h.data().resolve("deployments"));
            Files.copy(record, h.data().resolve("deployments").resolve(record.getFileName()));
        }
        run(provider, rpc, "identity", "register", "--key", "provider", "--role", "provider", "--password-file", pwf);
        run(validator, rpc, "identity", "register", "--key", "val1", "--role", "validator", "--password-file", pwf);
        run(mec1, rpc, "identity", "register", "--key", "edge1", "--role", "mec", "--password-file", pwf);
        run(mec2, rpc, "identity", "register", "--key", "edge2", "--role", "mec", "--password-file", pwf);
        for (String member : accounts.subList(1, accounts.size())) {
            run(operator, rpc, "identity", "approve", "--key", "operator", member, "--password-file", pwf);
        }
        run(operator, rpc, "payments", "deposit", "--key", "operator", "1000000000000000", "--password-file", pwf);
        run(operator, rpc, "attest", "threshold", "--key", "operator", "1", "--password-file", pwf);

        String storeUrl = new Daemon(store, null, "store", "serve", "--bind", store.ip(), "--port", Integer.toString(STORE_PORT))
                .await(Pattern.compile("store serving .* at (http://\\S+)")).group(1);
        assertEquals(store.url(STORE_PORT), storeUrl);
        new Daemon(operator, rpc, "orchestrator", "--key", "operator", "--password-file", pwf).await(Pattern.compile("Ctrl-C to stop"));
        Daemon validatorAgent = new Daemon(validator, rpc, "validator", "--key", "val1", "--store", storeUrl, "--password-file", pwf);
        validatorAgent.await(Pattern.compile("Ctrl-C to stop"));
        String mec1Url = new Daemon(mec1, rpc, "mec", "run", "--key", "edge1", "--bind", mec1.ip(), "--port", Integer.toString(MEC_PORT),
                "--store", storeUrl, "--password-file", pwf).await(Pattern.compile("UE endpoint (http://\\S+)/services")).group(1);
        String mec2Url = new Daemon(mec2, rpc, "mec", "run", "--key", "edge2", "--bind", mec2.ip(), "--port", Integer.toString(MEC_PORT),
                "--store", storeUrl, "--idle-seconds", Integer.toString(IDLE_SECONDS), "--password-file", pwf)
                .await(Pattern.compile("UE endpoint (http://\\S+)/services")).group(1);
        assertEquals(mec1.url(MEC_PORT), mec1Url);

        Path example = Path.of(System.getProperty("vnfx.home", "..")).resolve("examples/echo-vnf");
        String published = run(provider, rpc, "offer", "publish", "--key", "provider", "--store", storeUrl, "--function", "echo",
                "--price", "1000000000", "--password-file", pwf, example.toString());
        Matcher digest = Pattern.compile("package digest (0x[0-9a-f]{64})").matcher(published);
        assertTrue(digest.find(), published);
        validatorAgent.await(Pattern.compile("package " + digest.group(1) + ": PASSED"));
        run(operator, rpc, "offer", "accept", "--key", "operator", digest.group(1), "--password-file", pwf);

        // The UE knows only the MEC nodes' addresses: the grant, the pull from the store and the verification happen behind them.
        String cold = run(ue, null, "ue", "request", "--mec", mec1Url, "echo");
        assertTrue(cold.contains("(deployment 1, cold start)"), cold);
        String warm = run(ue, null, "ue", "request", "--mec", mec1Url, "echo");
        assertTrue(warm.contains("(deployment 1, warm)"), warm);

        String services = run(ue, null, "mec", "status", "--mec", mec1Url);
        Matcher vnf = Pattern.compile("echo  deployment 1  http://127\\.0\\.0\\.1:(\\d+)").matcher(services);
        assertTrue(vnf.find(), services);
        int vnfPort = Integer.parseInt(vnf.group(1));
        assertTrue(Lab.connects(mec1, "127.0.0.1", vnfPort), "the VNF serves on its MEC host");
        assertFalse(Lab.connects(ue, mec1.ip(), vnfPort), "the VNF's loopback port is the MEC host's alone");
        assertFalse(Lab.connects(ue, "127.0.0.1", vnfPort), "the UE's loopback is not the MEC's");

        String other = run(ue, null, "ue", "request", "--mec", mec2Url, "echo");
        assertTrue(other.contains("(deployment 2, cold start)"), other);
        // mec2 uninstalls after IDLE_SECONDS without a UE and reports usage: the provider is paid from the escrow.
        String withdrawn = withdrawOnceSettled(provider, rpc, pwf);
        assertTrue(withdrawn.contains("of session payments to"), withdrawn);

        long crossed = Lab.receivedBytes(node) - nodeReceivedAtStart;
        assertTrue(crossed > 100_000, "every actor's JSON-RPC reached the node through its veth: " + crossed + " bytes");
    }

    /** `payments withdraw` once the idle uninstall has been reported and settled (it refuses while nothing is owed). */
    private static String withdrawOnceSettled(Host provider, String rpc, String pwf) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(SETTLE_TIMEOUT_SECONDS).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder(vnfx(provider, rpc, "payments", "withdraw", "--key", "provider", "--password-file", pwf))
                    .redirectErrorStream(true).start();
            last = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            if (p.exitValue() == 0) return last;
            assertTrue(last.contains("nothing to withdraw"), last);
            Thread.sleep(SETTLE_POLL_SECONDS * 1000L);
        }
        throw new AssertionError("the session was not settled within " + SETTLE_TIMEOUT_SECONDS + " s; withdraw said: " + last);
    }
}
