package org.vnfx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.vnfx.mec.MecServer;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cold-start latency, UE request to VNF serving, broken down into chain (request and grant), transfer,
 * decrypt + verify and VNF start, on a fresh embedded chain with instant mining and with 1 s blocks
 * (QBFT-like). The target is: at most 2 block periods for the chain part, plus transfer and start.
 */
@Command(name = "coldstart", mixinStandardHelpOptions = true,
        description = {"Measure cold-start latency from UE request to VNF running, broken down (chain, transfer, decrypt+verify, start),",
                "with instant mining and with 1 s blocks, on fresh throwaway chains, agents and store."})
final class ColdStartBench extends VnfxCommand {
    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "cold starts measured per block time, after one warm-up (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--block-times", paramLabel = "S", split = ",", defaultValue = "0,1", description = "block periods to measure, seconds (default: ${DEFAULT-VALUE})")
    int[] blockTimes;

    @Override
    int run() throws Exception {
        if (runs < 1 || runs > 50) throw new IllegalArgumentException("--runs must be in 1..50");
        List<String[]> rows = new ArrayList<>();
        for (int blockTime : blockTimes) {
            long[][] samples = measure(blockTime);
            String[] labels = {"chain (request + grant)", "transfer", "decrypt + verify", "VNF start", "total"};
            for (int c = 0; c < labels.length; c++) {
                long[] v = samples[c].clone();
                Arrays.sort(v);
                rows.add(new String[] {blockTime == 0 ? "instant" : blockTime + " s", labels[c], Long.toString(v[v.length / 2]),
                        Long.toString(v[0]), Long.toString(v[v.length - 1])});
            }
            if (blockTime > 0) {
                long[] chainMs = samples[0].clone();
                Arrays.sort(chainMs);
                double periods = chainMs[chainMs.length / 2] / (blockTime * 1000.0);
                rows.add(new String[] {blockTime + " s", "chain / block period", String.format(Locale.ROOT, "%.2f", periods), "", "(target <= 2)"});
            }
        }
        out().println("cold start, UE request -> VNF serving (echo VNF, " + runs + " runs per block time after one warm-up), milliseconds");
        Fmt.Table t = new Fmt.Table("BLOCKS", "PART", "MEDIAN", "MIN", "MAX");
        for (String[] r : rows) t.row(r);
        t.print(out(), "  ");
        return 0;
    }

    /** samples[part][run] in ms: parts = chain, transfer, decrypt+verify, start, total. */
    private long[][] measure(int blockTime) throws Exception {
        Path work = Files.createTempDirectory("vnfx-bench-coldstart-");
        List<AutoCloseable> agents = new ArrayList<>();
        try (Chain chain = Chain.connect(AnvilNode.start(AnvilNode.Options.ephemeral(work, blockTime)))) {
            DemoCommand.Actor operator = DemoCommand.actor("operator");
            DemoCommand.Actor provider = DemoCommand.actor("provider");
            DemoCommand.Actor mec = DemoCommand.actor("mec");
            for (DemoCommand.Actor a : List.of(operator, provider, mec)) chain.fundFromDevFaucet(a.address(), BigInteger.TEN);
            DeploymentRecord record = SuiteDeployer.deploy(chain, operator.account(), operator.encryptionKey());
            Market op = new Market(chain, record, operator.account());
            new Market(chain, record, provider.account()).register(Role.PROVIDER, provider.encryptionKey());
            new Market(chain, record, mec.account()).register(Role.MEC, mec.encryptionKey());
            op.approve(provider.address());
            op.approve(mec.address());
            StoreServer store = StoreServer.start(new LocalArtifactStore(work.resolve("store")));
            agents.add(store);
            DemoCommand.Published p = DemoCommand.publish(chain, record, provider, operator, store.uri(), new DemoCommand.Variant("echo",
                    DemoCommand.echoPackage("echo", null, work), new Requirements(500, 256, 64), 1_000_000L), DemoCommand.FUNCTION);
            op.accept(p.terms().packageDigest());
            op.deposit(BigInteger.TEN.pow(17));
            Orchestrator orchestrator = new Orchestrator(chain, record, operator.account(), operator.encryption(), work.resolve("orchestrator"), d -> {}).start();
            agents.add(orchestrator);
            MecServer node = DemoCommand.mecNode(chain, record, mec, new Requirements(4000, 4096, 4096), store.uri(), work, agents);
            long[][] samples = new long[5][runs];
            for (int i = -1; i < runs; i++) {
                JsonNode served = DemoCommand.ue(node.url(), "POST", "/services", "{\"function\":\"" + DemoCommand.FUNCTION + "\"}");
                JsonNode t = served.path("timings");
                if (i >= 0) {
                    samples[0][i] = t.path("chainMillis").asLong();
                    samples[1][i] = t.path("transferMillis").asLong();
                    samples[2][i] = t.path("decryptVerifyMillis").asLong();
                    samples[3][i] = t.path("startMillis").asLong();
                    samples[4][i] = t.path("totalMillis").asLong();
                }
                err().println("  block time " + blockTime + " s, run " + (i < 0 ? "warm-up" : i + 1) + ": " + t.path("totalMillis").asLong() + " ms");
                err().flush();
                DemoCommand.ue(node.url(), "DELETE", "/services/" + DemoCommand.FUNCTION, null);
            }
            return samples;
        } finally {
            for (int i = agents.size() - 1; i >= 0; i--) agents.get(i).close();
            Folders.delete(work);
        }
    }
}
