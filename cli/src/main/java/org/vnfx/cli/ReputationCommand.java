package org.vnfx.cli;

import java.nio.file.Path;
import org.vnfx.ledger.economics.ReputationHistory;
import org.vnfx.ledger.suite.FunctionType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Reputation as the chain recorded it, session by session. */
@Command(name = "reputation", mixinStandardHelpOptions = true, description = "Each VNF's reputation over its sessions, from chain history.",
        subcommands = {ReputationCommand.Plot.class})
final class ReputationCommand extends CommandGroup {

    @Command(name = "plot", mixinStandardHelpOptions = true,
            description = {"Draw each offer's reputation over its sessions (the B-VNF paper's Fig. 4) as SVG or PNG, and print each offer's prior and final reputation.",
                    "Everything is read from the Offers contract's events since the suite's deployment block. Offers that have not run a session yet are not drawn."})
    static final class Plot extends VnfxCommand {
        @Option(names = "--out", paramLabel = "FILE", defaultValue = "reputation.svg",
                description = "the chart to write, replaced atomically; its extension, .svg or .png, picks the format (default: ${DEFAULT-VALUE})")
        Path file;

        @Option(names = "--function", paramLabel = "TYPE", description = "only the offers of this function type, e.g. ids")
        String function;

        @Override
        int run() throws Exception {
            ReputationChart.Format format = ReputationChart.Format.of(file); // before any chain work: a typo fails at once
            if (function != null) FunctionType.toBytes32(function); // the same name check as offer publish
            try (ChainSession s = connect()) {
                ReputationHistory all = ReputationHistory.read(s.chain(), s.suite());
                ReputationHistory selected = function == null ? all : all.forFunction(function);
                ReputationHistory drawn = selected.withSessions();
                if (selected.series().isEmpty() && function != null) {
                    throw new IllegalArgumentException("no offer of function '" + function + "' on chain " + all.chainId() + " (offered: "
                            + all.series().stream().map(ReputationHistory.Series::functionType).distinct().sorted().toList() + ")");
                }
                if (drawn.series().isEmpty()) {
                    throw new IllegalStateException("no sessions yet" + (function == null ? "" : " for function '" + function + "'") + " on chain "
                            + all.chainId() + " (blocks " + all.fromBlock() + " to " + all.toBlock() + ", " + selected.series().size()
                            + " offers): a reputation changes when a MEC node reports an uninstall");
                }
                ReputationChart.write(drawn, file);
                out().println("wrote " + file + " (" + format.name() + "): " + drawn.series().size() + " offers, " + drawn.sessions()
                        + " sessions, blocks " + drawn.fromBlock() + " to " + drawn.toBlock());
                Fmt.Table table = new Fmt.Table("OFFER", "FUNCTION", "PROVIDER", "SESSIONS", "PRIOR", "REPUTATION", "LAST BLOCK");
                for (ReputationHistory.Series series : drawn.series()) {
                    table.row(series.packageDigest().substring(0, 10) + "…", series.functionType(),
                            series.provider() + (series.operatorOwned() ? " (operator)" : ""), series.sessions(),
                            Fmt.reputation(series.prior()), Fmt.reputation(series.last().reputation()), series.last().block());
                }
                table.print(out(), "  ");
                int idle = selected.series().size() - drawn.series().size();
                if (idle > 0) out().println("  (" + idle + (idle == 1 ? " offer has" : " offers have") + " no session yet: not drawn)");
                return 0;
            }
        }
    }
}
