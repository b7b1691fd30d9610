package org.vnfx.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.Refusal;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.vnfx.mec.runtime.Folders;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * `vnfx bench load --growth`: the gas and the latency (pre-flight, send, receipt, instant mining) of every
 * operation of the flow, measured on one chain at three market sizes: MEC nodes, accepted offers and
 * deployments grow between the stages. Nothing in the contracts loops over the market, so the gas must be
 * the same at every size; a growing figure would name an operation that scales with the market.
 */
final class LoadGrowth {
    /** MEC nodes, offers, deployments at each stage. */
    static final int[][] STAGES = {{1, 1, 10}, {10, 10, 100}, {50, 100, 1000}};
    static final long SESSION_SECONDS = 10;
    static final BigInteger LICENCE_PRICE_WEI = BigInteger.valueOf(1_000_000);

    private record Sample(long gas, long millis) {}

    private LoadGrowth() {}

    static void run(PrintWriter out, PrintWriter progress) throws Exception {
        Path work = Files.createTempDirectory("vnfx-bench-growth-");
        try (Chain chain = Chain.connect(AnvilNode.start(AnvilNode.Options.ephemeral(work, 0)))) {
            DemoCommand.Actor operator = DemoCommand.actor("operator");
            DemoCommand.Actor provider = DemoCommand.actor("provider");
            chain.fundFromDevFaucet(operator.address(), BigInteger.valueOf(100));
            chain.fundFromDevFaucet(provider.address(), BigInteger.TEN);
            DeploymentRecord record = SuiteDeployer.deploy(chain, operator.account(), operator.encryptionKey());
            Market op = new Market(chain, record, operator.account());
            Market prov = new Market(chain, record, provider.account());
            Licensing provLicences = new Licensing(chain, record, provider.account());
            prov.register(Role.PROVIDER, provider.encryptionKey());
            op.approve(provider.address());
            // The filler node holds the filler deployments (requested, then refused: a deployment record either way).
            DemoCommand.Actor filler = DemoCommand.actor("filler");
            chain.fundFromDevFaucet(filler.address(), BigInteger.TEN);
            Market fill = new Market(chain, record, filler.account());
            fill.register(Role.MEC, filler.encryptionKey());
            op.approve(filler.address());
            int nodes = 1;
            int offers = 0;
            // Offers first: a request names a function that some accepted offer provides.
            int deployments = 0;
            List<Map<String, Sample>> stages = new ArrayList<>();
            for (int[] stage : STAGES) {
                for (; nodes < stage[0]; nodes++) {
                    DemoCommand.Actor n = DemoCommand.actor("mec" + nodes);
                    chain.fundFromDevFaucet(n.address(), BigInteger.ONE);
                    Market m = new Market(chain, record, n.account());
                    m.register(Role.MEC, n.encryptionKey());
                    op.approve(n.address());
                    m.publishResources(LoadBench.NEEDS);
                }
                for (; offers < stage[1]; offers++) {
                    OfferTerms fillerOffer = LoadBench.offerTerms(operator, LoadBench.FUNCTION, LoadBench.NEEDS, LoadBench.OFFER_PRICE_WEI_PER_SECOND);
                    prov.advertise(fillerOffer);
                    op.accept(fillerOffer.packageDigest());
                }
                for (; deployments < stage[2]; deployments++) {
                    op.refuse(Market.requestedId(fill.request(LoadBench.FUNCTION)), Refusal.INSUFFICIENT_RESOURCES);
                }
                stages.add(measureStage(chain, record, op, prov, provLicences, operator));
                offers++;
                deployments += 2;
                progress.println("  growth: " + stage[0] + " MEC nodes, " + stage[1] + " offers, " + stage[2] + " deployments measured");
                progress.flush();
            }
            print(out, stages);
        } finally {
            Folders.delete(work);
        }
    }

