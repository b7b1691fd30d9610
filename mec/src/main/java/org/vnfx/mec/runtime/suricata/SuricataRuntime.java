package org.vnfx.mec.runtime.suricata;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.ledger.node.GuardedProcess;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.mec.runtime.InstanceSpec;
import org.vnfx.mec.runtime.PackageArchive;
import org.vnfx.mec.runtime.VnfInstance;
import org.vnfx.mec.runtime.VnfRuntime;
import org.vnfx.mec.runtime.VnfStartException;

/**
 * Runs an IDS package in a real Suricata (the B-VNF paper's exemplar VNF). The package carries
 * {@link SuricataDescriptor#ENTRY}, a Suricata configuration and its rules. The instance folder holds
 * {@code package/} (unpacked; Suricata's working directory), {@code log/} (eve.json, suricata.log)
 * and the capture inbox Suricata reads in continuous mode: first the package's own capture is replayed,
 * then whatever UEs post to the instance's endpoint. The engine is up when Suricata says so; a
 * configuration it rejects fails the start with Suricata's own words, and nothing keeps running.
 */
public final class SuricataRuntime implements VnfRuntime {
    public static final String DESCRIPTOR = SuricataDescriptor.ENTRY;
    static final Duration READY_POLL = Duration.ofMillis(20);
    static final String ENGINE_STARTED = "Engine started";

    /** @param executable the Suricata binary (a name on PATH or a path); @param stopGrace how long Suricata may take to stop */
    public record Options(String executable, Duration stopGrace) {
        public static final Options DEFAULT = new Options("suricata", Duration.ofSeconds(15));
    }

    private final Options options;
    private volatile SuricataInstallation installation;

    public SuricataRuntime(Options options) {
        this.options = options;
    }

    @Override
    public VnfInstance start(InstanceSpec spec) throws VnfStartException {
        SuricataDescriptor descriptor;
        try {
            descriptor = SuricataDescriptor.parse(PackageArchive.read(spec.packageFile(), DESCRIPTOR)
                    .orElseThrow(() -> new VnfStartException("package has no " + DESCRIPTOR)));
        } catch (IOException e) {
            throw new VnfStartException("cannot read " + spec.packageFile() + ": " + e.getMessage(), e);
        }
        SuricataInstallation suricata = installation(descriptor.minimumVersion());
        Path dir = spec.instanceDir();
        Path root = dir.resolve("package");
        Path log = dir.resolve("log");
        Process process = null;
        try {
            PackageArchive.unpack(spec.packageFile(), root);
            Files.createDirectories(log);
            if (!Files.isRegularFile(root.resolve(descriptor.config()))) {
                throw new VnfStartException(DESCRIPTOR + ": \"config\" names " + descriptor.config() + ", which the package does not contain");
            }
            CaptureInbox inbox = new CaptureInbox(dir.resolve("inbox"), dir.resolve("staging"));
            // Suricata starts its engine on the first capture it reads: an empty one when the package ships none.
            if (descriptor.replay().isEmpty()) inbox.add(new ByteArrayInputStream(CaptureInbox.EMPTY_PCAP));
            for (String r : descriptor.replay()) {
                Path capture = root.resolve(r);
                if (!Files.isRegularFile(capture)) throw new VnfStartException(DESCRIPTOR + ": \"replay\" names " + r + ", which the package does not contain");
                try (InputStream in = Files.newInputStream(capture)) {
                    inbox.add(in);
                } catch (CaptureInbox.CaptureRejected e) {
                    throw new VnfStartException(DESCRIPTOR + ": replay capture " + r + " is rejected: " + e.getMessage());
                }
            }
            List<String> command = new ArrayList<>(List.of(suricata.executable(), "-c", descriptor.config(), "-l", log.toString(),
                    "-r", inbox.folder().toString(), "--pcap-file-continuous", "--pcap-file-delete",
                    "-k", "none", // replayed and generated captures need not carry valid checksums
                    "--set", "pcap-file.poll-interval=1",
                    "--set", "unix-command.enabled=no")); // instances on one node must not share a command socket
            Path out = log.resolve("suricata.out");
            process = GuardedProcess.builder(command).directory(root.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            EveLog eve = new EveLog(log.resolve("eve.json"));
            awaitEngine(process, out, eve, descriptor, spec);
            return new SuricataInstance(spec, suricata, process, inbox, eve, options.stopGrace());
        } catch (IOException | InterruptedException | RuntimeException | VnfStartException e) {
            if (process != null) GuardedProcess.stop(process, options.stopGrace());
            Folders.delete(dir);
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            if (e instanceof VnfStartException v) throw v;
            throw new VnfStartException("cannot start Suricata for " + spec.functionType() + ": " + e.getMessage(), e);
        }
    }

    private SuricataInstallation installation(String minimumVersion) throws VnfStartException {
        SuricataInstallation found = installation;
        if (found == null || SuricataInstallation.compare(found.version(), minimumVersion) < 0) {
            found = SuricataInstallation.find(options.executable(), minimumVersion);
            installation = found; // only a working installation is remembered: one installed later is found then
        }
        return found;
    }

    /** Waits until Suricata says its engine started (or, with console output off, its first stats record). */
    private void awaitEngine(Process process, Path out, EveLog eve, SuricataDescriptor d, InstanceSpec spec)
            throws IOException, InterruptedException, VnfStartException {
        long deadline = System.nanoTime() + Duration.ofSeconds(d.startTimeoutSeconds()).toNanos();
        while (true) {
            if (Files.readString(out, StandardCharsets.UTF_8).contains(ENGINE_STARTED)) return;
            eve.poll();
            if (eve.hasStats()) return;
            if (!GuardedProcess.childAlive(process)) {
                GuardedProcess.stop(process, options.stopGrace());
                throw new VnfStartException("Suricata refused to start " + spec.functionType() + " (exit code " + process.exitValue() + "): "
                        + errors(out));
            }
            if (System.nanoTime() > deadline) {
                throw new VnfStartException("Suricata did not start its engine for " + spec.functionType() + " within "
                        + d.startTimeoutSeconds() + " s; it said: " + errors(out));
            }
            Thread.sleep(READY_POLL.toMillis());
        }
    }

    /** Suricata's error lines (E: / Error:), or its last lines when it printed none. */
    static String errors(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        List<String> errors = lines.stream().filter(l -> l.startsWith("E: ") || l.startsWith("Error: ") || l.contains(" Error: ")).toList();
        List<String> shown = errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 5), lines.size()) : errors;
        return shown.isEmpty() ? "(no output)" : String.join(" | ", shown.subList(Math.max(0, shown.size() - 10), shown.size()));
    }
}
