package org.vnfx.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.node.AnvilNode;
import picocli.CommandLine.Command;

/** The embedded chain node of a data folder: run it in the foreground, stop it, ask about it. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run the embedded Ethereum node (anvil) on the data folder so that other vnfx commands attach to it.",
        subcommands = {NodeCommand.Start.class, NodeCommand.Stop.class, NodeCommand.Status.class, NodeCommand.Fund.class})
final class NodeCommand extends CommandGroup {
    /** A `node start` running in this very JVM (tests, embedding): `node stop` ends it without a signal. */
    private static volatile CountDownLatch inProcess;

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start the embedded node in the foreground and keep it running until Ctrl-C, SIGTERM or `vnfx node stop`.",
                    "Its state persists in DATA_DIR/chain; other vnfx commands on the same data folder attach to it."})
    static final class Start extends VnfxCommand {
        @picocli.CommandLine.Option(names = "--host", paramLabel = "ADDRESS", defaultValue = AnvilNode.Options.LOOPBACK,
                description = "address JSON-RPC listens on; another host's vnfx reaches the node only if you give one beyond loopback (default: ${DEFAULT-VALUE})")
        String host;

        @picocli.CommandLine.Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
                description = "JSON-RPC port, 0 for any free one (default: ${DEFAULT-VALUE})")
        int port;

        @Override
        int run() throws Exception {
            if (root().rpcUrl() != null) throw new IllegalArgumentException("`vnfx node start` runs the embedded node; it takes no --rpc-url");
            Optional<AnvilNode.Published> running = AnvilNode.running(dataDir());
            if (running.isPresent()) {
                throw new IllegalStateException("an embedded node already runs on " + dataDir() + ": " + running.get().rpcUrl()
                        + " (pid " + running.get().ownerPid() + ")");
            }
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            AnvilNode node = AnvilNode.start(AnvilNode.Options.persistent(dataDir(), root().blockTimeSeconds()).listeningOn(host, port));
            // SIGINT/SIGTERM run the shutdown hooks: this one wakes the main thread and lets it stop the
            // node in order (anvil writes its state, node.json is removed); AnvilNode's own hook is the backstop.
            Thread onSignal = new Thread(() -> {
                stop.countDown();
                try {
                    stopped.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "vnfx-node-stop");
            Runtime.getRuntime().addShutdownHook(onSignal);
            inProcess = stop;
            try (Chain chain = Chain.connect(node)) {
                out().println("vnfx node running");
                out().println("  RPC URL    " + node.rpcUrl());
                out().println("  chain id   " + chain.chainId());
                out().println("  block      " + chain.blockNumber());
                out().println("  block time " + (root().blockTimeSeconds() == 0 ? "instant (one block per transaction)" : root().blockTimeSeconds() + " s"));
                out().println("  data dir   " + dataDir());
                out().println("  pid        " + ProcessHandle.current().pid());
                out().println("Ctrl-C to stop (or `vnfx node stop`)");
                out().flush();
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out().println("stopping ...");
                out().flush();
            } finally {
                inProcess = null;
                node.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for `stopped`
                }
                out().println("node stopped; state kept in " + dataDir().resolve("chain"));
                out().flush();
                stopped.countDown();
            }
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the node that `vnfx node start` runs on the data folder (SIGTERM to its process, then wait).")
    static final class Stop extends VnfxCommand {
        @Override
        int run() throws Exception {
            Optional<AnvilNode.Published> running = AnvilNode.running(dataDir());
            if (running.isEmpty()) {
                out().println("no embedded node runs on " + dataDir());
                return 0;
            }
            long pid = running.get().ownerPid();
            if (pid == ProcessHandle.current().pid()) {
                CountDownLatch latch = inProcess;
                if (latch == null) throw new IllegalStateException("the node on " + dataDir() + " belongs to this process but not to `vnfx node start`");
                latch.countDown();
                waitUntil(() -> AnvilNode.running(dataDir()).isEmpty());
            } else {
                ProcessHandle owner = ProcessHandle.of(pid).orElse(null);
                if (owner != null) {
                    if (!owner.destroy()) throw new IllegalStateException("cannot signal process " + pid + " (not ours?)");
                    try {
                        owner.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        throw new java.io.IOException("process " + pid + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
                    }
                }
            }
            out().println("stopped the embedded node " + running.get().rpcUrl() + " (pid " + pid + ")");
            return 0;
        }

        private static void waitUntil(java.util.function.BooleanSupplier done) throws java.io.IOException, InterruptedException {
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) throw new java.io.IOException("the node did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
                Thread.sleep(50);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether an embedded node runs on the data folder, and where.")
    static final class Status extends VnfxCommand {
        @Override
        int run() throws Exception {
            Optional<AnvilNode.Published> running = AnvilNode.running(dataDir());
            if (running.isEmpty()) {
                out().println("no embedded node runs on " + dataDir() + " (commands start one for their duration; `vnfx node start` keeps one up)");
                return 0;
            }
            AnvilNode.Published p = running.get();
            out().println("embedded node running on " + dataDir());
            out().println("  RPC URL    " + p.rpcUrl());
            out().println("  pid        " + p.ownerPid());
            out().println("  since      " + p.startedAt());
            try (Chain chain = Chain.connect(org.vnfx.ledger.node.ChainNode.remote(p.rpcUrl(), true))) {
                out().println("  chain id   " + chain.chainId());
                out().println("  block      " + chain.blockNumber());
            }
            return 0;
        }
    }

    @Command(name = "fund", mixinStandardHelpOptions = true,
            description = {"Top accounts up from the dev faucet of the node `vnfx node start` runs on the data folder.",
                    "For a lab of several hosts: their commands reach the node with --rpc-url, where vnfx never funds anyone, so the node's host does it."})
    static final class Fund extends VnfxCommand {
        @picocli.CommandLine.Option(names = "--ether", paramLabel = "ETHER", defaultValue = "10",
                description = "balance each account is topped up to (default: ${DEFAULT-VALUE})")
        long ether;

        @picocli.CommandLine.Parameters(arity = "1..*", paramLabel = "ADDRESS", description = "0x account addresses")
        java.util.List<String> addresses;

        @Override
        int run() throws Exception {
            for (String a : addresses) {
                if (!org.web3j.crypto.WalletUtils.isValidAddress(a)) throw new IllegalArgumentException("'" + a + "' is not a 20-byte 0x address");
            }
            if (ether <= 0) throw new IllegalArgumentException("--ether must be positive, got " + ether);
            Optional<AnvilNode.Published> running = AnvilNode.running(dataDir());
            if (running.isEmpty()) throw new IllegalStateException("no embedded node runs on " + dataDir() + ": start it with `vnfx node start` first");
            try (Chain chain = Chain.connect(org.vnfx.ledger.node.ChainNode.remote(running.get().rpcUrl(), true))) {
                for (String a : addresses) {
                    chain.fundFromDevFaucet(a, java.math.BigInteger.valueOf(ether));
                    out().println(a + " holds " + Fmt.ether(chain.balance(a)));
                }
            }
            return 0;
        }
    }
}
