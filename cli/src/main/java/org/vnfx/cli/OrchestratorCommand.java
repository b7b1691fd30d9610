package org.vnfx.cli;

import java.nio.file.Path;
import org.vnfx.crypto.Keystore;
import org.vnfx.orchestrator.Orchestrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the orchestrator agent in the foreground. */
@Command(name = "orchestrator", mixinStandardHelpOptions = true,
        description = {"Run the orchestrator agent (operator): decide every VNF request on chain until Ctrl-C or SIGTERM.",
                "It grants the best fitting accepted offer (operator-owned first, then reputation, then price) with the content",
                "key sealed for the requesting MEC node only, or refuses with a reason. It shares the key of every advertised",
                "package with every approved validator. It resumes from DATA_DIR/orchestrator."})
final class OrchestratorCommand extends VnfxCommand {
    @Mixin
    KeyOption key;

    @Override
    int run() throws Exception {
        Keystore.Unlocked operator = key.unlock(keystore());
        Path state = dataDir().resolve("orchestrator");
        try (Foreground fg = new Foreground(); ChainSession s = connect();
                Orchestrator o = new Orchestrator(s.chain(), s.suite(), operator.account(), operator.encryption(), state, d -> {
                    out().println(d);
                    out().flush();
                })) {
            o.onKeyShared(k -> {
                out().println(k);
                out().flush();
            });
            o.start();
            out().println("orchestrator running as " + operator.name() + " (" + operator.account().getAddress() + ") on " + s.describe());
            out().println("  checkpoint block " + o.checkpoint() + " (" + state + ")");
            out().println("Ctrl-C to stop");
            out().flush();
            fg.await();
            out().println("stopping ...");
            return 0;
        }
    }
}
