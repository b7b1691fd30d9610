package org.vnfx.mec.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.ledger.economics.ErrorType;
import org.vnfx.ledger.node.GuardedProcess;

/**
 * Runs a VNF as a local process. The package is a zip archive (a CSAR) whose {@code runtime/process.json}
 * says how to start it:
 * <pre>{ "command": ["java", "EchoVnf.java"], "startTimeoutSeconds": 30 }</pre>
 * The command runs in the unpacked instance folder with {@code VNF_PORT} (a free loopback port it must
 * listen on: that is its readiness signal and its endpoint), {@code VNF_FUNCTION}, {@code VNF_DEPLOYMENT}
 * and {@code VNF_TELEMETRY} (a file where it may keep {@code {"errorCounts":[8 numbers]}}, in the
 * order of {@link ErrorType}). The runtime adds its own observations: a start that fails and an exit
 * while in service. The process is guarded: it never outlives the MEC agent.
 */
public final class ProcessRuntime implements VnfRuntime {
    public static final String DESCRIPTOR = "runtime/process.json";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public VnfInstance start(InstanceSpec spec) throws VnfStartException {
        Path dir = spec.instanceDir();
        try {
            PackageArchive.unpack(spec.packageFile(), dir);
        } catch (IOException e) {
            Folders.delete(dir);
            throw new VnfStartException("cannot unpack " + spec.packageFile() + ": " + e.getMessage(), e);
        }
        List<String> command;
        int timeoutSeconds;
        try {
            Path descriptor = dir.resolve(DESCRIPTOR);
            if (!Files.exists(descriptor)) throw new VnfStartException("package has no " + DESCRIPTOR + ": the process runtime cannot start it");
            JsonNode d = JSON.readTree(descriptor.toFile());
            command = new ArrayList<>();
            for (JsonNode c : d.path("command")) command.add(c.asText());
            if (command.isEmpty()) throw new VnfStartException(DESCRIPTOR + ": \"command\" must be a non-empty array of strings");
            timeoutSeconds = d.path("startTimeoutSeconds").asInt(30);
        } catch (IOException e) {
            Folders.delete(dir);
            throw new VnfStartException(DESCRIPTOR + " is not valid JSON: " + e.getMessage(), e);
        } catch (VnfStartException e) {
            Folders.delete(dir);
            throw e;
        }
        Process process = null;
        try {
            int port = freePort();
            Path log = dir.resolve("vnf.log");
            ProcessBuilder pb = GuardedProcess.builder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("VNF_PORT", Integer.toString(port));
            pb.environment().put("VNF_FUNCTION", spec.functionType());
            pb.environment().put("VNF_DEPLOYMENT", spec.deploymentId().toString());
            pb.environment().put("VNF_TELEMETRY", dir.resolve("telemetry.json").toString());
            process = pb.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            while (!listening(port)) {
                if (!GuardedProcess.childAlive(process) || System.nanoTime() > deadline) {
                    String why = GuardedProcess.childAlive(process) ? "did not listen on port " + port + " within " + timeoutSeconds + " s" : "exited";
                    GuardedProcess.stop(process, STOP_GRACE);
                    String tail = tail(log);
                    Folders.delete(dir);
                    throw new VnfStartException("VNF " + spec.functionType() + " " + why + (tail.isEmpty() ? "" : "; it said:\n" + tail));
                }
                Thread.sleep(50);
            }
            return new Instance(process, URI.create("http://127.0.0.1:" + port), dir);
        } catch (IOException | InterruptedException e) {
            if (process != null) GuardedProcess.stop(process, STOP_GRACE);
            Folders.delete(dir);
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new VnfStartException("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    private static final class Instance implements VnfInstance {
        private final Process process;
        private final URI endpoint;
        private final Path dir;
        private volatile boolean closed;
        private volatile long[] finalCounts;

        Instance(Process process, URI endpoint, Path dir) {
            this.process = process;
            this.endpoint = endpoint;
            this.dir = dir;
        }

        @Override
        public URI endpoint() {
            return endpoint;
        }

        @Override
        public boolean alive() {
            return GuardedProcess.childAlive(process);
        }

        @Override
        public long[] errorCounts() {
            if (finalCounts != null) return finalCounts.clone();
            long[] counts = new long[ErrorType.values().length];
            Path telemetry = dir.resolve("telemetry.json");
            try {
                if (Files.exists(telemetry)) {
                    JsonNode n = JSON.readTree(telemetry.toFile()).path("errorCounts");
                    for (int i = 0; i < counts.length && i < n.size(); i++) counts[i] = Math.max(0, n.get(i).asLong());
                }
            } catch (IOException e) {
                // A half-written telemetry file is read again at the next look; never fatal.
            }
            if (!alive()) counts[ErrorType.ENGINE_CRASH.ordinal()]++;
            return counts;
        }

        @Override
        public synchronized long[] stop() {
            if (finalCounts == null) {
                finalCounts = errorCounts(); // before stopping: an exit of its own is a crash, ours is not
                GuardedProcess.stop(process, STOP_GRACE);
            }
            return finalCounts.clone();
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            GuardedProcess.stop(process, STOP_GRACE);
            Folders.delete(dir);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
