package org.vnfx.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.ledger.bench.GasReport;
import org.vnfx.ledger.bench.GasReport.Result;
import org.vnfx.ledger.bench.GasReport.Row;
import org.vnfx.ledger.bench.GasReport.Target;
import org.vnfx.ledger.suite.SuiteDeployer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks against the targets of DESIGN.md.",
        subcommands = {BenchCommand.Gas.class, BenchCommand.Crypto.class, ColdStartBench.class, OnboardingBench.class, LoadBench.class,
                BenchCommand.Catalogue.class})
final class BenchCommand extends CommandGroup {

    @Command(name = "gas", mixinStandardHelpOptions = true,
            description = {"Measure the gas of the suite deployment and of one full VNF lifecycle on a fresh, throwaway embedded anvil",
                    "(never on --rpc-url or the data folder's chain), next to the B-VNF paper's figures and the targets."})
    static final class Gas extends VnfxCommand {
        @Option(names = "--markdown", paramLabel = "FILE", description = "also write the report as a Markdown section (for BENCHMARKS.md)")
        Path markdown;

        @Option(names = "--strict", description = "exit 1 when a target is missed")
        boolean strict;

        @Override
        int run() throws Exception {
            if (root().rpcUrl() != null) err().println("note: bench gas always runs on a fresh embedded anvil; --rpc-url is ignored");
            Result r = GasReport.measureOnFreshChain();
            text(r).forEach(out()::println);
            if (markdown != null) {
                Path parent = markdown.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                Files.writeString(markdown, String.join("\n", markdown(r)) + "\n", StandardCharsets.UTF_8);
                out().println("wrote " + markdown);
            }
            if (strict && !r.allTargetsMet()) {
                err().println("error: " + r.targets().stream().filter(t -> !t.met()).count() + " gas target(s) missed");
                return Vnfx.EXIT_INPUT;
            }
            return 0;
        }
    }

    static List<String> text(Result r) {
        List<String> out = new ArrayList<>();
        out.add("vnfx gas report: fresh anvil, chain id " + r.chainId() + ", " + r.compiler());
        out.add("");
        out.add("Suite deployment (vnfx, " + SuiteDeployer.CONTRACTS.length + " contracts) next to the B-VNF paper (8 contracts)");
        Fmt.Table dep = new Fmt.Table("VNFX TRANSACTION", "GAS", "B-VNF CONTRACT", "GAS");
        int n = Math.max(r.deployment().size(), GasReport.PAPER_DEPLOYMENT.size());
        for (int i = 0; i < n; i++) {
            Row v = i < r.deployment().size() ? r.deployment().get(i) : null;
            Row p = i < GasReport.PAPER_DEPLOYMENT.size() ? GasReport.PAPER_DEPLOYMENT.get(i) : null;
            dep.row(v == null ? "" : v.name(), v == null ? "" : Fmt.gas(v.gas()), p == null ? "" : p.name(), p == null ? "" : Fmt.gas(p.gas()));
        }
        dep.row("total", Fmt.gas(r.deploymentTotal()), "total", Fmt.gas(GasReport.PAPER_DEPLOYMENT_TOTAL));
        out.addAll(dep.lines("  "));
        out.add("  ratio vnfx/paper: " + Fmt.ratio(r.deploymentRatio()));
        out.add("");
        out.add("Operations (one lifecycle, in the order sent)");
        Fmt.Table ops = new Fmt.Table("OPERATION", "GAS");
        for (Row o : r.operations()) ops.row(o.name(), Fmt.gas(o.gas()));
        out.addAll(ops.lines("  "));
        out.add("");
        out.add("One VNF session, paid at uninstall (request + grant + instantiation report + uninstall report)");
        out.addAll(session(r.paidSession()));
        out.add("One VNF session, payment deferred for lack of escrow (... + uninstall report + settle after a top-up)");
        out.addAll(session(r.deferredSession()));
        out.add("");
        out.add("Targets (DESIGN.md)");
        for (Target t : r.targets()) {
            out.add("  " + (t.met() ? "PASS" : "FAIL") + "  " + t.name() + ": " + Fmt.gas(t.measured()) + " gas " + (t.met() ? "<" : ">=") + " " + Fmt.gas(t.limit()));
        }
        out.add("  info  one VNF session, payment deferred + settle: " + Fmt.gas(r.deferredSessionTotal())
                + " gas (the path taken only when escrow runs short; no target)");
        return out;
    }

    private static List<String> session(List<Row> rows) {
        Fmt.Table t = new Fmt.Table("STEP", "GAS");
        for (Row s : rows) t.row(s.name(), Fmt.gas(s.gas()));
        t.row("session total", Fmt.gas(GasReport.sum(rows)));
        return t.lines("  ");
    }

