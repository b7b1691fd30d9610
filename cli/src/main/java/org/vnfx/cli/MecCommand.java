package org.vnfx.cli;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.vnfx.crypto.Keystore;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.mec.MecAgent;
import org.vnfx.mec.MecServer;
import org.vnfx.mec.runtime.Runtimes;
import org.vnfx.store.KuboArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A MEC node: its agent, and what it serves. */
@Command(name = "mec", mixinStandardHelpOptions = true, description = "Run a MEC node's agent, or look at what a running one serves.",
        subcommands = {MecCommand.Run.class, MecStatusCommand.class})
final class MecCommand extends CommandGroup {

    /** Runs a MEC node's agent in the foreground. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a MEC agent (identity --key must be an approved MEC node) until Ctrl-C or SIGTERM.",
                    "UEs ask it for services over HTTP (POST /services {\"function\":NAME}); it pulls VNFs through the chain and",
                    "the store, verifies and runs them, and reports instantiation and usage. State: DATA_DIR/mec/NAME.",
                    "Packages run as processes (runtime/process.json) or in Suricata (runtime/suricata.json).",
                    "`vnfx mec status --mec URL` shows what a running agent serves, its error counts and its alerts."})
    static final class Run extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Option(names = "--store", paramLabel = "URL", defaultValue = "http://127.0.0.1:5001",
                description = "Kubo RPC endpoint of the content store (`vnfx store serve` or IPFS; default: ${DEFAULT-VALUE})")
        URI store;

        @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "UE endpoint address (default: ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8700", description = "UE endpoint port, 0 for any (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--vcpu-millis", defaultValue = "4000", description = "capacity offered to VNFs, thousandths of a vCPU (default: ${DEFAULT-VALUE})")
        long vcpuMillis;

        @Option(names = "--memory-mib", defaultValue = "4096", description = "capacity offered to VNFs, MiB of memory (default: ${DEFAULT-VALUE})")
        long memoryMiB;

        @Option(names = "--disk-mib", defaultValue = "8192", description = "capacity offered to VNFs, MiB of disk (default: ${DEFAULT-VALUE})")
        long diskMiB;

        @Option(names = "--idle-seconds", defaultValue = "300", description = "uninstall a VNF no UE used for this long (default: ${DEFAULT-VALUE})")
        long idleSeconds;

        @Option(names = "--suricata", paramLabel = "PATH", defaultValue = "suricata",
                description = "the Suricata 7 binary for IDS packages (default: ${DEFAULT-VALUE} on PATH)")
        String suricata;

        @Override
        int run() throws Exception {
            Keystore.Unlocked mec = key.unlock(keystore());
            MecAgent.Config config = new MecAgent.Config(new Requirements(vcpuMillis, memoryMiB, diskMiB), Duration.ofSeconds(idleSeconds),
                    Duration.ofSeconds(60), dataDir().resolve("mec").resolve(mec.name()));
            try (Foreground fg = new Foreground(); ChainSession s = connect();
                    MecAgent agent = new MecAgent(s.chain(), s.suite(), mec.account(), mec.encryption(), new KuboArtifactStore(store),
                            Runtimes.standard(suricata), config).start();
                    MecServer server = new MecServer(agent, new InetSocketAddress(bind, port))) {
                out().println("MEC agent " + mec.name() + " (" + mec.account().getAddress() + ") on " + s.describe());
                out().println("  UE endpoint " + server.url() + "/services");
                out().println("  store       " + store);
                out().println("  capacity    " + config.capacity());
                out().println("  status      vnfx mec status --mec " + server.url());
                out().println("Ctrl-C to stop");
                out().flush();
                fg.await();
                return 0;
            }
        }
    }
}
