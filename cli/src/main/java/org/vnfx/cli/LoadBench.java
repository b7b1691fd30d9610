package org.vnfx.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vnfx.contracts.Orchestration;
import org.vnfx.crypto.Ecies;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.Market.Refusal;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.vnfx.ledger.tx.PreflightTransactionManager;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.orchestrator.Orchestrator;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.StaticGasProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load: N MEC nodes each sending R VNF requests at once against one orchestrator agent, on a fresh embedded
 * anvil with instant mining and with 1 s blocks. Every request must end Granted or Refused with a reason
 * (read back from the chain: none lost, none decided twice); the figures are requests per second, the
 * latency from the request sent to the decision seen by its MEC, and the gas. The baseline, measured in
 * the same run on the same node from the same accounts at the same concurrency, is plain value transfers.
 *
 * <p>The MEC side is the MEC agent's on-chain part (Orchestration.request, pre-flighted and signed with the
 * node's own key, then the decision read from the chain every {@link #DECISION_POLL_MILLIS} ms) rather than
 * 50 MecAgents: an agent answers concurrent UE requests for one function with one deployment, so R UE
 * requests would not become R requests on chain.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load: --mec MEC nodes each send --requests VNF requests at once against one orchestrator agent, on fresh throwaway",
                "chains (instant mining and 1 s blocks). Checks that every request ends granted or refused with a reason, and prints",
                "requests/s, latency percentiles and gas next to the same node's plain value transfers/s measured in the same run.",
                "--growth prints the gas and latency of each operation as the market grows instead."})
final class LoadBench extends VnfxCommand {
    static final String FUNCTION = "echo";
    /**
     * The function of the second baseline: its only offer needs more than any node has, so its requests are refused and
     * take no room from the load's.
     */
    static final String CEILING_FUNCTION = "echo-ceiling";
    static final Requirements CEILING_NEEDS = new Requirements(4_000_000_000L, 4_000_000_000L, 4_000_000_000L);
    /** What each offer needs. */
    static final Requirements NEEDS = new Requirements(500, 256, 64);
    /** The MEC agent's decision poll. */
    static final long DECISION_POLL_MILLIS = 100;
    static final long TIMEOUT_SECONDS = Long.getLong("vnfx.bench.load.timeoutSeconds", 900);
    static final BigInteger OFFER_PRICE_WEI_PER_SECOND = BigInteger.valueOf(1_000_000);

    @Option(names = "--mec", paramLabel = "N", defaultValue = "50", description = "MEC nodes (default: ${DEFAULT-VALUE})")
    int mecs;

    @Option(names = "--requests", paramLabel = "R", defaultValue = "20", description = "requests each MEC node sends at once (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--block-times", paramLabel = "S", split = ",", defaultValue = "0,1",
            description = "block periods to measure, seconds; 0 = instant mining (default: ${DEFAULT-VALUE})")
    int[] blockTimes;

    @Option(names = "--offers", paramLabel = "K", defaultValue = "3", description = "accepted offers of the requested function (default: ${DEFAULT-VALUE})")
    int offers;

    @Option(names = "--slots", paramLabel = "S", defaultValue = "8",
            description = "how many grants each MEC node's published resources hold; requests beyond are refused (InsufficientResources) (default: ${DEFAULT-VALUE})")
    int slots;

    @Option(names = "--growth", description = "print the gas and latency of each operation at growing market sizes instead (instant mining)")
    boolean growth;

    /**
     * How the requests ended, read back from the chain. {@code redone}: decisions the chain refused (reverted when mined)
     * and the orchestrator made again, the operator's transactions beyond one per decision.
     */
    record Accounting(int sent, int deployments, int granted, int refused, int stillRequested, int duplicateDecisions, Map<Refusal, Integer> reasons,
            long redone) {
        boolean complete() {
            return deployments == sent && granted + refused == sent && stillRequested == 0 && duplicateDecisions == 0;
        }

        @Override
        public String toString() {
            return sent + " requests sent, " + deployments + " deployments, " + granted + " granted, " + refused + " refused " + reasons + ", "
                    + stillRequested + " still requested, " + duplicateDecisions + " decided twice, " + redone + " decisions redone";
        }
    }

