package org.vnfx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vnfx.catalogue.PostgresCatalogue;
import org.vnfx.catalogue.index.ChainIndexer;
import org.vnfx.contracts.Offers;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.crypto.PublicKeys;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.economics.ReputationHistory;
import org.vnfx.ledger.economics.ReputationModel;
import org.vnfx.ledger.policy.Action;
import org.vnfx.ledger.policy.UsagePolicies;
import org.vnfx.ledger.policy.UsagePolicy;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.vnfx.ledger.trail.Provenance;
import org.vnfx.ledger.trail.Trail;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.mec.MecAgent;
import org.vnfx.mec.MecServer;
import org.vnfx.mec.PackagePublisher;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.mec.runtime.RuntimeUnavailableException;
import org.vnfx.mec.runtime.Runtimes;
import org.vnfx.mec.runtime.suricata.Pcap;
import org.vnfx.mec.runtime.suricata.SuricataInstallation;
import org.vnfx.mec.runtime.suricata.SuricataRuntime;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.packages.descriptor.DescriptorReader;
import org.vnfx.packages.descriptor.ResourceNeeds;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.portal.PortalServer;
import org.vnfx.portal.auth.ClientRegistry;
import org.vnfx.portal.auth.OAuth;
import org.vnfx.portal.auth.Tokens;
import org.vnfx.portal.vnfpkgm.FileVnfPackages;
import org.vnfx.portal.vnfpkgm.MarketOnboarding;
import org.vnfx.portal.vnfpkgm.VnfPkgmApi;
import org.vnfx.portal.web.LicenceTerms;
import org.vnfx.portal.web.SuiteOnChain;
import org.vnfx.portal.web.WebGui;
import org.vnfx.store.Cid;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;
import org.vnfx.validator.ValidatorAgent;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The project's main job: B-VNF's migration end to end on the embedded chain, every part real and
 * talking only through the chain and HTTP — a store server (the cloud), the orchestrator agent, two MEC
 * agents, user equipment asking for a service, two providers whose packages compete, one of them
 * degraded so that reputation moves the orchestrator to the better one.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the marketplace end to end with throwaway actors on the embedded chain of DATA_DIR/demo:",
                "a store server, the orchestrator agent and two MEC agents; two providers publish encrypted packages of the same",
                "function, one degraded: two Suricata IDS variants (SOL004 CSARs from examples/) or two variants of the echo VNF.",
                "UEs ask the MEC nodes for the service (cold and warm starts); sessions end with uninstall reports that move",
                "reputations and pay the providers; the reputations are plotted (DATA_DIR/demo/reputation.svg and .png).",
                "A validator attests each package before the operator accepts it; a customer takes a trial and buys a private",
                "licence under the provider's usage policy; the package's provenance is read back from the chain.",
                "Exits non-zero if any step fails."})
