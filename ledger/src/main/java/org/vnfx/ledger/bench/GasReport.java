package org.vnfx.ledger.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vnfx.contracts.Orchestration;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.PublicKeys;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.economics.ReputationModel;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Measures what the contract suite costs in gas: its deployment, and every operation of one complete
 * VNF lifecycle (registration to withdrawal), with a second session whose payment is deferred for lack
 * of escrow and settled after a top-up. Always on a fresh chain, with fixed keys and fixed inputs, so
 * two runs of the same contracts give the same numbers.
 *
 * <p>The result is plain data; formatting (text table, Markdown) is the caller's.
 */
public final class GasReport {
    /** The B-VNF paper's deployment cost of its eight contracts (gas). */
    public static final List<Row> PAPER_DEPLOYMENT = List.of(
            new Row("User", 759_268),
            new Row("Network_Administrator", 2_452_110),
            new Row("MEC", 1_295_089),
            new Row("Third_Party", 1_167_335),
            new Row("Request", 969_177),
            new Row("Reputation", 607_243),
            new Row("Payment", 1_034_569),
            new Row("Certificate_Authority", 618_037));

    public static final long PAPER_DEPLOYMENT_TOTAL = 8_902_828;
    /** DESIGN.md targets. */
    public static final long TARGET_DEPLOYMENT = PAPER_DEPLOYMENT_TOTAL / 2;
    public static final long TARGET_SESSION = 300_000;
    public static final long TARGET_ADVERTISE = 160_000;
    /** BUNKER's buy_VNF is 72,080 gas; vnfx's buy includes slot accounting, the usage-policy check and the provider's pull-payment balance. */
    public static final long TARGET_BUY_LICENCE = 72_000;
    /** The licence terms of the bench package: a one-day trial with 2 slots, a private licence at 0.01 ether with 3 slots. */
    public static final Licensing.Terms LICENCE_TERMS = new Licensing.Terms(false, 86_400, 2, BigInteger.TEN.pow(16), 3);

    /** Size of vnfx's ECIES envelope of a 32-byte content key: version 1 + compressed ephemeral key 33 + nonce 12 + key 32 + tag 16. */
    public static final int ENVELOPE_BYTES = 94;
    /** Seconds the chain clock advances while a VNF runs, and the usage each MEC reports. */
    public static final long SESSION_SECONDS = 60;
    public static final BigInteger BASE_PRICE_WEI_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
    static final long[] FIRST_SESSION_ERRORS = {12, 1, 0, 0, 0, 0, 0, 0};
    static final long[] SECOND_SESSION_ERRORS = {40, 3, 1, 0, 0, 0, 0, 0};


    /** One measured (or quoted) gas figure. */
    public record Row(String name, long gas) {}

    /** A target of DESIGN.md: met when {@code measured < limit}. */
    public record Target(String name, long measured, long limit) {
        public boolean met() {
            return measured < limit;
        }
    }

    /**
     * @param deployment      every transaction of the suite deployment (contract creations)
     * @param operations      every transaction of the lifecycle, in the order sent
     * @param paidSession     request, grant, instantiation report, uninstall report that pays at once
     * @param deferredSession the same with a deferred payment, plus the settle that pays it (the rare path when
     *                        escrow runs short: reported, not a target)
     */
    public record Result(
            long chainId, String compiler, List<Row> deployment, List<Row> operations, List<Row> paidSession,
            List<Row> deferredSession, List<Target> targets) {
        public Result {
            deployment = List.copyOf(deployment);
            operations = List.copyOf(operations);
            paidSession = List.copyOf(paidSession);
            deferredSession = List.copyOf(deferredSession);
            targets = List.copyOf(targets);
        }

        public long deploymentTotal() {
            return sum(deployment);
        }

        public long paidSessionTotal() {
            return sum(paidSession);
        }

        public long deferredSessionTotal() {
            return sum(deferredSession);
        }

        /** vnfx deployment gas over the paper's. */
        public double deploymentRatio() {
            return (double) deploymentTotal() / PAPER_DEPLOYMENT_TOTAL;
        }

        public boolean allTargetsMet() {
            return targets.stream().allMatch(Target::met);
        }

        public long gasOf(String operation) {
            return operations.stream().filter(r -> r.name().equals(operation)).mapToLong(Row::gas).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no operation " + operation));
        }
    }

    public static long sum(List<Row> rows) {
        return rows.stream().mapToLong(Row::gas).sum();
    }

    private GasReport() {}