    /** One of every operation on a market of the current size: a new MEC node, a new offer, two sessions, a licence. */
    private static Map<String, Sample> measureStage(Chain chain, DeploymentRecord record, Market op, Market prov, Licensing provLicences,
            DemoCommand.Actor operator) throws Exception {
        Map<String, Sample> s = new LinkedHashMap<>();
        DemoCommand.Actor mec = DemoCommand.actor("measured mec");
        DemoCommand.Actor customer = DemoCommand.actor("customer");
        chain.fundFromDevFaucet(mec.address(), BigInteger.ONE);
        chain.fundFromDevFaucet(customer.address(), BigInteger.ONE);
        Market node = new Market(chain, record, mec.account());
        node.register(Role.MEC, mec.encryptionKey());
        op.approve(mec.address());
        OfferTerms offer = LoadBench.offerTerms(operator, LoadBench.FUNCTION, LoadBench.NEEDS, LoadBench.OFFER_PRICE_WEI_PER_SECOND);
        time(s, "Offers.advertise", () -> prov.advertise(offer));
        time(s, "Offers.accept", () -> op.accept(offer.packageDigest()));
        time(s, "Orchestration.publishResources", () -> node.publishResources(new Requirements(4000, 4096, 4096)));

        // A session paid later: escrow is empty, so the uninstall defers the payment and settle pays it after a deposit.
        BigInteger deferred = Market.requestedId(time(s, "Orchestration.request", () -> node.request(LoadBench.FUNCTION)));
        time(s, "Orchestration.grant", () -> op.grant(deferred, offer.packageDigest(), offer.operatorKeyEnvelope()));
        time(s, "Orchestration.reportInstantiation", () -> node.reportInstantiation(deferred, true, new byte[32]));
        chain.rpc("evm_increaseTime", SESSION_SECONDS);
        time(s, "Orchestration.reportUninstall (deferred)", () -> node.reportUninstall(deferred, SESSION_SECONDS, new long[8]));
        op.deposit(BigInteger.TEN.pow(16));
        time(s, "Orchestration.settle", () -> op.settle(deferred));
        // A session paid at uninstall, and a refusal.
        BigInteger paid = Market.requestedId(node.request(LoadBench.FUNCTION));
        op.grant(paid, offer.packageDigest(), offer.operatorKeyEnvelope());
        node.reportInstantiation(paid, true, new byte[32]);
        chain.rpc("evm_increaseTime", SESSION_SECONDS);
        time(s, "Orchestration.reportUninstall (pays)", () -> node.reportUninstall(paid, SESSION_SECONDS, new long[8]));
        BigInteger refused = Market.requestedId(node.request(LoadBench.FUNCTION));
        time(s, "Orchestration.refuse", () -> op.refuse(refused, Refusal.INSUFFICIENT_RESOURCES));
        op.reclaim(op.escrow(), operator.address()); // the next stage's first session finds the escrow empty again

        new Market(chain, record, customer.account()).register(Role.CUSTOMER, customer.encryptionKey());
        provLicences.setTerms(offer.packageDigest(), new Licensing.Terms(false, 0, 0, LICENCE_PRICE_WEI, 2));
        Licensing buyer = new Licensing(chain, record, customer.account());
        time(s, "Licences.buy", () -> buyer.buy(offer.packageDigest()));
        time(s, "Licences.instantiate (private)", () -> buyer.instantiate(offer.packageDigest()));
        return s;
    }

    private interface Step {
        TransactionReceipt send() throws Exception;
    }

    private static TransactionReceipt time(Map<String, Sample> into, String name, Step step) throws Exception {
        long t0 = System.nanoTime();
        TransactionReceipt r = step.send();
        into.put(name, new Sample(r.getGasUsed().longValueExact(), (System.nanoTime() - t0) / 1_000_000));
        return r;
    }

    private static void print(PrintWriter out, List<Map<String, Sample>> stages) {
        out.println("growth: gas and latency (ms: pre-flight + send + receipt, instant mining, one sample) of each operation as the market grows");
        List<String> header = new ArrayList<>(List.of("OPERATION"));
        for (int[] st : STAGES) header.add("GAS " + st[0] + "/" + st[1] + "/" + st[2]);
        for (int[] st : STAGES) header.add("MS " + st[0] + "/" + st[1] + "/" + st[2]);
        header.add("GAS GROWTH");
        Fmt.Table t = new Fmt.Table(header.toArray(String[]::new));
        for (String op : stages.get(0).keySet()) {
            List<String> row = new ArrayList<>(List.of(op));
            for (Map<String, Sample> st : stages) row.add(Fmt.gas(st.get(op).gas()));
            for (Map<String, Sample> st : stages) row.add(Long.toString(st.get(op).millis()));
            long first = stages.get(0).get(op).gas();
            long last = stages.get(stages.size() - 1).get(op).gas();
            row.add(last == first ? "flat" : String.format(Locale.ROOT, "%+d", last - first));
            t.row(row.toArray(String[]::new));
        }
        t.print(out, "  ");
        out.println("  stages: MEC nodes / accepted offers / deployments on chain before the stage's operations");
        out.flush();
    }
}