final class DemoCommand extends VnfxCommand {
    static final String FUNCTION = "echo";
    static final String IDS_FUNCTION = "ids";
    static final BigInteger ESCROW_WEI = BigInteger.TEN.pow(16); // 0.01 ETH
    /** How long each session holds its VNF before the UE is done: the usage the provider is paid for. */
    static final Duration SESSION_HOLD = Duration.ofMillis(2_200);
    static final Duration IDS_WAIT = Duration.ofSeconds(60);
    static final Duration ATTESTATION_WAIT = Duration.ofSeconds(60);
    static final BigInteger LICENCE_PRICE_WEI = BigInteger.TEN.pow(15); // 0.001 ETH
    static final long TRIAL_SECONDS = 3600;
    /** mec-2 is small: only the lite variants (1 vCPU, 256 MiB) fit, so they keep getting sessions there. */
    static final Requirements SMALL_NODE = new Requirements(1200, 384, 1024);
    /** The largest package the demo's portals accept for upload. */
    static final long PORTAL_MAX_UPLOAD = 256L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "6", description = "how many VNF sessions to run (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--portal", description = {"the interactive mode: after the demo, leave the market running and serve dPortal for each actor",
            "(one web server per actor's key, on loopback), until Enter, Ctrl-C or SIGTERM"})
    boolean portal;

    @Option(names = "--portal-port", paramLabel = "PORT", defaultValue = "8800",
            description = "with --portal: the first actor's port, the others on the next ones; 0 for any free ports (default: ${DEFAULT-VALUE})")
    int portalPort;

    @Option(names = "--vnf", paramLabel = "ids|echo|auto", defaultValue = "auto",
            description = "the competing exemplar: ids (Suricata; needs Suricata 7), echo, or auto = ids when Suricata is installed (default)")
    String vnf;

    record Actor(String name, Credentials account, ECKeyPair encryption) {
        String address() {
            return account.getAddress();
        }

        CompressedKey encryptionKey() {
            return PublicKeys.compressed(encryption);
        }
    }

    /** A provider's published package. */
    record Published(String label, Actor provider, OfferTerms terms, Cid cid) {}

    /** A package to publish: which variant, its file, what it needs and costs. */
    record Variant(String label, Path csar, Requirements needs, long weiPerSecond) {}

    @Override
    int run() throws Exception {
        if (sessions < 1 || sessions > 20) throw new IllegalArgumentException("--sessions must be in 1..20");
        if (portalPort < 0 || portalPort > 65535 - 10) throw new IllegalArgumentException("--portal-port must be in 0.." + (65535 - 10));
        boolean ids = switch (vnf) {
            case "ids" -> true;
            case "echo" -> false;
            case "auto" -> suricataInstalled();
            default -> throw new IllegalArgumentException("--vnf must be ids, echo or auto, not '" + vnf + "'");
        };
        String function = ids ? IDS_FUNCTION : FUNCTION;
        Path demoDir = dataDir().resolve("demo");
        Path work = demoDir.resolve("run");
        Folders.delete(work);
        Files.createDirectories(work);
        List<AutoCloseable> agents = new ArrayList<>();
        int failures = 0;
        // With --portal a signal must wait for everything to close, the chain last: the Foreground is closed after it.
        try (Foreground fg = portal ? new Foreground() : null; ChainSession s = ChainSession.open(demoDir, root().rpcUrl(), root().blockTimeSeconds())) {
            if (!s.embedded()) {
                throw new IllegalStateException("the demo funds throwaway accounts from the dev faucet: it needs the embedded node (no --rpc-url)");
            }
            Chain chain = s.chain();
            out().println("vnfx demo on " + s.describe() + ", data folder " + demoDir);

            Actor operator = actor("operator");
            Actor providerA = actor("provider-a");
            Actor providerB = actor("provider-b");
            Actor mec1 = actor("mec-1");
            Actor mec2 = actor("mec-2");
            Actor validator = actor("validator");
            Actor customer = actor("customer");
            Actor outsider = actor("outsider");
            section("actors (throwaway keys, funded from the dev faucet)");
            for (Actor a : List.of(operator, providerA, providerB, mec1, mec2, validator, customer, outsider)) {
                chain.fundFromDevFaucet(a.address(), BigInteger.valueOf(10));
                out().printf(Locale.ROOT, "  %-10s %s%n", a.name(), a.address());
            }

            section("contracts");
            DeploymentRecord record = SuiteDeployer.deploy(chain, operator.account(), operator.encryptionKey());
            record.write(DeploymentRecord.file(demoDir, chain.chainId()));
            out().println("  suite deployed at block " + record.blockNumber() + " for " + Fmt.gas(record.totalDeploymentGas()) + " gas");
            Market op = new Market(chain, record, operator.account());
            for (var a : List.of(new Object[] {providerA, Role.PROVIDER}, new Object[] {providerB, Role.PROVIDER},
                    new Object[] {mec1, Role.MEC}, new Object[] {mec2, Role.MEC}, new Object[] {validator, Role.VALIDATOR},
                    new Object[] {customer, Role.CUSTOMER}, new Object[] {outsider, Role.CUSTOMER})) {
                Actor who = (Actor) a[0];
                new Market(chain, record, who.account()).register((Role) a[1], who.encryptionKey());
                if (a[1] != Role.CUSTOMER) op.approve(who.address()); // customers are admitted at once
                out().println("  " + who.name() + " registered as " + ((Role) a[1]).label() + " and approved");
            }
            new Attestation(chain, record, operator.account()).setThreshold(1);
            out().println("  acceptance needs 1 validator's pass (attestation threshold k = 1)");

            section("the cloud: a store server");
            StoreServer store = StoreServer.start(new LocalArtifactStore(work.resolve("store")));
            agents.add(store);
            out().println("  Kubo-compatible RPC at " + store.uri());

            Variant[] variants = ids ? idsVariants(work) : echoVariants(work);
            section("agents: the orchestrator, a validator and two MEC nodes");
            // The orchestrator runs before anything is advertised: it shares each new package's key with the validator.
            Orchestrator orchestrator = new Orchestrator(chain, record, operator.account(), operator.encryption(), work.resolve("orchestrator"),
                    d -> {}).start();
            agents.add(orchestrator);
            agents.add(new ValidatorAgent(chain, record, validator.account(), validator.encryption(), new KuboArtifactStore(store.uri()),
                    VerifierOptions.DEFAULT, work.resolve("validator"), v -> {}).start());
            MecServer node1 = mecNode(chain, record, mec1, new Requirements(4000, 4096, 4096), store.uri(), work, agents);
            MecServer node2 = mecNode(chain, record, mec2, SMALL_NODE, store.uri(), work, agents);
            out().println("  mec-1 serves UEs at " + node1.url() + " (" + new Requirements(4000, 4096, 4096) + "), mec-2 at " + node2.url()
                    + " (" + SMALL_NODE + ": only " + variants[0].label() + " fits)");

            section("providers publish encrypted packages of the " + (ids ? "Suricata IDS (SOL004 CSARs)" : "echo VNF"));
            Published lite = publish(chain, record, providerA, operator, store.uri(), variants[0], function);
            Published pro = publish(chain, record, providerB, operator, store.uri(), variants[1], function);
            for (Published p : List.of(lite, pro)) {
                if (!attested(chain, record, p)) failures++;
                op.accept(p.terms().packageDigest());
                out().printf(Locale.ROOT, "  %-17s by %s: package %s, ciphertext %s, %s wei/s, needs %s; accepted%n", p.label(), p.provider().name(),
                        Fmt.shortHex(p.terms().packageDigest()), p.cid(), p.terms().basePricePerSecond(), p.terms().requirements());
            }
            op.deposit(ESCROW_WEI);
            out().println("  operator escrow: " + Fmt.ether(ESCROW_WEI));

            section("UE sessions");
            ReputationModel model = ReputationModel.DEFAULT;
            boolean liteFailedOnMec1 = false;
            for (int i = 1; i <= sessions; i++) {
                MecServer node = i % 3 == 0 ? node2 : node1;
                String nodeName = node == node1 ? "mec-1" : "mec-2";
                JsonNode cold = ue(node.url(), "POST", "/services", "{\"function\":\"" + function + "\"}");
                BigInteger id = new BigInteger(cold.path("deploymentId").asText());
                Offers.Offer before = op.offer(op.deployment(id).offer);
                Published p = Arrays.equals(op.deployment(id).offer, lite.terms().packageDigest()) ? lite : pro;
                if (node == node1 && liteFailedOnMec1 && p == lite) {
                    failures++;
                    out().println("  the orchestrator granted " + lite.label() + " again although its reputation fell below " + pro.label() + "'s");
                }
                JsonNode t = cold.path("timings");
                out().printf(Locale.ROOT, "  session %d at %s: deployment %s granted %s (reputation %s); cold start %d ms = chain %d + transfer %d + decrypt/verify %d + start %d%n",
                        i, nodeName, id, p.label(), Fmt.reputation(before.reputation), t.path("totalMillis").asLong(), t.path("chainMillis").asLong(),
                        t.path("transferMillis").asLong(), t.path("decryptVerifyMillis").asLong(), t.path("startMillis").asLong());
                JsonNode warm = ue(node.url(), "POST", "/services", "{\"function\":\"" + function + "\"}");
                URI endpoint = URI.create(warm.path("endpoint").asText());
                out().printf(Locale.ROOT, "    second UE: warm (%s)%n", warm.path("coldStart").asBoolean() ? "cold?!" : "no chain step");
                if (ids) {
                    inspect(endpoint, i);
                } else {
                    JsonNode answer = JSON.readTree(HTTP.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
                    out().println("    the VNF answers " + answer);
                    Thread.sleep(SESSION_HOLD.toMillis());
                }
                JsonNode gone = ue(node.url(), "DELETE", "/services/" + function, null);
                long usage = gone.path("usageSeconds").asLong();
                long[] errors = JSON.convertValue(gone.path("errorCounts"), long[].class);
                Offers.Offer after = op.offer(p.terms().packageDigest());
                var expected = model.session(before.reputation, errors, p.terms().basePricePerSecond(), usage);
                boolean agrees = expected.reputation().equals(after.reputation);
                if (!agrees || Market.status(op.deployment(id)) != DeploymentStatus.SETTLED) failures++;
                if (p == lite && after.reputation.compareTo(op.offer(pro.terms().packageDigest()).reputation) < 0) liteFailedOnMec1 = true;
                out().printf(Locale.ROOT, "    uninstalled after %d s, errors %s: reputation %s -> %s (%s), paid %s%n", usage,
                        Fmt.errorCounts(errors), Fmt.reputation(before.reputation), Fmt.reputation(after.reputation),
                        agrees ? "Java reference agrees" : "DISAGREES: " + expected.reputation(), Fmt.gwei(expected.amount()));
            }

            section("payments");
            for (Actor p : List.of(providerA, providerB)) {
                Market m = new Market(chain, record, p.account());
                BigInteger earned = m.balanceOf(p.address());
                if (earned.signum() > 0) m.withdraw();
                out().println("  " + p.name() + " earned and withdrew " + Fmt.gwei(earned));
            }
            BigInteger held = chain.balance(record.address("Settlement"));
            BigInteger accounted = op.escrow().add(op.owed());
            out().println("  escrow left " + Fmt.ether(op.escrow()) + "; settlement contract holds " + Fmt.ether(held)
                    + (held.equals(accounted) ? " = escrow + owed (value conserved)" : " != escrow + owed " + accounted));
            if (!held.equals(accounted)) failures++;

            failures += licences(chain, record, lite, customer, outsider);
            failures += provenance(chain, record, lite);

            section("reputation over sessions (B-VNF Fig. 4), from chain events alone");
            ReputationHistory history = ReputationHistory.read(chain, record);
            for (String ext : List.of("svg", "png")) {
                Path plot = demoDir.resolve("reputation." + ext);
                ReputationChart.write(history, plot);
                out().println("  wrote " + plot);
            }

            section("summary");
            out().println("  reputation: " + lite.label() + " " + Fmt.reputation(op.offer(lite.terms().packageDigest()).reputation)
                    + ", " + pro.label() + " " + Fmt.reputation(op.offer(pro.terms().packageDigest()).reputation));
            out().println("  inspect the chain: vnfx --data-dir " + dataDir() + "/demo status");
            out().println("  plot it again:     vnfx --data-dir " + dataDir() + "/demo reputation plot --out reputation.png");
            out().println(failures == 0 ? "demo OK" : "demo FAILED: " + failures + " check(s) did not hold");
            if (portal) {
                serve(fg, chain, record, operator, store.uri(), work, List.of(new Seat(operator, Role.OPERATOR, null), new Seat(providerA, Role.PROVIDER, null),
                        new Seat(providerB, Role.PROVIDER, null), new Seat(mec1, Role.MEC, node1.url()), new Seat(mec2, Role.MEC, node2.url()),
                        new Seat(validator, Role.VALIDATOR, null), new Seat(customer, Role.CUSTOMER, null)));
            }
            return failures == 0 ? 0 : Vnfx.EXIT_CHAIN;
        } finally {
            for (int i = agents.size() - 1; i >= 0; i--) agents.get(i).close();
        }
    }

    /** One actor's portal: its key signs what its pages do; {@code mecAgent} is a MEC node's own agent, else null. */
    record Seat(Actor actor, Role role, URI mecAgent) {}

    /**
     * The interactive mode: the market stays up (chain, store, agents) and each actor gets its own dPortal, as
     * `vnfx portal serve --key` would serve it, on loopback. The catalogue is an embedded PostgreSQL in the run's folder
     * (a new chain each run), filled from the demo's chain and kept following it, so that what is published from a
     * portal shows too. Returns when a line is read on stdin (Enter) or a signal arrives; everything is closed here.
     */
    private void serve(Foreground fg, Chain chain, DeploymentRecord record, Actor operator, URI store, Path work, List<Seat> seats) throws Exception {
        section("dPortal for each actor");
        try (PostgresCatalogue catalogue = PostgresCatalogue.openEmbedded(work.resolve("catalogue").resolve("pg"));
                ChainIndexer indexer = new ChainIndexer(chain, record, new KuboArtifactStore(store), operator.encryption(), catalogue,
                        VerifierOptions.DEFAULT, work.resolve("catalogue").resolve("scratch"))) {
            int events = indexer.catchUp();
            indexer.start(Duration.ofSeconds(1), e -> err().println("catalogue indexer: " + e));
            out().println("  catalogue: " + catalogue.describe() + ", " + events + " chain events indexed, following the chain");
            List<AutoCloseable> open = new ArrayList<>();
            try {
                for (int i = 0; i < seats.size(); i++) {
                    Seat seat = seats.get(i);
                    Path dir = work.resolve("portal").resolve(seat.actor().name());
                    MarketOnboarding onboarding = new MarketOnboarding(new Market(chain, record, seat.actor().account()), record.operator(),
                            new KuboArtifactStore(store), new CsarVerifier());
                    WebGui web = new WebGui(catalogue, LicenceTerms.of(new Licensing(chain, record, ChainSession.nobody())), new SuiteOnChain(chain, record),
                            new org.vnfx.portal.web.Actor(chain, record, seat.actor().account()), onboarding, dir.resolve("uploads"), PORTAL_MAX_UPLOAD);
                    if (seat.mecAgent() != null) web.withMecAgent(seat.mecAgent());
                    OAuth oauth = new OAuth(new ClientRegistry(dir.resolve("clients.json")), new Tokens(Clock.systemUTC()));
                    FileVnfPackages packages = new FileVnfPackages(dir.resolve("vnf_packages"), onboarding);
                    open.add(packages);
                    PortalServer server = new PortalServer(new InetSocketAddress("127.0.0.1", portalPort == 0 ? 0 : portalPort + i),
                            PortalServer.dportal(oauth, new VnfPkgmApi(packages, oauth, PORTAL_MAX_UPLOAD), web),
                            org.vnfx.store.http.RequestLimits.withMaxBody(PORTAL_MAX_UPLOAD));
                    open.add(server);
                    String page = seat.role() == Role.MEC ? "  its page /mec, its agent " + seat.mecAgent()
                            : seat.role() == Role.PROVIDER ? "  its page /provider" : "";
                    out().printf(Locale.ROOT, "  %-10s %-9s %s/%s%n", seat.actor().name(), seat.role().label(), server.url(), page);
                }
                out().println("Enter, Ctrl-C or SIGTERM to stop");
                out().flush();
                Thread enter = new Thread(() -> {
                    try {
                        // A line ends the mode; end of input does not (a demo started with stdin closed runs until a signal).
                        if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() != null) fg.stop();
                    } catch (IOException e) {
                        // no console: a signal stops it
                    }
                }, "vnfx-demo-enter");
                enter.setDaemon(true);
                enter.start();
                fg.await();
                out().println("stopping the portals, the agents and the chain");
                out().flush();
            } finally {
                for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
            }
        }
    }

    /** Waits for the validator's verdict on a published package (the orchestrator shared its key on the advertisement). */
    private boolean attested(Chain chain, DeploymentRecord record, Published p) throws Exception {
        Attestation reader = new Attestation(chain, record, ChainSession.nobody());
        long deadline = System.nanoTime() + ATTESTATION_WAIT.toNanos();
        Attestation.Tally t = reader.tally(p.terms().packageDigest());
        while (!t.listed() && t.fails() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            t = reader.tally(p.terms().packageDigest());
        }
        out().println("  " + p.label() + ": validator verdict " + t);
        return t.listed();
    }

    /**
     * Licences under a usage policy on one package: the provider allows instantiation and redistribution for one
     * customer only, offers a trial and a private licence; the customer's trial, a refused second instance, an
     * outsider's refused purchase, a private licence bought, used and paid out to the provider.
     */
    private int licences(Chain chain, DeploymentRecord record, Published p, Actor customer, Actor outsider) throws Exception {
        section("licences under a usage policy (" + p.label() + ")");
        byte[] d = p.terms().packageDigest();
        int failures = 0;
        UsagePolicy policy = new UsagePolicy(EnumSet.of(Action.INSTANTIATE, Action.REDISTRIBUTE),
                List.of(customer.address().toLowerCase(Locale.ROOT)), List.of(), 4, null);
        new UsagePolicies(chain, record, p.provider().account()).attach(d, policy);
        out().println("  " + p.provider().name() + " attaches a usage policy:");
        for (String line : policy.inWords()) out().println("    " + line);
        Licensing seller = new Licensing(chain, record, p.provider().account());
        seller.setTerms(d, new Licensing.Terms(false, TRIAL_SECONDS, 1, LICENCE_PRICE_WEI, 2));
        out().println("  licence terms: a " + TRIAL_SECONDS + " s trial with 1 instance, or a private licence at " + Fmt.ether(LICENCE_PRICE_WEI)
                + " with 2 instances");
        Licensing buyer = new Licensing(chain, record, customer.account());
        Licensing.Instance trial = Licensing.instanceOf(buyer.instantiate(d));
        out().println("  customer starts a network service: " + trial.kind().name().toLowerCase(Locale.ROOT) + " licence activated, instance "
                + trial.sequence());
        failures += refused("customer starts a second one", () -> buyer.instantiate(d), "SlotsFull");
        buyer.terminate(trial.id());
        Licensing stranger = new Licensing(chain, record, outsider.account());
        failures += refused("outsider buys a licence", () -> stranger.buy(d), "CustomerNotAllowed");
        buyer.buy(d);
        Licensing.Instance bought = Licensing.instanceOf(buyer.instantiate(d));
        buyer.terminate(bought.id());
        out().println("  customer buys the private licence for " + Fmt.ether(LICENCE_PRICE_WEI) + " and runs instance " + bought.sequence()
                + " under it (" + bought.kind().name().toLowerCase(Locale.ROOT) + "), then ends it");
        if (bought.kind() != Licensing.Kind.PRIVATE) failures++;
        BigInteger earned = seller.earnings(p.provider().address());
        seller.withdraw();
        BigInteger held = chain.balance(record.address("Licences"));
        out().println("  " + p.provider().name() + " withdraws " + Fmt.ether(earned) + " of licence sales; Licences holds " + Fmt.ether(held)
                + (held.signum() == 0 ? " = what providers are still owed (value conserved)" : " but owes nothing"));
        if (!earned.equals(LICENCE_PRICE_WEI) || held.signum() != 0) failures++;
        return failures;
    }

    /** The call must be refused with {@code error}; prints the decoded reason. Returns 1 when it was not. */
    private int refused(String what, Callable<?> call, String error) throws Exception {
        try {
            call.call();
            out().println("  " + what + ": NOT refused");
            return 1;
        } catch (ContractRevertException e) {
            StringBuilder args = new StringBuilder();
            e.arguments().forEach((name, value) -> {
                if (!name.equals("packageDigest")) args.append(args.isEmpty() ? "" : ", ").append(name).append('=').append(value);
            });
            out().println("  " + what + ": refused, " + e.error() + "(" + args + ")");
            return e.error().equals(error) ? 0 : 1;
        }
    }

    /** What `vnfx verify` reads from the chain alone, in brief. */
    private int provenance(Chain chain, DeploymentRecord record, Published p) throws Exception {
        String digest = "0x" + HexFormat.of().formatHex(p.terms().packageDigest());
        section("provenance of " + p.label() + ", from the chain alone");
        Provenance trail = Provenance.of(new Trail(chain, record), digest);
        if (!trail.known()) {
            out().println("  the chain does not know " + digest);
            return 1;
        }
        String publisher = String.valueOf(trail.published().arg("provider"));
        out().println("  published by " + publisher + " in block " + trail.published().block() + "; "
                + trail.events("Attestations", "Attested").size() + " attestation(s), "
                + trail.events("Offers", "OfferStatusChanged").size() + " operator decision(s), "
                + trail.events("Licences", "LicenceAcquired").size() + " licence(s) sold, "
                + trail.deployments().size() + " deployment(s), "
                + trail.events("Offers", "ReputationUpdated").size() + " reputation update(s), " + trail.events().size() + " events in all");
        out().println("  the whole timeline: vnfx --data-dir " + dataDir().resolve("demo") + " verify " + digest);
        return publisher.equalsIgnoreCase(p.provider().address()) ? 0 : 1;
    }

    private boolean suricataInstalled() {
        try {
            SuricataInstallation.find(SuricataRuntime.Options.DEFAULT.executable(), "7.0");
            return true;
        } catch (RuntimeUnavailableException e) {
            out().println("Suricata is not available, so the demo runs the echo VNF instead. " + e.getMessage());
            return false;
        }
    }

    /** The IDS exemplar and its degraded lite variant from a second provider, built from examples/ as the build does. */
    static Variant[] idsVariants(Path work) throws Exception {
        Path examples = home().resolve("examples");
        Path ids = examples.resolve("suricata-ids/package");
        Path lite = examples.resolve("suricata-ids-lite/package");
        return new Variant[] {
            new Variant("suricata-ids-lite", CsarBuilder.build(List.of(ids, lite), work.resolve("suricata-ids-lite.csar")).file(),
                    needs(lite.resolve(CsarBuilder.VNFD)), 1_000_000_000L),
            new Variant("suricata-ids", CsarBuilder.build(List.of(ids), work.resolve("suricata-ids.csar")).file(),
                    needs(ids.resolve(CsarBuilder.VNFD)), 1_500_000_000L)};
    }

    /** What an offer needs, from the VNFD's virtual compute and storage. */
    static Requirements needs(Path vnfd) throws Exception {
        ResourceNeeds n = DescriptorReader.read(vnfd).needs();
        return new Requirements(n.vcpuMillis(), n.memoryMiB(), n.diskMiB());
    }

    /** The echo VNF twice: echo-lite reports errors of its own (faults.json), echo-pro none. */
    static Variant[] echoVariants(Path work) throws Exception {
        return new Variant[] {
            new Variant("echo-lite", echoPackage("echo-lite", "{\"errorCounts\":[600,40,0,2,0,0,0,0]}", work), new Requirements(1000, 256, 64),
                    1_000_000_000L),
            new Variant("echo-pro", echoPackage("echo-pro", null, work), new Requirements(1500, 256, 64), 1_500_000_000L)};
    }

    static Path echoPackage(String label, String faults, Path work) throws Exception {
        Path folder = work.resolve("packages").resolve(label);
        Folders.copy(home().resolve("examples/echo-vnf"), folder);
        Files.writeString(folder.resolve("variant.txt"), label + "\n");
        if (faults != null) Files.writeString(folder.resolve("faults.json"), faults);
        // A SOL004 CSAR (TOSCA.meta, manifest, VNFD) like the IDS packages, so that the validator can pass it.
        return CsarBuilder.build(List.of(folder), work.resolve(label + ".csar")).file();
    }

    /** A UE's session with the IDS: it posts a capture with two marked datagrams, then reads the IDS's own account of it. */
    private void inspect(URI ids, int session) throws Exception {
        int[] ue = {10, 20, 0, session}, server = {10, 0, 0, 2};
        byte[] capture = new Pcap(1_800_000_000L + session)
                .udp(ue, 40000, server, 5353, "hello VNFX-PROBE".getBytes(StandardCharsets.US_ASCII))
                .udp(ue, 40001, server, 8080, "EXFIL of the quarterly report".getBytes(StandardCharsets.US_ASCII))
                .udp(ue, 40002, server, 8080, "an ordinary request".getBytes(StandardCharsets.US_ASCII))
                .bytes();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(ids.resolve("/captures")).header("Content-Type", "application/vnd.tcpdump.pcap")
                .POST(HttpRequest.BodyPublishers.ofByteArray(capture)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) throw new IllegalStateException("the IDS refused the UE's capture: " + r.statusCode() + " " + r.body());
        long deadline = System.nanoTime() + IDS_WAIT.toNanos();
        JsonNode st;
        do {
            Thread.sleep(200);
            st = JSON.readTree(HTTP.send(HttpRequest.newBuilder(ids).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        } while (st.path("pendingCaptures").asLong() > 0 && System.nanoTime() < deadline);
        Thread.sleep(SESSION_HOLD.toMillis()); // the UE's session; Suricata's counters catch up meanwhile (stats every second)
        st = JSON.readTree(HTTP.send(HttpRequest.newBuilder(ids).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        StringBuilder by = new StringBuilder();
        for (JsonNode a : st.path("alerts").path("bySignature")) by.append(by.isEmpty() ? "" : ", ").append(a.path("sid").asLong()).append(" x").append(a.path("count").asLong());
        out().printf(Locale.ROOT, "    %s inspected the package's sample capture and the UE's: %d flows, %d alerts (%s)%n", st.path("engine").asText(),
                st.path("flows").asLong(), st.path("alerts").path("total").asLong(), by);
    }

    static Published publish(Chain chain, DeploymentRecord record, Actor provider, Actor operator, URI store, Variant v, String function)
            throws Exception {
        byte[] key = PackageCipher.newKey();
        PackagePublisher.Published p = PackagePublisher.publish(new Market(chain, record, provider.account()), new KuboArtifactStore(store),
                operator.encryptionKey(), v.csar(), function, v.needs(), BigInteger.valueOf(v.weiPerSecond()), key);
        Arrays.fill(key, (byte) 0);
        return new Published(v.label(), provider, p.terms(), p.cid());
    }

    static MecServer mecNode(Chain chain, DeploymentRecord record, Actor mec, Requirements capacity, URI store, Path work,
            List<AutoCloseable> agents) throws Exception {
        MecAgent agent = new MecAgent(chain, record, mec.account(), mec.encryption(), new KuboArtifactStore(store), Runtimes.standard(),
                new MecAgent.Config(capacity, Duration.ofMinutes(10), Duration.ofSeconds(60), work.resolve(mec.name())));
        agents.add(agent);
        agent.start();
        MecServer server = new MecServer(agent, new InetSocketAddress("127.0.0.1", 0));
        agents.add(server);
        return server;
    }

    /** One UE call to a MEC agent; anything but 200 is an error carrying the agent's problem details. */
    static JsonNode ue(URI mec, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(mec.resolve(path)).timeout(Duration.ofSeconds(120));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " at " + mec + ": " + r.statusCode() + " " + n.path("title").asText()
                    + ": " + n.path("detail").asText());
        }
        return n;
    }

    static Path home() {
        for (String h : new String[] {System.getProperty("vnfx.home"), System.getenv("VNFX_HOME")}) {
            if (h != null && Files.exists(Path.of(h, "examples/echo-vnf"))) return Path.of(h);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("examples/echo-vnf"))) return p;
        }
        throw new IllegalStateException("examples/echo-vnf not found: run the demo from the vnfx repository (./vnfx demo)");
    }

    private void section(String title) {
        out().println();
        out().println(title);
        out().flush();
    }

    static Actor actor(String name) throws Exception {
        return new Actor(name, Credentials.create(Keys.createEcKeyPair()), Keys.createEcKeyPair());
    }
}