    /** One measured block mode. Latencies sorted, ms. */
    record Run(int blockTime, int mecs, int requestsPerMec, Accounting accounting, double seconds, long[] latencyMillis, long requestGas,
            long decisionGas, int transfers, double transferSeconds, double requestOnlySeconds) {
        double requestsPerSecond() {
            return accounting.sent() / seconds;
        }

        double transfersPerSecond() {
            return transfers / transferSeconds;
        }

        /** The second baseline: the MECs' request transactions alone (no orchestrator running), mined per second. */
        double requestTransactionsPerSecond() {
            return accounting.sent() / requestOnlySeconds;
        }

        long percentile(double p) {
            return latencyMillis[Math.min(latencyMillis.length - 1, (int) Math.ceil(p * latencyMillis.length) - 1)];
        }
    }

    @Override
    int run() throws Exception {
        if (mecs < 1 || mecs > 500) throw new IllegalArgumentException("--mec must be in 1..500");
        if (requests < 1 || requests > 200) throw new IllegalArgumentException("--requests must be in 1..200");
        if (offers < 1 || offers > 100) throw new IllegalArgumentException("--offers must be in 1..100");
        if (slots < 0 || slots > 1000) throw new IllegalArgumentException("--slots must be in 0..1000");
        for (int b : blockTimes) if (b < 0 || b > 60) throw new IllegalArgumentException("--block-times must be in 0..60, not " + b);
        if (growth) {
            LoadGrowth.run(out(), err());
            return 0;
        }
        List<Run> runs = new ArrayList<>();
        for (int blockTime : blockTimes) {
            Run r = measure(blockTime, mecs, requests, offers, slots, err());
            if (!r.accounting().complete()) throw new IllegalStateException("requests lost or decided twice: " + r.accounting());
            runs.add(r);
        }
        print(runs);
        return 0;
    }

    private void print(List<Run> runs) {
        PrintWriter out = out();
        Run first = runs.get(0);
        out.println("load: " + first.mecs() + " MEC nodes x " + first.requestsPerMec() + " requests at once, one orchestrator agent, " + offers
                + " accepted offers, each MEC holding " + slots + " grants; fresh embedded anvil per block mode");
        Fmt.Table t = new Fmt.Table("BLOCKS", "REQUESTS", "GRANTED", "REFUSED", "SECONDS", "REQ/S", "P50 MS", "P90 MS", "P99 MS", "MAX MS",
                "GAS/REQUEST", "TRANSFERS/S", "RATIO", "REQ TX/S", "OF CEILING");
        for (Run r : runs) {
            long gasPerRequest = (r.requestGas() + r.decisionGas()) / r.accounting().sent();
            t.row(r.blockTime() == 0 ? "instant" : r.blockTime() + " s", Integer.toString(r.accounting().sent()), Integer.toString(r.accounting().granted()),
                    Integer.toString(r.accounting().refused()), String.format(Locale.ROOT, "%.1f", r.seconds()),
                    String.format(Locale.ROOT, "%.1f", r.requestsPerSecond()), Long.toString(r.percentile(0.50)), Long.toString(r.percentile(0.90)),
                    Long.toString(r.percentile(0.99)), Long.toString(r.latencyMillis()[r.latencyMillis().length - 1]), Fmt.gas(gasPerRequest),
                    String.format(Locale.ROOT, "%.1f", r.transfersPerSecond()), Fmt.ratio(r.requestsPerSecond() / r.transfersPerSecond()),
                    String.format(Locale.ROOT, "%.1f", r.requestTransactionsPerSecond()),
                    Fmt.ratio(r.requestsPerSecond() / (r.requestTransactionsPerSecond() / 2)));
        }
        t.print(out, "  ");
        for (Run r : runs) {
            out.println("  " + (r.blockTime() == 0 ? "instant" : r.blockTime() + " s") + ": " + r.accounting() + "; gas: requests "
                    + Fmt.gas(r.requestGas()) + ", decisions " + Fmt.gas(r.decisionGas()) + "; baseline " + r.transfers() + " transfers in "
                    + String.format(Locale.ROOT, "%.1f", r.transferSeconds()) + " s");
        }
        out.println("  REQ/S: requests decided per second, first request sent -> last decision seen; latency: request sent -> decision seen by its MEC"
                + " (polled every " + DECISION_POLL_MILLIS + " ms)");
        out.println("  RATIO: REQ/S over the same node's plain value transfers/s, same accounts, same concurrency, same run"
                + " (one request costs two transactions: the MEC's request and the orchestrator's decision)");
        out.println("  REQ TX/S: the same requests (refused, taking no room) sent with no orchestrator running, mined per second: the node's rate"
                + " for the MEC's half of the work; OF CEILING: REQ/S over half of it, i.e. how close orchestration comes to a node that spends"
                + " as long on each decision as on each request");
        out.flush();
    }

