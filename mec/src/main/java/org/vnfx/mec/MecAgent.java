package org.vnfx.mec;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.crypto.CryptoException;
import org.vnfx.crypto.Ecies;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.economics.ErrorType;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.mec.runtime.InstanceSpec;
import org.vnfx.mec.runtime.RuntimeUnavailableException;
import org.vnfx.mec.runtime.VnfInstance;
import org.vnfx.mec.runtime.VnfRuntime;
import org.vnfx.mec.runtime.VnfStartException;
import org.vnfx.store.ArtifactStore;
import org.vnfx.store.Cid;
import org.vnfx.store.TransferListener;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The MEC agent (DESIGN.md flows 3 and 4): serves user equipment at once when the VNF already runs;
 * otherwise requests it on chain, waits for the grant, opens the key envelope meant for this node alone,
 * fetches the ciphertext, decrypts it and checks the package digest on chain before anything runs,
 * starts it, and reports the instantiation. Idle VNFs are uninstalled and their usage and error counts
 * reported, which settles the session.
 *
 * <p>Any failure after the grant is reported on chain as a failed instantiation, and nothing runs.
 * What is in flight is kept in {@code workDir/mec-state.json}; after a crash the agent looks each entry
 * up on chain and finishes it exactly once.
 */
public final class MecAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MecAgent.class);
    public static final Duration GRANT_POLL = Duration.ofMillis(100);
    public static final Duration HOUSEKEEPING_PERIOD = Duration.ofSeconds(1);
    public static final long PROGRESS_STEP_BYTES = 64L << 20;
    /** How many UE requests {@link #recentRequests()} keeps (the node's own log for its operator, not a record of truth). */
    public static final int RECENT_REQUESTS = 100;

    /**
     * @param capacity     what this node offers VNFs in all (published on chain at start)
     * @param idleTimeout  a VNF no UE used for this long is uninstalled
     * @param grantTimeout how long a UE waits for the operator's decision
     */
    public record Config(Requirements capacity, Duration idleTimeout, Duration grantTimeout, Path workDir) {}

    /** Where the time of a cold start went. All zero for a warm start. */
    public record Timings(long chainMillis, long transferMillis, long decryptVerifyMillis, long startMillis, long totalMillis) {
        static final Timings WARM = new Timings(0, 0, 0, 0, 0);
    }

    public record Served(String function, BigInteger deploymentId, URI endpoint, boolean coldStart, Timings timings) {}

    /** A VNF running here, as the MEC operator sees it: its error counts so far and what it observed (not errors). */
    public record Service(String function, BigInteger deploymentId, URI endpoint, boolean alive, long[] errorCounts,
            List<VnfInstance.Observation> observations) {}

    /**
     * One UE request as this node answered it: {@code status} is the HTTP status the UE got (200 served), {@code problem}
     * the reason when it was not served; {@code deploymentId} is null when no deployment served it.
     */
    public record UeRequest(Instant at, String function, int status, boolean coldStart, BigInteger deploymentId, long millis, String problem) {}

    public record Uninstalled(String function, BigInteger deploymentId, long usageSeconds, long[] errorCounts, String transaction) {}

    /** A VNF this node runs. */
    private static final class Running {
        final BigInteger deploymentId;
        final String function;
        final VnfInstance instance;
        final long startedNanos = System.nanoTime();
        final CompletableFuture<TransactionReceipt> instantiationReport;
        volatile long lastUsedNanos = startedNanos;

        Running(BigInteger deploymentId, String function, VnfInstance instance, CompletableFuture<TransactionReceipt> report) {
            this.deploymentId = deploymentId;
            this.function = function;
            this.instance = instance;
            this.instantiationReport = report;
        }
    }

    private final Chain chain;
    private final ArrayDeque<UeRequest> recent = new ArrayDeque<>();
    private final DeploymentRecord record;
    private final Market market;
    private final String self;
    private final ECKeyPair encryption;
    private final ArtifactStore store;
    private final VnfRuntime runtime;
    private final Config config;
    private final MecState state;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Served>> coldStarts = new ConcurrentHashMap<>();
    /**
     * Deployments this process is handling, from the request until the uninstall report (or a failure):
     * housekeeping leaves them alone and only picks up what a previous run left behind.
     */
    private final Set<BigInteger> owned = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "mec-worker"));
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mec-housekeeping"));

    public MecAgent(Chain chain, DeploymentRecord record, Credentials account, ECKeyPair encryption, ArtifactStore store,
            VnfRuntime runtime, Config config) throws IOException {
        this.chain = chain;
        this.record = record;
        this.market = new Market(chain, record, account);
        this.self = account.getAddress();
        this.encryption = encryption;
        this.store = store;
        this.runtime = runtime;
        this.config = config;
        Files.createDirectories(config.workDir());
        this.state = new MecState(config.workDir().resolve("mec-state.json"));
    }

    /** Recovers what a previous run left in flight, publishes the free resources, and starts housekeeping. */
    public MecAgent start() throws Exception {
        recover();
        housekeeping.scheduleWithFixedDelay(this::housekeep, HOUSEKEEPING_PERIOD.toMillis(), HOUSEKEEPING_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public String address() {
        return self;
    }

    /** Serves a UE's request for {@code function}: warm if it runs here, otherwise a cold start through the chain. */
    public Served serve(String function) throws ServeException {
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        try {
            Served s = serveOnce(function);
            remember(new UeRequest(at, function, 200, s.coldStart(), s.deploymentId(), elapsedMillis(t0), null));
            return s;
        } catch (ServeException e) {
            remember(new UeRequest(at, function, e.httpStatus(), false, null, elapsedMillis(t0), e.title() + ": " + e.getMessage()));
            throw e;
        }
    }

    /** The last {@value #RECENT_REQUESTS} UE requests, oldest first. */
    public List<UeRequest> recentRequests() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    private void remember(UeRequest r) {
        synchronized (recent) {
            if (recent.size() == RECENT_REQUESTS) recent.removeFirst();
            recent.addLast(r);
        }
    }

    private static long elapsedMillis(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private Served serveOnce(String function) throws ServeException {
        Running r = running.get(function);
        if (r != null && r.instance.alive()) {
            r.lastUsedNanos = System.nanoTime();
            return new Served(function, r.deploymentId, r.instance.endpoint(), false, Timings.WARM);
        }
        CompletableFuture<Served> mine = new CompletableFuture<>();
        CompletableFuture<Served> f = coldStarts.putIfAbsent(function, mine);
        if (f == null) {
            f = mine;
            workers.execute(() -> {
                try {
                    mine.complete(coldStart(function));
                } catch (Throwable t) {
                    mine.completeExceptionally(t);
                } finally {
                    coldStarts.remove(function, mine);
                }
            });
        }
        try {
            Served s = f.get();
            return f == mine ? s : new Served(s.function(), s.deploymentId(), s.endpoint(), false, Timings.WARM);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ServeException se) throw se;
            throw new ServeException(500, "MEC agent error", String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServeException(503, "Interrupted", "the MEC agent is stopping");
        }
    }

    /** The VNFs running here. */
    public List<Service> services() {
        List<Service> out = new ArrayList<>();
        for (Running r : running.values()) {
            out.add(new Service(r.function, r.deploymentId, r.instance.endpoint(), r.instance.alive(), r.instance.errorCounts(),
                    r.instance.observations()));
        }
        return out;
    }

    private Served coldStart(String function) throws Exception {
        long t0 = System.nanoTime();
        state.put(new MecState.Entry(function, MecState.Phase.REQUESTING, null, chain.blockNumber()));
        TransactionReceipt requested;
        try {
            requested = market.request(function);
        } catch (ContractRevertException e) {
            state.remove(function, null);
            if (e.error().equals("UnknownFunction")) throw new ServeException(404, "Unknown function", "no accepted offer provides '" + function + "'");
            throw new ServeException(503, "Request refused by the chain", e.getMessage(), e);
        }
        BigInteger id = Market.requestedId(requested);
        owned.add(id);
        try {
            state.put(new MecState.Entry(function, MecState.Phase.REQUESTED, id, requested.getBlockNumber().longValueExact()));
            Grant grant = awaitGrant(id, function, requested.getBlockNumber().longValueExact(), config.grantTimeout());
            long tChain = System.nanoTime();
            return instantiate(id, function, grant, t0, tChain);
        } catch (Exception e) {
            // Refused, failed, or not decided in time (then housekeeping finishes it once it is decided).
            owned.remove(id);
            throw e;
        }
    }

    /** The operator's grant: the offer and the content key sealed for this node. */
    private record Grant(byte[] offer, byte[] envelope) {}

    private Grant awaitGrant(BigInteger id, String function, long fromBlock, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Orchestration.Deployment d = market.deployment(id);
            DeploymentStatus s = Market.status(d);
            if (s == DeploymentStatus.GRANTED) return grantOf(id, fromBlock);
            if (s == DeploymentStatus.REFUSED) {
                state.remove(function, id);
                throw new ServeException(503, "Refused by the operator", "deployment " + id + " refused: " + refusalOf(id, fromBlock));
            }
            if (s != DeploymentStatus.REQUESTED) throw new ServeException(409, "Unexpected state", "deployment " + id + " is " + s);
            if (System.nanoTime() > deadline) {
                throw new ServeException(504, "No decision", "deployment " + id + " not decided within " + timeout.toSeconds()
                        + " s; this node will still start it if it is granted later");
            }
            Thread.sleep(GRANT_POLL.toMillis());
        }
    }

    private Served instantiate(BigInteger id, String function, Grant grant, long t0, long tChain) throws Exception {
        Path dir = config.workDir().resolve("deployments").resolve(id.toString());
        Files.createDirectories(dir);
        byte[] key;
        try {
            key = Ecies.open(encryption, grant.envelope(), EnvelopeContext.grant(grant.offer(), id, self));
        } catch (CryptoException e) {
            throw fail(id, function, dir, InstantiationFailure.KEY_ENVELOPE, "the grant's key envelope does not open for this node: " + e.getMessage(), e);
        }
        try {
            Offers.Offer offer = market.offer(grant.offer());
            Cid cid = new Cid(offer.cidCodec.intValueExact(), offer.contentDigest);
            Path ciphertext = dir.resolve("package.enc");
            Path plaintext = dir.resolve("package.csar");
            try {
                store.fetch(cid, ciphertext, progressLog(id));
            } catch (IOException | RuntimeException e) {
                if (unreachable(e)) {
                    throw fail(id, function, dir, InstantiationFailure.STORE_UNREACHABLE,
                            "the store was unreachable, retried with backoff until the retry budget ran out: " + e.getMessage(), e);
                }
                throw fail(id, function, dir, InstantiationFailure.FETCH, "cannot fetch " + cid + ": " + e.getMessage(), e);
            }
            long tTransfer = System.nanoTime();
            try (InputStream in = Files.newInputStream(ciphertext)) {
                PackageCipher.decryptVerified(in, plaintext, key, grant.offer());
            } catch (CryptoException e) {
                throw fail(id, function, dir, InstantiationFailure.INTEGRITY, e.getMessage(), e);
            } finally {
                Files.deleteIfExists(ciphertext);
            }
            long tVerified = System.nanoTime();
            VnfInstance instance;
            try {
                instance = runtime.start(new InstanceSpec(id, function, plaintext, dir.resolve("instance")));
            } catch (RuntimeUnavailableException e) {
                throw fail(id, function, dir, InstantiationFailure.RUNTIME_MISSING, e.getMessage(), e);
            } catch (VnfStartException e) {
                throw fail(id, function, dir, InstantiationFailure.START, e.getMessage(), e);
            }
            long tStarted = System.nanoTime();
            // The UE is answered now; the report lands in the next block without holding it up.
            CompletableFuture<TransactionReceipt> report = CompletableFuture.supplyAsync(() -> {
                try {
                    return market.reportInstantiation(id, true, new byte[32]);
                } catch (Exception e) {
                    throw new IllegalStateException("instantiation report for deployment " + id + " failed: " + e.getMessage(), e);
                }
            }, workers);
            running.put(function, new Running(id, function, instance, report));
            state.put(new MecState.Entry(function, MecState.Phase.RUNNING, id, 0));
            return new Served(function, id, instance.endpoint(), true, new Timings(
                    ms(tChain - t0), ms(tTransfer - tChain), ms(tVerified - tTransfer), ms(tStarted - tVerified), ms(tStarted - t0)));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** True when the store never answered (refused or timed-out connections), as opposed to answering wrongly. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpConnectTimeoutException
                    || t instanceof java.net.NoRouteToHostException) return true;
        }
        return false;
    }

    /** Reports the failed instantiation on chain (nothing runs), forgets the deployment and says why. */
    private ServeException fail(BigInteger id, String function, Path dir, InstantiationFailure failure, String detail, Throwable cause) {
        LOG.warn("deployment {} ({}): instantiation failed ({}): {}", id, function, failure.code(), detail);
        try {
            market.reportInstantiation(id, false, failure.bytes32());
            state.remove(function, id);
        } catch (Exception e) {
            LOG.warn("could not report failed instantiation of deployment {}: {}", id, e.toString());
        }
        Folders.delete(dir);
        int status = switch (failure) {
            case START -> 500;
            case RUNTIME_MISSING -> 501;
            default -> 502;
        };
        return new ServeException(status, "Instantiation failed: " + failure.code(), "deployment " + id + ": " + detail, cause);
    }

    /** Stops the VNF and reports the session: usage and error counts, which update reputation and pay the provider. */
    public Uninstalled uninstall(String function) throws Exception {
        Running r = running.remove(function);
        if (r == null) throw new ServeException(404, "Not running", "no VNF for '" + function + "' runs on this node");
        try {
            r.instantiationReport.get();
        } catch (ExecutionException e) {
            LOG.warn("{}", e.getCause().getMessage());
        }
        long[] counts = r.instance.stop();
        r.instance.close();
        long usage = Duration.ofNanos(System.nanoTime() - r.startedNanos).toSeconds();
        TransactionReceipt receipt;
        try {
            receipt = market.reportUninstall(r.deploymentId, usage, counts);
        } catch (ContractRevertException e) {
            // The contract bounds usage by chain time since instantiation; never claim more than the chain says.
            if (!e.error().equals("UsageExceedsElapsed")) throw e;
            usage = ((BigInteger) e.arguments().get("elapsedSeconds")).longValueExact();
            receipt = market.reportUninstall(r.deploymentId, usage, counts);
        }
        state.remove(function, r.deploymentId);
        owned.remove(r.deploymentId);
        Folders.delete(config.workDir().resolve("deployments").resolve(r.deploymentId.toString()));
        return new Uninstalled(function, r.deploymentId, usage, counts, receipt.getTransactionHash());
    }

    /** Uninstalls idle or crashed VNFs and finishes deployments no UE is waiting for. */
    private void housekeep() {
        long now = System.nanoTime();
        for (Running r : List.copyOf(running.values())) {
            boolean idle = now - r.lastUsedNanos > config.idleTimeout().toNanos();
            if (idle || !r.instance.alive()) {
                try {
                    Uninstalled u = uninstall(r.function);
                    LOG.info("uninstalled {} (deployment {}, {} s, {})", u.function(), u.deploymentId(), u.usageSeconds(), idle ? "idle" : "exited");
                } catch (Exception e) {
                    LOG.warn("uninstall of {} failed, will retry: {}", r.function, e.toString());
                }
            }
        }
        try {
            reconcile();
        } catch (Exception e) {
            LOG.warn("reconciling with the chain failed, will retry: {}", e.toString());
        }
    }

    private void recover() throws Exception {
        reconcile();
        // What grants already hold on chain (running here, or granted and being started) stays reserved.
        long vcpu = 0, memory = 0, disk = 0;
        for (MecState.Entry e : state.entries()) {
            if (e.deploymentId() == null) continue;
            Orchestration.Deployment d = market.deployment(e.deploymentId());
            DeploymentStatus s = Market.status(d);
            if (s != DeploymentStatus.GRANTED && s != DeploymentStatus.RUNNING) continue;
            var req = market.suite().offers().requirements(d.offer).send();
            vcpu += req.vcpuMillis.longValueExact();
            memory += req.memoryMiB.longValueExact();
            disk += req.diskMiB.longValueExact();
        }
        Requirements c = config.capacity();
        market.publishResources(new Requirements(Math.max(0, c.vcpuMillis() - vcpu), Math.max(0, c.memoryMiB() - memory),
                Math.max(0, c.diskMiB() - disk)));
    }

    /** Brings every remembered deployment to its next step from what the chain says now. */
    private synchronized void reconcile() throws Exception {
        // First the requests whose transaction may or may not have landed, so that what they became is resumed in this pass.
        for (MecState.Entry e : state.entries()) {
            if (e.phase() != MecState.Phase.REQUESTING || coldStarts.containsKey(e.function())) continue;
            List<BigInteger> ids = requestsSince(e.fromBlock());
            state.remove(e.function(), null);
            for (BigInteger id : ids) state.put(new MecState.Entry(e.function(), MecState.Phase.REQUESTED, id, e.fromBlock()));
        }
        for (MecState.Entry e : state.entries()) {
            BigInteger id = e.deploymentId();
            if (id == null || owned.contains(id)) continue;
            DeploymentStatus s = Market.status(market.deployment(id));
            switch (s) {
                case REQUESTED, GRANTED -> resume(id, e.function(), e.fromBlock());
                case RUNNING -> relaunch(id, e.function());
                default -> {
                    state.remove(e.function(), id);
                    Folders.delete(config.workDir().resolve("deployments").resolve(id.toString()));
                }
            }
        }
    }

    /**
     * A deployment a previous run requested and did not see through: it is finished here as this run's own cold start
     * of that function, so a UE asking for the function meanwhile waits for it instead of requesting a second deployment.
     * Left for a later pass while another cold start of the function is under way.
     */
    private void resume(BigInteger id, String function, long fromBlock) {
        CompletableFuture<Served> resumed = new CompletableFuture<>();
        if (running.containsKey(function) || coldStarts.putIfAbsent(function, resumed) != null) return;
        owned.add(id);
        workers.execute(() -> {
            try {
                long t = System.nanoTime();
                Grant grant = awaitGrant(id, function, fromBlock, config.grantTimeout());
                resumed.complete(instantiate(id, function, grant, t, System.nanoTime()));
            } catch (Throwable ex) {
                owned.remove(id);
                LOG.warn("late instantiation of deployment {} failed: {}", id, ex.getMessage());
                resumed.completeExceptionally(ex);
            } finally {
                coldStarts.remove(function, resumed);
            }
        });
    }

    /** After a crash of this agent: start the verified package kept on disk again; the deployment is still running on chain. */
    private void relaunch(BigInteger id, String function) throws Exception {
        owned.add(id);
        Path dir = config.workDir().resolve("deployments").resolve(id.toString());
        Path plaintext = dir.resolve("package.csar");
        VnfInstance instance;
        try {
            if (!Files.exists(plaintext)) throw new VnfStartException("the verified package " + plaintext + " is gone");
            Folders.delete(dir.resolve("instance"));
            instance = runtime.start(new InstanceSpec(id, function, plaintext, dir.resolve("instance")));
        } catch (VnfStartException e) {
            LOG.warn("cannot restart deployment {}: {}; reporting it uninstalled", id, e.getMessage());
            long[] counts = new long[ErrorType.values().length];
            // A runtime this node no longer has is the node's fault, not the VNF's.
            if (!(e instanceof RuntimeUnavailableException)) counts[ErrorType.START_FAILURE.ordinal()] = 1;
            market.reportUninstall(id, 0, counts);
            state.remove(function, id);
            owned.remove(id);
            return;
        }
        running.put(function, new Running(id, function, instance, CompletableFuture.completedFuture(null)));
    }

    /** Logs a transfer's progress every {@link #PROGRESS_STEP_BYTES}, and every retry with its cause. */
    private static TransferListener progressLog(BigInteger id) {
        return new TransferListener() {
            private long next = PROGRESS_STEP_BYTES;

            @Override
            public void progress(Cid cid, long done, long total) {
                if (done < next) return;
                next = done + PROGRESS_STEP_BYTES;
                LOG.info("deployment {}: fetched {} of {} MiB of {}", id, done >> 20, total < 0 ? "?" : Long.toString(total >> 20), cid);
            }

            @Override
            public void retrying(Cid cid, int failedAttempt, long done, IOException cause, Duration delay) {
                LOG.warn("deployment {}: fetching {} failed at byte {} (attempt {}: {}); retrying in {} ms", id, cid, done, failedAttempt,
                        cause.getMessage(), delay.toMillis());
            }
        };
    }

    private List<BigInteger> requestsSince(long fromBlock) throws IOException {
        List<BigInteger> ids = new ArrayList<>();
        for (Log log : logs(fromBlock, Orchestration.DEPLOYMENTREQUESTED_EVENT, null, topic(self))) {
            ids.add(Orchestration.getDeploymentRequestedEventFromLog(log).deploymentId);
        }
        return ids;
    }

    private Grant grantOf(BigInteger id, long fromBlock) throws IOException {
        List<Log> logs = logs(fromBlock, Orchestration.DEPLOYMENTGRANTED_EVENT, Numeric.toHexStringWithPrefixZeroPadded(id, 64), null);
        if (logs.isEmpty()) throw new IOException("deployment " + id + " is granted but no DeploymentGranted event was found from block " + fromBlock);
        var e = Orchestration.getDeploymentGrantedEventFromLog(logs.get(0));
        return new Grant(e.offer, e.keyEnvelope);
    }

    private String refusalOf(BigInteger id, long fromBlock) throws IOException {
        List<Log> logs = logs(fromBlock, Orchestration.DEPLOYMENTREFUSED_EVENT, Numeric.toHexStringWithPrefixZeroPadded(id, 64), null);
        if (logs.isEmpty()) return "reason unknown";
        return Market.Refusal.values()[Orchestration.getDeploymentRefusedEventFromLog(logs.get(0)).reason.intValueExact()].name();
    }

    private List<Log> logs(long fromBlock, org.web3j.abi.datatypes.Event event, String topic1, String topic2) throws IOException {
        EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)), DefaultBlockParameterName.LATEST,
                record.address("Orchestration"));
        f.addSingleTopic(EventEncoder.encode(event));
        f.addOptionalTopics(topic1);
        f.addOptionalTopics(topic2);
        return chain.logs(f);
    }

    private static String topic(String address) {
        return "0x" + "0".repeat(24) + Numeric.cleanHexPrefix(address).toLowerCase();
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops housekeeping; running VNFs are stopped too (they are relaunched by the next start). */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        workers.shutdownNow();
        for (Running r : running.values()) r.instance.close();
        running.clear();
    }
}