    static List<String> markdown(Result r) {
        List<String> md = new ArrayList<>();
        md.add("## Gas (`vnfx bench gas`)");
        md.add("");
        md.add("Fresh anvil, chain id " + r.chainId() + ", " + r.compiler() + ". Fixed keys and inputs: the same contracts give the same numbers.");
        md.add("");
        md.add("### Suite deployment");
        md.add("");
        md.add("| vnfx transaction | gas | B-VNF contract | gas |");
        md.add("|---|---:|---|---:|");
        int n = Math.max(r.deployment().size(), GasReport.PAPER_DEPLOYMENT.size());
        for (int i = 0; i < n; i++) {
            Row v = i < r.deployment().size() ? r.deployment().get(i) : null;
            Row p = i < GasReport.PAPER_DEPLOYMENT.size() ? GasReport.PAPER_DEPLOYMENT.get(i) : null;
            md.add("| " + (v == null ? "" : "`" + v.name() + "`") + " | " + (v == null ? "" : Fmt.gas(v.gas())) + " | "
                    + (p == null ? "" : p.name()) + " | " + (p == null ? "" : Fmt.gas(p.gas())) + " |");
        }
        md.add("| **total** | **" + Fmt.gas(r.deploymentTotal()) + "** | **total** | **" + Fmt.gas(GasReport.PAPER_DEPLOYMENT_TOTAL) + "** |");
        md.add("");
        md.add("Ratio vnfx/paper: **" + Fmt.ratio(r.deploymentRatio()) + "**.");
        md.add("");
        md.add("### Operations");
        md.add("");
        md.add("| operation | gas |");
        md.add("|---|---:|");
        for (Row o : r.operations()) md.add("| `" + o.name() + "` | " + Fmt.gas(o.gas()) + " |");
        md.add("");
        md.add("### One VNF session");
        md.add("");
        md.add("| step | paid at uninstall | deferred, then settled |");
        md.add("|---|---:|---:|");
        int m = Math.max(r.paidSession().size(), r.deferredSession().size());
        for (int i = 0; i < m; i++) {
            Row a = i < r.paidSession().size() ? r.paidSession().get(i) : null;
            Row b = i < r.deferredSession().size() ? r.deferredSession().get(i) : null;
            String step = (b != null ? b.name() : a.name()).replace(" (deferred)", "").replace(" (pays)", "");
            md.add("| `" + step + "` | " + (a == null ? "" : Fmt.gas(a.gas())) + " | " + (b == null ? "" : Fmt.gas(b.gas())) + " |");
        }
        md.add("| **session total** | **" + Fmt.gas(r.paidSessionTotal()) + "** | **" + Fmt.gas(r.deferredSessionTotal()) + "** |");
        md.add("");
        md.add("### Targets");
        md.add("");
        md.add("| target | measured | limit | result |");
        md.add("|---|---:|---:|---|");
        for (Target t : r.targets()) {
            md.add("| " + t.name() + " | " + Fmt.gas(t.measured()) + " | < " + Fmt.gas(t.limit()) + " | " + (t.met() ? "PASS" : "**FAIL**") + " |");
        }
        md.add("| one VNF session, payment deferred + settle (only when escrow runs short) | " + Fmt.gas(r.deferredSessionTotal()) + " | - | info |");
        return md;
    }

    @Command(name = "crypto", mixinStandardHelpOptions = true,
            description = {"Measure decrypt + SHA-256 of a generated package (what a MEC node does before anything runs) against",
                    "openssl on the same machine, in the same run; prints MiB/s and the ratio (target >= 0.8)."})
    static final class Crypto extends VnfxCommand {
        @Option(names = "--mib", paramLabel = "MiB", defaultValue = "1024", description = "package size (default: ${DEFAULT-VALUE})")
        int mebibytes;

        @Option(names = "--openssl-seconds", paramLabel = "S", defaultValue = "3", description = "length of each openssl speed run (default: ${DEFAULT-VALUE})")
        int opensslSeconds;

        @Override
        int run() throws Exception {
            Path dir = java.nio.file.Files.createTempDirectory("vnfx-bench-crypto-");
            try {
                var r = org.vnfx.crypto.bench.DecryptVerifyBenchmark.run(mebibytes, dir, opensslSeconds, new java.io.PrintStream(
                        new java.io.OutputStream() {
                            @Override
                            public void write(int b) {
                                err().write(b);
                            }
                        }, true));
                out().println(org.vnfx.crypto.bench.DecryptVerifyBenchmark.format(r));
                return 0;
            } finally {
                org.vnfx.mec.runtime.Folders.delete(dir);
            }
        }
    }

    @Command(name = "catalogue", mixinStandardHelpOptions = true,
            description = {"Measure catalogue search latency (p50/p95/p99) on N synthetic VNF and NS descriptors in the embedded",
                    "PostgreSQL, per kind of query, against a lookup by digest measured in the same run. The data set is kept in",
                    "DATA_DIR/bench/catalogue, so a rerun with the same N skips the load."})
    static final class Catalogue extends VnfxCommand {
        @Option(names = "--descriptors", paramLabel = "N", defaultValue = "100000", description = "catalogue size (default: ${DEFAULT-VALUE})")
        int descriptors;

        @Override
        int run() throws Exception {
            if (descriptors < 100 || descriptors > 10_000_000) throw new IllegalArgumentException("--descriptors must be in 100..10000000");
            org.vnfx.catalogue.bench.CatalogueSearchBench.run(out(), dataDir().resolve("bench").resolve("catalogue"), descriptors);
            return 0;
        }
    }
}
