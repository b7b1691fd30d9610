package org.vnfx.cli;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vnfx.contracts.Offers;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.PublicKeys;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.OfferRanking;
import org.vnfx.ledger.economics.ReputationModel;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The marketplace end to end, in this process: an operator, two providers competing with offers for the
 * same function, two MEC nodes, several sessions whose feedback moves the offers' reputations apart, and
 * the providers paid. Every step is a real transaction on the embedded chain; the agents that will take
 * these steps on their own come later, the ranking they will use is already {@link OfferRanking}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole marketplace end to end with throwaway actors (on the embedded chain of DATA_DIR/demo).",
                "Deploys, registers and approves, publishes two competing offers for \"ids\", escrow, resources, several sessions",
                "(request, rank and grant, instantiate, run, uninstall with feedback) and shows reputations, payments, withdrawals."})
final class DemoCommand extends VnfxCommand {
    static final String FUNCTION = "ids";
    static final int ENVELOPE_BYTES = org.vnfx.ledger.bench.GasReport.ENVELOPE_BYTES;
    static final BigInteger ESCROW_WEI = BigInteger.TEN.pow(16); // 0.01 ETH

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "5", description = "how many VNF sessions to run (default: ${DEFAULT-VALUE})")
    int sessions;

    private final SecureRandom random = new SecureRandom();
    private final ReputationModel model = ReputationModel.DEFAULT;
    private long totalGas;

    record Actor(String name, Credentials account, ECKeyPair encryption) {
        String address() {
            return account.getAddress();
        }

        CompressedKey encryptionKey() {
            return PublicKeys.compressed(encryption);
        }
    }

    /** One offer in the demo: its terms and how the VNF behaves at the MEC nodes (error counts per session). */
    record DemoOffer(String label, Actor provider, OfferTerms terms, long[] errorsPerSession) {}

    record Mec(Actor actor, Requirements resources) {}

    @Override
    int run() throws Exception {
        if (sessions < 1 || sessions > 50) throw new IllegalArgumentException("--sessions must be in 1..50");
        Path demoDir = dataDir().resolve("demo");
        try (ChainSession s = ChainSession.open(demoDir, root().rpcUrl(), root().blockTimeSeconds())) {
            if (!s.embedded()) {
                throw new IllegalStateException("the demo funds throwaway accounts from the dev faucet and moves the chain clock: "
                        + "it needs the embedded node (run it without --rpc-url)");
            }
            Chain chain = s.chain();
            out().println("vnfx demo on " + s.describe());
            out().println("data folder " + demoDir);

            Actor operator = actor("operator");
            Actor providerA = actor("provider-a");
            Actor providerB = actor("provider-b");
            Mec mec1 = new Mec(actor("mec-1"), new Requirements(4000, 8192, 20_000));
            Mec mec2 = new Mec(actor("mec-2"), new Requirements(1200, 1024, 500));
            List<Actor> everyone = List.of(operator, providerA, providerB, mec1.actor(), mec2.actor());

            section("actors (throwaway keys, funded from the dev faucet)");
            for (Actor a : everyone) {
                chain.fundFromDevFaucet(a.address(), BigInteger.valueOf(10));
                out().printf(Locale.ROOT, "  %-11s %s%n", a.name(), a.address());
            }

            section("deploy the contract suite");
            DeploymentRecord record = SuiteDeployer.deploy(chain, operator.account(), operator.encryptionKey());
            record.write(DeploymentRecord.file(demoDir, chain.chainId()));
            for (String c : SuiteDeployer.CONTRACTS) {
                long g = record.deploymentGas().get(c);
                totalGas += g;
                out().printf(Locale.ROOT, "  %-14s %s %12s gas%n", c, record.address(c), Fmt.gas(g));
            }
            out().println("  deployed at block " + record.blockNumber() + " (contract creation: " + Fmt.gas(record.totalDeploymentGas()) + " gas)");

            Market op = new Market(chain, record, operator.account());
            Map<String, Market> markets = new LinkedHashMap<>();
            for (Actor a : everyone) markets.put(a.name(), a == operator ? op : new Market(chain, record, a.account()));

            section("identities: register, then the operator approves");
            register(markets, providerA, Role.PROVIDER, op);
            register(markets, providerB, Role.PROVIDER, op);
            register(markets, mec1.actor(), Role.MEC, op);
            register(markets, mec2.actor(), Role.MEC, op);

            section("offers: two providers compete for \"" + FUNCTION + "\"");
            DemoOffer lite = new DemoOffer("ids-lite", providerA,
                    terms(new Requirements(1000, 512, 200), BigInteger.valueOf(1_000_000_000L)), new long[] {300, 20, 0, 1, 1, 0, 0, 0});
            DemoOffer pro = new DemoOffer("ids-pro", providerB,
                    terms(new Requirements(1500, 1024, 300), BigInteger.valueOf(1_500_000_000L)), new long[] {4, 0, 0, 0, 0, 0, 0, 0});
            List<DemoOffer> offers = List.of(lite, pro);
            for (DemoOffer o : offers) {
                Requirements r = o.terms().requirements();
                step(o.provider().name(), "advertise " + o.label() + " " + Fmt.shortHex(o.terms().packageDigest()),
                        markets.get(o.provider().name()).advertise(o.terms()),
                        Fmt.gwei(o.terms().basePricePerSecond()) + "/s, needs " + r.vcpuMillis() + " mCPU " + r.memoryMiB() + " MiB " + r.diskMiB() + " MiB disk");
                step("operator", "accept " + o.label(), op.accept(o.terms().packageDigest()), "accepted");
            }

            section("escrow and resources");
            step("operator", "deposit escrow", op.deposit(ESCROW_WEI), Fmt.ether(ESCROW_WEI));
            for (Mec m : List.of(mec1, mec2)) {
                Requirements r = m.resources();
                step(m.actor().name(), "publishResources", markets.get(m.actor().name()).publishResources(r),
                        r.vcpuMillis() + " mCPU, " + r.memoryMiB() + " MiB, " + r.diskMiB() + " MiB disk free");
            }

            Map<String, List<BigInteger>> reputations = new LinkedHashMap<>();
            for (DemoOffer o : offers) reputations.put(o.label(), new ArrayList<>(List.of(op.offer(o.terms().packageDigest()).reputation)));
            Map<String, BigInteger> earned = new LinkedHashMap<>();
            List<String> picks = new ArrayList<>();
            long[] usage = {120, 90, 150, 60, 180, 75, 100};
            for (int i = 0; i < sessions; i++) {
                Mec mec = i % 2 == 0 ? mec1 : mec2;
                DemoOffer chosen = session(chain, op, markets.get(mec.actor().name()), mec, offers, usage[i % usage.length], earned);
                picks.add(chosen.label());
                for (DemoOffer o : offers) reputations.get(o.label()).add(op.offer(o.terms().packageDigest()).reputation);
            }

            section("reputation per offer over the sessions (R = 0.3 R_i + 0.7 R_prev; prior 0.5)");
            Fmt.Table rep = new Fmt.Table("AFTER", "GRANTED", "ids-lite", "ids-pro");
            for (int i = 0; i <= sessions; i++) {
                rep.row(i == 0 ? "start" : "session " + i, i == 0 ? "" : picks.get(i - 1),
                        Fmt.reputation(reputations.get("ids-lite").get(i)), Fmt.reputation(reputations.get("ids-pro").get(i)));
            }
            rep.print(out(), "  ");

            section("payments");
            out().println("  escrow left " + Fmt.ether(op.escrow()) + ", owed to providers " + Fmt.ether(op.owed()));
            for (Actor p : List.of(providerA, providerB)) {
                BigInteger owed = op.balanceOf(p.address());
                BigInteger expected = earned.getOrDefault(p.name(), BigInteger.ZERO);
                if (!owed.equals(expected)) {
                    throw new IllegalStateException(p.name() + " is owed " + owed + " wei on chain, the sessions add up to " + expected + " wei");
                }
                if (owed.signum() == 0) {
                    out().printf(Locale.ROOT, "  %-11s earned nothing (never granted)%n", p.name());
                    continue;
                }
                BigInteger before = chain.balance(p.address());
                TransactionReceipt r = markets.get(p.name()).withdraw();
                BigInteger fee = r.getGasUsed().multiply(quantity(r.getEffectiveGasPrice()));
                BigInteger after = chain.balance(p.address());
                if (!after.equals(before.add(owed).subtract(fee))) {
                    throw new IllegalStateException(p.name() + ": wallet went from " + before + " to " + after + " wei, expected +" + owed + " -" + fee + " fee");
                }
                step(p.name(), "withdraw", r, Fmt.gwei(owed) + " earned, wallet now " + Fmt.ether(after));
            }
            if (op.owed().signum() != 0) throw new IllegalStateException("providers are still owed " + op.owed() + " wei after withdrawing");

            section("summary");
            out().println("  " + sessions + " sessions settled, reputations: ids-lite " + Fmt.reputation(last(reputations.get("ids-lite")))
                    + ", ids-pro " + Fmt.reputation(last(reputations.get("ids-pro"))));
            out().println("  gas used by the transactions above: " + Fmt.gas(totalGas));
            out().println("  inspect the chain: vnfx --data-dir " + demoDir + " status");
            out().println("demo OK");
            return 0;
        }
    }

    /** One VNF session: request, rank and grant, instantiate, run, uninstall with feedback. */
    private DemoOffer session(Chain chain, Market op, Market mecMarket, Mec mec, List<DemoOffer> offers, long seconds,
            Map<String, BigInteger> earned) throws Exception {
        TransactionReceipt requested = mecMarket.request(FUNCTION);
        BigInteger id = Market.requestedId(requested);
        section("deployment #" + id + ": " + mec.actor().name() + " needs \"" + FUNCTION + "\"");
        long sessionGas = step(mec.actor().name(), "request", requested, status(op, id));

        // The orchestrator's choice: eligible offers that fit the MEC's free resources, best first.
        Requirements free = op.freeResources(mec.actor().address());
        Map<String, DemoOffer> byDigest = new LinkedHashMap<>();
        List<OfferRanking.Candidate> candidates = new ArrayList<>();
        for (DemoOffer o : offers) {
            Offers.Offer on = op.offer(o.terms().packageDigest());
            if (!OfferRanking.eligible(on, FUNCTION)) continue;
            candidates.add(OfferRanking.Candidate.of(o.terms().packageDigest(), on));
            byDigest.put(Fmt.hex(o.terms().packageDigest()), o);
        }
        StringBuilder ranking = new StringBuilder("  ranking:");
        int place = 1;
        for (OfferRanking.Candidate c : OfferRanking.rank(candidates)) {
            ranking.append(String.format(Locale.ROOT, " %d. %s (rep %s, %s/s%s)", place++, byDigest.get(Fmt.hex(c.packageDigest())).label(),
                    Fmt.reputation(c.reputation()), Fmt.gwei(c.basePricePerSecond()), c.requirements().fitsIn(free) ? "" : ", does not fit"));
        }
        out().println(ranking);
        Optional<OfferRanking.Candidate> best = OfferRanking.best(candidates, free);
        if (best.isEmpty()) throw new IllegalStateException("no offer fits " + mec.actor().name() + "'s free resources " + free);
        DemoOffer chosen = byDigest.get(Fmt.hex(best.get().packageDigest()));
        BigInteger previous = best.get().reputation();

        byte[] envelope = new byte[ENVELOPE_BYTES];
        random.nextBytes(envelope);
        sessionGas += step("operator", "grant " + chosen.label() + " (" + ENVELOPE_BYTES + "-byte key envelope)",
                op.grant(id, chosen.terms().packageDigest(), envelope), status(op, id));
        byte[] report = new byte[32];
        random.nextBytes(report);
        sessionGas += step(mec.actor().name(), "reportInstantiation", mecMarket.reportInstantiation(id, true, report), status(op, id));

        chain.rpc("evm_increaseTime", seconds);
        chain.rpc("evm_mine");
        out().printf(Locale.ROOT, "  %-11s %s%n", "", "... runs for " + seconds + " s ...");

        long[] errors = chosen.errorsPerSession();
        ReputationModel.Session expected = model.session(previous, errors, chosen.terms().basePricePerSecond(), seconds);
        TransactionReceipt un = mecMarket.reportUninstall(id, seconds, errors);
        sessionGas += step(mec.actor().name(), "reportUninstall " + errorsText(errors), un, status(op, id));

        BigInteger now = op.offer(chosen.terms().packageDigest()).reputation;
        if (!now.equals(expected.reputation())) {
            throw new IllegalStateException("reputation of " + chosen.label() + " is " + now + " on chain, the reference model says " + expected.reputation());
        }
        if (Market.status(op.deployment(id)) != DeploymentStatus.SETTLED) {
            throw new IllegalStateException("deployment #" + id + " is " + Market.status(op.deployment(id)) + ", expected SETTLED");
        }
        earned.merge(chosen.provider().name(), expected.amount(), BigInteger::add);
        out().println("  " + chosen.label() + ": R_i " + Fmt.reputation(expected.instantaneous()) + ", reputation " + Fmt.reputation(previous)
                + " -> " + Fmt.reputation(now) + "; " + chosen.provider().name() + " earns " + Fmt.gwei(expected.amount())
                + " (R x B x t = " + Fmt.reputation(now) + " x " + Fmt.gwei(chosen.terms().basePricePerSecond()) + "/s x " + seconds + " s)");
        out().println("  session gas " + Fmt.gas(sessionGas));
        return chosen;
    }

    private void register(Map<String, Market> markets, Actor a, Role role, Market op) throws Exception {
        step(a.name(), "register as " + role.label(), markets.get(a.name()).register(role, a.encryptionKey()), "pending");
        step("operator", "approve " + a.name(), op.approve(a.address()), "approved");
    }

    private static String status(Market op, BigInteger id) throws Exception {
        return Market.status(op.deployment(id)).name().toLowerCase(Locale.ROOT);
    }

    private static String errorsText(long[] errors) {
        StringBuilder sb = new StringBuilder("errors [");
        for (int i = 0; i < errors.length; i++) sb.append(i == 0 ? "" : " ").append(errors[i]);
        return sb.append(']').toString();
    }

    /** Prints one transaction: who, what, gas, and the state it led to. Returns its gas. */
    private long step(String who, String what, TransactionReceipt r, String after) {
        if (!r.isStatusOK()) throw new IllegalStateException(who + " " + what + ": transaction " + r.getTransactionHash() + " failed");
        long gas = r.getGasUsed().longValueExact();
        totalGas += gas;
        out().printf(Locale.ROOT, "  %-11s %-44s %9s gas  %s%n", who, what, Fmt.gas(gas), after);
        out().flush();
        return gas;
    }

    private void section(String title) {
        out().println();
        out().println(title);
    }

    private Actor actor(String name) throws Exception {
        return new Actor(name, Credentials.create(Keys.createEcKeyPair()), Keys.createEcKeyPair());
    }

    private OfferTerms terms(Requirements needs, BigInteger weiPerSecond) {
        byte[] packageDigest = new byte[32];
        byte[] contentDigest = new byte[32];
        random.nextBytes(packageDigest);
        random.nextBytes(contentDigest);
        byte[] operatorEnvelope = new byte[ENVELOPE_BYTES]; // replaced by a real ECIES envelope when the demo runs real agents
        random.nextBytes(operatorEnvelope);
        return new OfferTerms(packageDigest, OfferTerms.CODEC_RAW, contentDigest, FUNCTION, needs, weiPerSecond, operatorEnvelope);
    }

    private static BigInteger last(List<BigInteger> values) {
        return values.get(values.size() - 1);
    }

    private static BigInteger quantity(String hexQuantity) {
        return org.web3j.utils.Numeric.decodeQuantity(hexQuantity);
    }
}
