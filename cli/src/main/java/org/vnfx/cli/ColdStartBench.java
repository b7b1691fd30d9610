package org.vnfx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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
import org.vnfx.mec.runtime.PackageArchive;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cold-start latency, UE request to VNF serving, broken down into chain (request and grant), transfer,
 * decrypt + verify and VNF start, on a fresh embedded chain with instant mining and with 1 s blocks
 * (QBFT-like). The target is: at most 2 block periods for the chain part, plus transfer and start.
 * For the Suricata IDS, "VNF start" is the instantiation time (verified package on disk to engine up)
 * and its share of the whole cold start is printed.
 */
@Command(name = "coldstart", mixinStandardHelpOptions = true,
        description = {"Measure cold-start latency from UE request to VNF running, broken down (chain, transfer, decrypt+verify, start),",
                "with instant mining and with 1 s blocks, on fresh throwaway chains, agents and store, for the echo VNF and",
                "the Suricata IDS (its instantiation: package on disk to engine up, and that part's share of the cold start)."})
final class ColdStartBench extends VnfxCommand {
    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "cold starts measured per block time, after one warm-up (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--block-times", paramLabel = "S", split = ",", defaultValue = "0,1", description = "block periods to measure, seconds (default: ${DEFAULT-VALUE})")
    int[] blockTimes;

    @Option(names = "--vnfs", paramLabel = "V", split = ",", defaultValue = "echo,ids", description = "VNFs to start: echo, ids (default: ${DEFAULT-VALUE})")
    List<String> vnfs;

    @Override
    int run() throws Exception {
        if (runs < 1 || runs > 50) throw new IllegalArgumentException("--runs must be in 1..50");
        for (String v : vnfs) if (!v.equals("echo") && !v.equals("ids")) throw new IllegalArgumentException("--vnfs takes echo and ids, not '" + v + "'");
        for (String vnf : vnfs) report(vnf);
        return 0;
    }

    private void report(String vnf) throws Exception {
        List<String[]> rows = new ArrayList<>();
        long startMedian = -1; // the VNF start does not depend on the block time: the first measured is compared with the baseline
        for (int blockTime : blockTimes) {
            long[][] samples = measure(blockTime, vnf);
            String[] labels = {"chain (request + grant)", "transfer", "decrypt + verify", "VNF start", "total"};
            for (int c = 0; c < labels.length; c++) {
                long[] v = samples[c].clone();
                Arrays.sort(v);
                if (c == 3 && startMedian < 0) startMedian = v[v.length / 2];
                rows.add(new String[] {blockTime == 0 ? "instant" : blockTime + " s", labels[c], Long.toString(v[v.length / 2]),
                        Long.toString(v[0]), Long.toString(v[v.length - 1])});
            }
            if (blockTime > 0) {
                long[] chainMs = samples[0].clone();
                Arrays.sort(chainMs);
                double periods = chainMs[chainMs.length / 2] / (blockTime * 1000.0);
                rows.add(new String[] {blockTime + " s", "chain / block period", String.format(Locale.ROOT, "%.2f", periods), "", "(target <= 2)"});
            }
            double[] share = new double[runs];
            for (int i = 0; i < runs; i++) share[i] = samples[4][i] == 0 ? 0 : (double) samples[3][i] / samples[4][i];
            Arrays.sort(share);
            rows.add(new String[] {blockTime == 0 ? "instant" : blockTime + " s", "VNF start / total", String.format(Locale.ROOT, "%.0f %%", 100 * share[runs / 2]),
                    String.format(Locale.ROOT, "%.0f %%", 100 * share[0]), String.format(Locale.ROOT, "%.0f %%", 100 * share[runs - 1])});
        }
        if (vnf.equals("ids")) {
            long[] bare = bareSuricataStarts();
            rows.add(new String[] {"-", "baseline: Suricata by hand", Long.toString(bare[bare.length / 2]), Long.toString(bare[0]), Long.toString(bare[bare.length - 1])});
            rows.add(new String[] {"-", "VNF start / baseline", String.format(Locale.ROOT, "%.2f", (double) startMedian / bare[bare.length / 2]), "",
                    "(unpack + checks + endpoint over bare)"});
        }
        out().println("cold start, UE request -> VNF serving (" + (vnf.equals("ids") ? "Suricata IDS: start = package on disk -> engine up" : "echo VNF")
                + ", " + runs + " runs per block time after one warm-up), milliseconds");
        Fmt.Table t = new Fmt.Table("BLOCKS", "PART", "MEDIAN", "MIN", "MAX");
        for (String[] r : rows) t.row(r);
        t.print(out(), "  ");
        out().flush();
    }

    /**
     * The baseline for the Suricata runtime's start, measured in the same run: the same unpacked package and
     * the same Suricata options started by hand, from spawning the process to Suricata saying its engine
     * started. Sorted milliseconds.
     */
    private long[] bareSuricataStarts() throws Exception {
        Path work = Files.createTempDirectory("vnfx-bench-suricata-");
        try {
            Path root = work.resolve("package");
            PackageArchive.unpack(DemoCommand.idsVariants(work)[1].csar(), root);
            long[] ms = new long[runs];
            for (int i = -1; i < runs; i++) {
                Path log = Files.createDirectories(work.resolve("log" + i));
                Path inbox = Files.createDirectories(work.resolve("inbox" + i));
                Path capture = Files.copy(root.resolve("Files/traffic/sample.pcap"), inbox.resolve("sample.pcap"));
                Files.setLastModifiedTime(capture, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
                Path out = log.resolve("out");
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder("suricata", "-c", "Files/config/suricata.yaml", "-l", log.toString(), "-r", inbox.toString(),
                        "--pcap-file-continuous", "-k", "none", "--set", "pcap-file.poll-interval=1", "--set", "unix-command.enabled=no")
                        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                try {
                    while (!Files.readString(out).contains("Engine started")) {
                        if (!p.isAlive()) throw new IllegalStateException("Suricata exited: " + Files.readString(out));
                        Thread.sleep(5);
                    }
                    if (i >= 0) ms[i] = (System.nanoTime() - t0) / 1_000_000;
                } finally {
                    p.destroy();
                    p.waitFor();
                }
            }
            Arrays.sort(ms);
            return ms;
        } finally {
            Folders.delete(work);
        }
    }

    /** samples[part][run] in ms: parts = chain, transfer, decrypt+verify, start, total. */
    private long[][] measure(int blockTime, String vnf) throws Exception {
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
            String function = vnf.equals("ids") ? DemoCommand.IDS_FUNCTION : DemoCommand.FUNCTION;
            DemoCommand.Variant v = vnf.equals("ids") ? DemoCommand.idsVariants(work)[1]
                    : new DemoCommand.Variant("echo", DemoCommand.echoPackage("echo", null, work), new Requirements(500, 256, 64), 1_000_000L);
            DemoCommand.Published p = DemoCommand.publish(chain, record, provider, operator, store.uri(), v, function);
            op.accept(p.terms().packageDigest());
            op.deposit(BigInteger.TEN.pow(17));
            Orchestrator orchestrator = new Orchestrator(chain, record, operator.account(), operator.encryption(), work.resolve("orchestrator"), d -> {}).start();
            agents.add(orchestrator);
            MecServer node = DemoCommand.mecNode(chain, record, mec, new Requirements(4000, 4096, 4096), store.uri(), work, agents);
            long[][] samples = new long[5][runs];
            for (int i = -1; i < runs; i++) {
                JsonNode served = DemoCommand.ue(node.url(), "POST", "/services", "{\"function\":\"" + function + "\"}");
                JsonNode t = served.path("timings");
                if (i >= 0) {
                    samples[0][i] = t.path("chainMillis").asLong();
                    samples[1][i] = t.path("transferMillis").asLong();
                    samples[2][i] = t.path("decryptVerifyMillis").asLong();
                    samples[3][i] = t.path("startMillis").asLong();
                    samples[4][i] = t.path("totalMillis").asLong();
                }
                err().println("  " + vnf + ", block time " + blockTime + " s, run " + (i < 0 ? "warm-up" : i + 1) + ": " + t.path("totalMillis").asLong() + " ms");
                err().flush();
                DemoCommand.ue(node.url(), "DELETE", "/services/" + function, null);
            }
            return samples;
        } finally {
            for (int i = agents.size() - 1; i >= 0; i--) agents.get(i).close();
            Folders.delete(work);
        }
    }
}