    /** An actor of the run: its account and encryption key. */
    private static DemoCommand.Actor actor(String name) throws Exception {
        return DemoCommand.actor(name);
    }

    /**
     * One block mode on a fresh anvil: the market is set up with instant mining, then the node is switched to
     * {@code blockTime}-second blocks (anvil's evm_setIntervalMining, what --block-time sets at start) for the
     * baselines and the load: the requests alone (no orchestrator yet), then plain transfers, then the load.
     */
    static Run measure(int blockTime, int mecCount, int requestsPerMec, int offerCount, int slots, PrintWriter progress) throws Exception {
        Path work = Files.createTempDirectory("vnfx-bench-load-");
        ExecutorService pool = Executors.newFixedThreadPool(mecCount);
        Orchestrator orchestrator = null;
        try (Chain chain = Chain.connect(AnvilNode.start(AnvilNode.Options.ephemeral(work, 0)))) {
            DemoCommand.Actor operator = actor("operator");
            DemoCommand.Actor provider = actor("provider");
            List<DemoCommand.Actor> nodes = new ArrayList<>();
            for (int i = 0; i < mecCount; i++) nodes.add(actor("mec" + i));
            chain.fundFromDevFaucet(operator.address(), BigInteger.TEN);
            chain.fundFromDevFaucet(provider.address(), BigInteger.TEN);
            for (DemoCommand.Actor n : nodes) chain.fundFromDevFaucet(n.address(), BigInteger.TEN);
            DeploymentRecord record = SuiteDeployer.deploy(chain, operator.account(), operator.encryptionKey());
            Market op = new Market(chain, record, operator.account());
            Market prov = new Market(chain, record, provider.account());
            prov.register(Role.PROVIDER, provider.encryptionKey());
            op.approve(provider.address());
            for (int i = 0; i < offerCount; i++) {
                OfferTerms terms = offerTerms(operator, FUNCTION, NEEDS, OFFER_PRICE_WEI_PER_SECOND.add(BigInteger.valueOf(i)));
                prov.advertise(terms);
                op.accept(terms.packageDigest());
            }
            Requirements capacity = new Requirements(NEEDS.vcpuMillis() * slots, NEEDS.memoryMiB() * slots, NEEDS.diskMiB() * slots);
            List<Market> markets = new ArrayList<>();
            for (DemoCommand.Actor n : nodes) {
                Market m = new Market(chain, record, n.account());
                m.register(Role.MEC, n.encryptionKey());
                op.approve(n.address());
                m.publishResources(capacity);
                markets.add(m);
            }
            progress.println("  load, block time " + blockTime + " s: market set up (" + mecCount + " MEC nodes, " + offerCount + " offers), block "
                    + chain.blockNumber());
            progress.flush();
            OfferTerms ceiling = offerTerms(operator, CEILING_FUNCTION, CEILING_NEEDS, OFFER_PRICE_WEI_PER_SECOND);
            prov.advertise(ceiling);
            op.accept(ceiling.packageDigest());
            if (blockTime > 0) chain.rpc("evm_setIntervalMining", blockTime);

            // First baseline: the same requests, for a function nobody has room for, with no orchestrator running.
            atBlockStart(chain, blockTime);
            long requestsFrom = chain.blockNumber() + 1;
            List<Sent> requestsOnly = sendAll(pool, chain, nodes, requestsPerMec, record, FunctionType.toBytes32(CEILING_FUNCTION), null);
            double requestOnlySeconds = awaitMined(chain, requestsOnly, requestsFrom);
            progress.println("  load, block time " + blockTime + " s: baseline " + requestsOnly.size() + " requests alone in "
                    + String.format(Locale.ROOT, "%.1f s", requestOnlySeconds) + "; the orchestrator starts and refuses them");
            progress.flush();
            orchestrator = new Orchestrator(chain, record, operator.account(), operator.encryption(), work.resolve("orchestrator"), d -> {}).start();

            // Second baseline, just before the load (anvil slows as its chain grows): the same accounts send the same number
            // of plain value transfers at the same concurrency.
            atBlockStart(chain, blockTime);
            long transfersFrom = chain.blockNumber() + 1;
            List<Sent> transfers = sendAll(pool, chain, nodes, requestsPerMec, record, null, operator.address());
            double transferSeconds = awaitMined(chain, transfers, transfersFrom);
            progress.println("  load, block time " + blockTime + " s: baseline " + transfers.size() + " transfers in "
                    + String.format(Locale.ROOT, "%.1f s", transferSeconds));
            progress.flush();

            BigInteger operatorNonce = transactionCount(chain, operator.address());

            // The load: every MEC sends its requests at once; decisions are read from the chain as a MEC agent reads them.
            atBlockStart(chain, blockTime);
            DecisionWatch watch = new DecisionWatch(chain, record.address("Orchestration"), chain.blockNumber() + 1);
            List<Sent> sent = sendAll(pool, chain, nodes, requestsPerMec, record, FunctionType.toBytes32(FUNCTION), null);
            long lastSeen = watch.awaitDecisions(sent);
            long firstSent = sent.stream().mapToLong(Sent::nanos).min().orElseThrow();
            double seconds = (lastSeen - firstSent) / 1e9;
            progress.println("  load, block time " + blockTime + " s: " + sent.size() + " requests decided in " + String.format(Locale.ROOT, "%.1f s", seconds));
            progress.flush();

            Accounting accounting = account(chain, op, sent, watch, transactionCount(chain, operator.address()).subtract(operatorNonce).longValueExact());
            long[] latency = new long[sent.size()];
            long requestGas = 0;
            for (int i = 0; i < sent.size(); i++) {
                Sent s = sent.get(i);
                latency[i] = (watch.decidedAt.get(watch.idOf.get(s.hash())) - s.nanos()) / 1_000_000;
                requestGas += receipt(chain, s.hash()).getGasUsed().longValueExact();
            }
            Arrays.sort(latency);
            long decisionGas = 0;
            for (String h : watch.decisionTransactions) decisionGas += receipt(chain, h).getGasUsed().longValueExact();
            return new Run(blockTime, mecCount, requestsPerMec, accounting, seconds, latency, requestGas, decisionGas, transfers.size(), transferSeconds,
                    requestOnlySeconds);
        } finally {
            if (orchestrator != null) orchestrator.close();
            pool.shutdownNow();
            Folders.delete(work);
        }
    }