    /** Starts a fresh ephemeral anvil in a temporary folder, measures, stops it and deletes the folder. */
    public static Result measureOnFreshChain() throws Exception {
        Path scratch = Files.createTempDirectory("vnfx-bench-");
        try (Chain chain = Chain.connect(AnvilNode.start(AnvilNode.Options.ephemeral(scratch, 0)))) {
            return measure(chain);
        } finally {
            deleteTree(scratch);
        }
    }

    /**
     * Measures on a chain that has the development faucet and anvil's clock controls, and on which the
     * fixed bench accounts have never been used (a fresh embedded node).
     */
    public static Result measure(Chain chain) throws Exception {
        Actor operator = actor("operator");
        Actor provider = actor("provider");
        Actor mec = actor("mec");
        Actor validator = actor("validator");
        Actor customer = actor("customer");
        Actor firstCustomer = actor("first customer");
        Actor secondCustomer = actor("second customer");
        for (Actor a : List.of(operator, provider, mec, validator, customer, firstCustomer, secondCustomer)) {
            chain.fundFromDevFaucet(a.address(), BigInteger.valueOf(100));
        }

        long before = chain.blockNumber();
        DeploymentRecord record = SuiteDeployer.deploy(chain, operator.account, operator.encryptionKey());
        List<Row> deployment = deploymentTransactions(chain, record, operator.address(), before);

        Market op = new Market(chain, record, operator.account);
        Market prov = new Market(chain, record, provider.account);
        Market node = new Market(chain, record, mec.account);
        Market val = new Market(chain, record, validator.account);
        Map<String, Long> ops = new LinkedHashMap<>();
        Inputs in = new Inputs();

        ops.put("Identities.register (provider)", gas(prov.register(Role.PROVIDER, provider.encryptionKey())));
        ops.put("Identities.register (MEC)", gas(node.register(Role.MEC, mec.encryptionKey())));
        ops.put("Identities.approve (provider)", gas(op.approve(provider.address())));
        ops.put("Identities.approve (MEC)", gas(op.approve(mec.address())));
        Requirements needs = new Requirements(500, 256, 100);
        OfferTerms terms = new OfferTerms(in.digest(), OfferTerms.CODEC_RAW, in.digest(), "ids", needs, BASE_PRICE_WEI_PER_SECOND, in.envelope());
        ops.put("Offers.advertise", gas(prov.advertise(terms)));
        // A validator checks the package before the acceptance (threshold left at 0, the deployment's default:
        // Offers.accept pays for asking the gate, not for a listing).
        val.register(Role.VALIDATOR, validator.encryptionKey());
        op.approve(validator.address());
        Attestation opAttestation = new Attestation(chain, record, operator.account);
        Attestation valAttestation = new Attestation(chain, record, validator.account);
        ops.put("Attestations.shareKey", gas(opAttestation.shareKey(terms.packageDigest(), validator.address(), in.envelope())));
        ops.put("Attestations.attest", gas(valAttestation.attest(terms.packageDigest(), true, in.digest())));
        ops.put("Offers.accept", gas(op.accept(terms.packageDigest())));

        // Escrow for exactly the first session, so that the second one finds it empty and is deferred.
        ReputationModel model = ReputationModel.DEFAULT;
        var first = model.session(model.prior(), FIRST_SESSION_ERRORS, BASE_PRICE_WEI_PER_SECOND, SESSION_SECONDS);
        var second = model.session(first.reputation(), SECOND_SESSION_ERRORS, BASE_PRICE_WEI_PER_SECOND, SESSION_SECONDS);
        ops.put("Settlement.deposit (first)", gas(op.deposit(first.amount())));
        ops.put("Orchestration.publishResources", gas(node.publishResources(new Requirements(4000, 8192, 10_000))));

        SessionRun paidRun = session(chain, op, node, terms, in, FIRST_SESSION_ERRORS, true, "");
        List<Row> paid = paidRun.rows();
        paid.forEach(r -> ops.put(r.name(), r.gas()));

        SessionRun deferredRun = session(chain, op, node, terms, in, SECOND_SESSION_ERRORS, false, " (deferred)");
        List<Row> deferred = deferredRun.rows();
        deferred.forEach(r -> ops.put(r.name(), r.gas()));
        ops.put("Settlement.deposit (top-up)", gas(op.deposit(second.amount())));
        BigInteger deferredId = deferredRun.id();
        Row settle = new Row("Orchestration.settle", gas(op.settle(deferredId)));
        ops.put(settle.name(), settle.gas());
        if (Market.status(op.deployment(deferredId)) != Market.DeploymentStatus.SETTLED) {
            throw new IllegalStateException("deployment " + deferredId + " is not settled after settle()");
        }
        deferred = new ArrayList<>(deferred);
        deferred.add(settle);
        BigInteger owed = op.balanceOf(provider.address());
        if (!owed.equals(first.amount().add(second.amount()))) {
            throw new IllegalStateException("provider is owed " + owed + " wei, the reference model says " + first.amount().add(second.amount()));
        }
        ops.put("Settlement.withdraw", gas(prov.withdraw()));

        // Licences, after the withdrawal. What a purchase costs depends on which storage slots are still zero:
        // the first sale writes the provider's earnings slot from zero;
        // the usual sale (the target) writes one fresh slot, the buyer's licence; a buyer who ran a trial first
        // already has that slot.
        Licensing provLicences = new Licensing(chain, record, provider.account);
        Licensing trialist = customerLicensing(chain, record, customer, ops, "Identities.register (customer)");
        Licensing firstBuyer = customerLicensing(chain, record, firstCustomer, null, null);
        Licensing buyer = customerLicensing(chain, record, secondCustomer, null, null);
        ops.put("Licences.setTerms", gas(provLicences.setTerms(terms.packageDigest(), LICENCE_TERMS)));
        TransactionReceipt activation = trialist.instantiate(terms.packageDigest());
        ops.put("Licences.instantiate (trial activation)", gas(activation));
        ops.put("Licences.instantiate (trial)", gas(trialist.instantiate(terms.packageDigest())));
        ops.put("Licences.terminate (trial)", gas(trialist.terminate(Licensing.instanceOf(activation).id())));
        ops.put("Licences.buy (provider's first sale)", gas(firstBuyer.buy(terms.packageDigest(), LICENCE_TERMS.privatePrice())));
        ops.put("Licences.buy", gas(buyer.buy(terms.packageDigest(), LICENCE_TERMS.privatePrice())));
        ops.put("Licences.buy (after a trial)", gas(trialist.buy(terms.packageDigest(), LICENCE_TERMS.privatePrice())));
        TransactionReceipt privateInstance = buyer.instantiate(terms.packageDigest());
        ops.put("Licences.instantiate (private)", gas(privateInstance));
        ops.put("Licences.terminate (private)", gas(buyer.terminate(Licensing.instanceOf(privateInstance).id())));
        BigInteger earned = provLicences.earnings(provider.address());
        if (!earned.equals(LICENCE_TERMS.privatePrice().multiply(BigInteger.valueOf(3)))) {
            throw new IllegalStateException("provider is owed " + earned + " wei after three licence sales of " + LICENCE_TERMS.privatePrice());
        }
        ops.put("Licences.withdraw", gas(provLicences.withdraw()));

        List<Row> operations = ops.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue())).toList();
        List<Target> targets = List.of(
                new Target("suite deployment", sum(deployment), TARGET_DEPLOYMENT),
                new Target("one VNF session (request, grant, 2 reports, paid at uninstall)", sum(paid), TARGET_SESSION),
                new Target("publish one offer (advertise)", ops.get("Offers.advertise"), TARGET_ADVERTISE),
                new Target("buy a licence (Licences.buy: new licence, provider already owed)", ops.get("Licences.buy"), TARGET_BUY_LICENCE));
        return new Result(chain.chainId(), record.compiler(), deployment, operations, paid, deferred, targets);
    }

    /** A customer registered (its registration measured as {@code row} when given), as seen by Licences. */
    private static Licensing customerLicensing(Chain chain, DeploymentRecord record, Actor customer, Map<String, Long> ops, String row) throws Exception {
        TransactionReceipt r = new Market(chain, record, customer.account).register(Role.CUSTOMER, customer.encryptionKey());
        if (ops != null) ops.put(row, gas(r));
        return new Licensing(chain, record, customer.account);
    }

    /** request, grant, instantiation report, time passes, uninstall report; checks that payment went as expected. */
    private record SessionRun(BigInteger id, List<Row> rows) {}

    private static SessionRun session(Chain chain, Market op, Market mec, OfferTerms offer, Inputs in, long[] errors, boolean expectPaid, String suffix)
            throws Exception {
        List<Row> rows = new ArrayList<>();
        TransactionReceipt requested = mec.request(offer.functionType());
        BigInteger id = Market.requestedId(requested);
        rows.add(new Row("Orchestration.request" + suffix, gas(requested)));
        rows.add(new Row("Orchestration.grant" + suffix, gas(op.grant(id, offer.packageDigest(), in.envelope()))));
        rows.add(new Row("Orchestration.reportInstantiation" + suffix, gas(mec.reportInstantiation(id, true, in.digest()))));
        chain.rpc("evm_increaseTime", SESSION_SECONDS);
        chain.rpc("evm_mine");
        TransactionReceipt uninstalled = mec.reportUninstall(id, SESSION_SECONDS, errors);
        rows.add(new Row("Orchestration.reportUninstall" + (expectPaid ? " (pays)" : suffix), gas(uninstalled)));
        var events = Orchestration.getDeploymentUninstalledEvents(uninstalled);
        if (events.size() != 1 || events.get(0).paid != expectPaid) {
            throw new IllegalStateException("deployment " + id + ": expected the uninstall report to " + (expectPaid ? "pay at once" : "defer payment")
                    + ", it did not (escrow " + op.escrow() + " wei)");
        }
        return new SessionRun(id, rows);
    }

    /** Gas of each transaction the operator sent after {@code afterBlock} up to the deployment record's block. */
    private static List<Row> deploymentTransactions(Chain chain, DeploymentRecord record, String operator, long afterBlock) throws IOException {
        Map<String, String> names = new LinkedHashMap<>();
        record.addresses().forEach((name, address) -> names.put(address.toLowerCase(), name));
        List<Row> rows = new ArrayList<>();
        for (long b = afterBlock + 1; b <= record.blockNumber(); b++) {
            EthBlock.Block block = chain.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(b)), true).send().getBlock();
            for (EthBlock.TransactionResult<?> tr : block.getTransactions()) {
                var tx = (org.web3j.protocol.core.methods.response.Transaction) tr.get();
                if (!tx.getFrom().equalsIgnoreCase(operator)) continue;
                TransactionReceipt r = chain.web3j().ethGetTransactionReceipt(tx.getHash()).send().getTransactionReceipt().orElseThrow();
                String name;
                if (r.getContractAddress() != null) {
                    name = names.getOrDefault(r.getContractAddress().toLowerCase(), "contract " + r.getContractAddress());
                } else {
                    // Any call the operator made during the deployment (none today), named by the function it calls.
                    name = org.vnfx.ledger.tx.RevertDecoder.instance().function(names.get(tx.getTo().toLowerCase()), tx.getInput());
                }
                rows.add(new Row(name, r.getGasUsed().longValueExact()));
            }
        }
        long created = rows.stream().filter(r -> !r.name().contains(".")).mapToLong(Row::gas).sum();
        if (created != record.totalDeploymentGas()) {
            throw new IllegalStateException("deployment transactions add up to " + created + " gas of contract creation, the record says "
                    + record.totalDeploymentGas());
        }
        return rows;
    }

    private static long gas(TransactionReceipt r) {
        if (!r.isStatusOK()) throw new IllegalStateException("transaction " + r.getTransactionHash() + " failed");
        return r.getGasUsed().longValueExact();
    }

    /** A bench account with a fixed key, so that addresses (and calldata costs) are the same every run. */
    private record Actor(Credentials account, ECKeyPair encryption) {
        String address() {
            return account.getAddress();
        }

        CompressedKey encryptionKey() {
            return PublicKeys.compressed(encryption);
        }
    }

    private static Actor actor(String name) {
        return new Actor(Credentials.create(key("vnfx-bench/account/" + name)), key("vnfx-bench/encryption/" + name));
    }

    private static ECKeyPair key(String seed) {
        return ECKeyPair.create(new BigInteger(1, Hash.sha256(seed.getBytes(StandardCharsets.UTF_8))));
    }

    /** Deterministic digests and envelopes without zero bytes (calldata costs what real random data costs). */
    private static final class Inputs {
        private int counter;

        byte[] digest() {
            return bytes(32);
        }

        byte[] envelope() {
            return bytes(ENVELOPE_BYTES);
        }

        private byte[] bytes(int n) {
            byte[] out = new byte[n];
            int filled = 0;
            while (filled < n) {
                byte[] block = Hash.sha256(("vnfx-bench/input/" + counter++).getBytes(StandardCharsets.UTF_8));
                for (byte b : block) {
                    if (filled < n && b != 0) out[filled++] = b;
                }
            }
            return out;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp folder
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