    /** An offer whose content key is really sealed for the operator, so that the orchestrator can re-seal it for each MEC. */
    static OfferTerms offerTerms(DemoCommand.Actor operator, String function, Requirements needs, BigInteger price) {
        byte[] digest = new byte[32];
        new java.security.SecureRandom().nextBytes(digest);
        byte[] key = PackageCipher.newKey();
        byte[] envelope = Ecies.seal(operator.encryptionKey(), key, EnvelopeContext.offer(digest));
        Arrays.fill(key, (byte) 0);
        return new OfferTerms(digest, OfferTerms.CODEC_RAW, digest, function, needs, price, envelope);
    }

    /** One transaction sent: its hash and when its sending began (System.nanoTime). */
    record Sent(String hash, long nanos) {}

    /**
     * Every node sends {@code perNode} transactions at once from its own thread and signer (one nonce after the
     * other, as a signer does): requests for {@code function}, or 1-wei transfers to {@code transferTo}.
     */
    private static List<Sent> sendAll(ExecutorService pool, Chain chain, List<DemoCommand.Actor> nodes, int perNode, DeploymentRecord record,
            byte[] function, String transferTo) throws Exception {
        List<Future<List<Sent>>> futures = new ArrayList<>();
        String orchestration = record.address("Orchestration");
        for (DemoCommand.Actor n : nodes) {
            futures.add(pool.submit(() -> {
                PreflightTransactionManager signer = chain.signer(n.account()).knowing(record.addresses());
                String data = function == null ? "" : Orchestration.load(orchestration, chain.web3j(), signer,
                        new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO)).request(function).encodeFunctionCall();
                List<Sent> out = new ArrayList<>();
                for (int i = 0; i < perNode; i++) {
                    long t0 = System.nanoTime();
                    String hash = function == null
                            ? signer.sendTransaction(BigInteger.ZERO, BigInteger.ZERO, transferTo, data, BigInteger.ONE, false).getTransactionHash()
                            : signer.sendTransaction(BigInteger.ZERO, BigInteger.ZERO, orchestration, data, BigInteger.ZERO, false).getTransactionHash();
                    out.add(new Sent(hash, t0));
                }
                return out;
            }));
        }
        List<Sent> all = new ArrayList<>();
        for (Future<List<Sent>> f : futures) all.addAll(f.get());
        return all;
    }

    /**
     * With slow blocks, each phase starts just after a block is cut, so that none gains or loses part of a block period
     * by chance: with 1 s blocks and phases of a few seconds that chance would move a ratio by a third.
     */
    private static void atBlockStart(Chain chain, int blockTime) throws Exception {
        if (blockTime == 0) return;
        long block = chain.blockNumber();
        long deadline = System.nanoTime() + 10L * blockTime * 1_000_000_000L;
        while (chain.blockNumber() == block) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("no block mined in " + 10 * blockTime + " s");
            Thread.sleep(5);
        }
    }

    /** Seconds from the first send to the block that holds the last of them, read block by block as they come. */
    private static double awaitMined(Chain chain, List<Sent> sent, long fromBlock) throws Exception {
        Set<String> pending = new HashSet<>();
        for (Sent s : sent) pending.add(s.hash().toLowerCase(Locale.ROOT));
        long first = sent.stream().mapToLong(Sent::nanos).min().orElseThrow();
        long next = fromBlock;
        long deadline = System.nanoTime() + TIMEOUT_SECONDS * 1_000_000_000L;
        long last = first;
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(pending.size() + " transactions not mined after " + TIMEOUT_SECONDS + " s");
            long head = chain.blockNumber();
            for (; next <= head; next++) {
                EthBlock.Block b = chain.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(next)), false).send().getBlock();
                for (EthBlock.TransactionResult<?> tx : b.getTransactions()) {
                    if (pending.remove(((String) tx.get()).toLowerCase(Locale.ROOT))) last = System.nanoTime();
                }
            }
            if (!pending.isEmpty()) Thread.sleep(DECISION_POLL_MILLIS);
        }
        for (Sent s : sent) {
            if (!receipt(chain, s.hash()).isStatusOK()) throw new IllegalStateException("transaction " + s.hash() + " failed");
        }
        return (last - first) / 1e9;
    }

    private static BigInteger transactionCount(Chain chain, String address) throws IOException {
        return chain.web3j().ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount();
    }

    private static TransactionReceipt receipt(Chain chain, String hash) throws IOException {
        return chain.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt()
                .orElseThrow(() -> new IllegalStateException("no receipt for " + hash));
    }

    /**
     * What the MECs see of the Orchestration contract: which deployment each request opened, and when its
     * decision appeared, read from the logs every {@link #DECISION_POLL_MILLIS} ms. It also counts the decisions
     * per deployment, so that a second grant or refusal would show.
     */
    static final class DecisionWatch {
        private static final String REQUESTED = EventEncoder.encode(Orchestration.DEPLOYMENTREQUESTED_EVENT);
        private static final String GRANTED = EventEncoder.encode(Orchestration.DEPLOYMENTGRANTED_EVENT);
        private static final String REFUSED = EventEncoder.encode(Orchestration.DEPLOYMENTREFUSED_EVENT);

        private final Chain chain;
        private final String orchestration;
        private long next;
        final Map<String, BigInteger> idOf = new HashMap<>();
        final Map<BigInteger, Long> decidedAt = new HashMap<>();
        final Map<BigInteger, Integer> decisions = new HashMap<>();
        final Map<BigInteger, Refusal> refusals = new HashMap<>();
        final Set<String> decisionTransactions = new HashSet<>();

        DecisionWatch(Chain chain, String orchestration, long fromBlock) {
            this.chain = chain;
            this.orchestration = orchestration;
            this.next = fromBlock;
        }

        /** Waits until every sent request has a decision; returns when the last was seen (System.nanoTime). */
        long awaitDecisions(List<Sent> sent) throws Exception {
            long deadline = System.nanoTime() + TIMEOUT_SECONDS * 1_000_000_000L;
            long last = 0;
            while (true) {
                long head = chain.blockNumber();
                if (head >= next) {
                    List<Log> logs = chain.logs(new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(next)),
                            DefaultBlockParameter.valueOf(BigInteger.valueOf(head)), orchestration));
                    long now = System.nanoTime();
                    for (Log l : logs) {
                        String topic = l.getTopics().get(0);
                        BigInteger id = new BigInteger(l.getTopics().get(1).substring(2), 16);
                        if (topic.equals(REQUESTED)) {
                            idOf.put(l.getTransactionHash(), id);
                        } else if (topic.equals(GRANTED) || topic.equals(REFUSED)) {
                            decidedAt.putIfAbsent(id, now);
                            decisions.merge(id, 1, Integer::sum);
                            decisionTransactions.add(l.getTransactionHash());
                            if (topic.equals(REFUSED)) {
                                int code = Orchestration.getDeploymentRefusedEventFromLog(l).reason.intValueExact();
                                refusals.put(id, code < Refusal.values().length ? Refusal.values()[code] : Refusal.NONE);
                            }
                            last = now;
                        }
                    }
                    next = head + 1;
                }
                int undecided = 0;
                for (Sent s : sent) {
                    BigInteger id = idOf.get(s.hash());
                    if (id == null || !decidedAt.containsKey(id)) undecided++;
                }
                if (undecided == 0) return last;
                if (System.nanoTime() > deadline) throw new IllegalStateException(undecided + " of " + sent.size() + " requests undecided after " + TIMEOUT_SECONDS + " s");
                Thread.sleep(DECISION_POLL_MILLIS);
            }
        }
    }

    /** Reads every deployment back from the chain: the accounting that must balance whatever the timing. */
    static Accounting account(Chain chain, Market reader, List<Sent> sent, DecisionWatch watch, long operatorTransactions) throws Exception {
        Set<BigInteger> ids = new HashSet<>();
        int granted = 0;
        int refused = 0;
        int requested = 0;
        Map<Refusal, Integer> reasons = new EnumMap<>(Refusal.class);
        for (Sent s : sent) {
            TransactionReceipt r = receipt(chain, s.hash());
            if (!r.isStatusOK()) throw new IllegalStateException("request " + s.hash() + " reverted");
            BigInteger id = Market.requestedId(r);
            if (!ids.add(id)) continue;
            DeploymentStatus status = Market.status(reader.deployment(id));
            if (status == DeploymentStatus.GRANTED) {
                granted++;
            } else if (status == DeploymentStatus.REFUSED) {
                Refusal reason = watch.refusals.getOrDefault(id, Refusal.NONE);
                if (reason == Refusal.NONE) throw new IllegalStateException("deployment " + id + " refused without a reason");
                refused++;
                reasons.merge(reason, 1, Integer::sum);
            } else if (status == DeploymentStatus.REQUESTED) {
                requested++;
            } else {
                throw new IllegalStateException("deployment " + id + " is " + status + ": nobody reported on it in this run");
            }
        }
        int twice = 0;
        for (int n : watch.decisions.values()) if (n > 1) twice++;
        return new Accounting(sent.size(), ids.size(), granted, refused, requested, twice, reasons, operatorTransactions - watch.decisionTransactions.size());
    }
}
