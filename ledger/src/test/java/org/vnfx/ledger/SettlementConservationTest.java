package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.vnfx.contracts.Orchestration;
import org.vnfx.contracts.Settlement;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.view.ValueAudit;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Wei is never created or lost. After every deposit, session, deferred payment, settle, withdrawal and reclaim,
 * and after every refused attempt:
 * <pre>
 *   ether held by Settlement == escrow + owed
 *   deposited == escrow + owed + withdrawn + reclaimed
 *   owed == sum of the providers' balances
 * </pre>
 * The running totals are summed from the events of the receipts, and checked against what each step asked for.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SettlementConservationTest {
    static final BigInteger ETHER = TestMarket.ETHER;
    /** Runtime code that reverts on every call, so it refuses any ether sent to it. */
    static final String REJECTS_ETHER_INITCODE = "0x600580600b6000396000f360006000fd";

    static TestMarket market;
    static Actor coOperator, cheapProvider, dearProvider, mec, beneficiary;
    static OfferTerms cheap, dear;
    static String settlement;
    static BigInteger deposited = BigInteger.ZERO, withdrawn = BigInteger.ZERO, reclaimed = BigInteger.ZERO;
    static final List<BigInteger> deferred = new ArrayList<>();
    static int steps;

    @BeforeAll
    static void chain() throws Exception {
        market = TestMarket.start();
        market.chain.fundFromDevFaucet(market.operator.address(), BigInteger.valueOf(1_000_000));
        coOperator = market.actor("co-operator", Role.OPERATOR);
        market.chain.fundFromDevFaucet(coOperator.address(), BigInteger.valueOf(10_000));
        cheapProvider = market.actor("cheap-provider", Role.PROVIDER);
        dearProvider = market.actor("dear-provider", Role.PROVIDER);
        beneficiary = market.stranger("beneficiary");
        mec = market.actor("mec", Role.MEC);
        mec.market().publishResources(new Requirements(100_000, 100_000, 100_000));
        cheap = market.acceptedOffer(cheapProvider, "ids", new Requirements(1, 1, 1), 1_000_000_000_000_000L); // 0.001 ether/s
        dear = market.acceptedOffer(dearProvider, "ids", new Requirements(1, 1, 1), 1_000_000_000_000_000_000L); // 1 ether/s
        settlement = market.record.address("Settlement");
        conserved("after set-up");
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    static Market op() {
        return market.operator.market();
    }

    /** The three equalities, to the wei. */
    static void conserved(String step) throws Exception {
        steps++;
        BigInteger held = market.chain.balance(settlement);
        BigInteger escrow = op().escrow();
        BigInteger owed = op().owed();
        String state = step + ": held " + held + ", escrow " + escrow + ", owed " + owed + ", deposited " + deposited
                + ", withdrawn " + withdrawn + ", reclaimed " + reclaimed;
        assertEquals(held, escrow.add(owed), state + ": ether held == escrow + owed");
        assertEquals(deposited, escrow.add(owed).add(withdrawn).add(reclaimed), state + ": deposited == escrow + owed + withdrawn + reclaimed");
        assertEquals(owed, op().balanceOf(cheapProvider.address()).add(op().balanceOf(dearProvider.address())), state + ": owed == sum of balances");
        // ValueAudit, which the fault tests rely on, reads the same totals from the chain's events alone
        ValueAudit audit = ValueAudit.read(market.chain, market.record);
        assertEquals(List.of(), audit.violations(), state);
        assertEquals(deposited, audit.deposits(), state);
        assertEquals(withdrawn, audit.sessionWithdrawals(), state);
        assertEquals(reclaimed, audit.reclaims(), state);
        assertEquals(audit.in(), audit.heldAndOut(), state);
    }

    static void deposit(Actor who, BigInteger wei) throws Exception {
        TransactionReceipt r = who.market().deposit(wei);
        var e = Settlement.getEscrowDepositedEvents(r).get(0);
        assertEquals(wei, e.amount);
        assertEquals(who.address(), e.operator);
        deposited = deposited.add(e.amount);
        conserved("deposit " + wei + " by " + who.name());
    }

    static void reclaim(BigInteger wei, String to) throws Exception {
        BigInteger before = market.chain.balance(to);
        TransactionReceipt r = op().reclaim(wei, to);
        var e = Settlement.getEscrowReclaimedEvents(r).get(0);
        assertEquals(wei, e.amount);
        assertEquals(to, e.to);
        BigInteger fee = to.equalsIgnoreCase(market.operator.address())
                ? r.getGasUsed().multiply(new BigInteger(r.getEffectiveGasPrice().substring(2), 16)) : BigInteger.ZERO;
        assertEquals(before.add(wei).subtract(fee), market.chain.balance(to), "the reclaimed wei reach " + to);
        reclaimed = reclaimed.add(e.amount);
        conserved("reclaim " + wei);
    }

    static void withdraw(Actor provider) throws Exception {
        BigInteger owed = op().balanceOf(provider.address());
        BigInteger before = market.chain.balance(provider.address());
        TransactionReceipt r = provider.market().withdraw();
        var e = Settlement.getWithdrawnEvents(r).get(0);
        assertEquals(owed, e.amount);
        BigInteger fee = r.getGasUsed().multiply(new BigInteger(r.getEffectiveGasPrice().substring(2), 16));
        assertEquals(before.add(owed).subtract(fee), market.chain.balance(provider.address()), "the provider receives exactly what it was owed");
        assertEquals(BigInteger.ZERO, op().balanceOf(provider.address()));
        withdrawn = withdrawn.add(e.amount);
        conserved("withdraw " + owed + " by " + provider.name());
    }

    /** One session of {@code seconds}; returns the deployment id. Payment is credited at once or deferred. */
    static BigInteger session(OfferTerms offer, long seconds) throws Exception {
        BigInteger escrow = op().escrow();
        BigInteger id = market.running(mec, offer);
        market.advanceSeconds(seconds);
        TransactionReceipt r = mec.market().reportUninstall(id, seconds, new long[] {1, 0, 0, 0, 0, 0, 0, 0});
        var u = Orchestration.getDeploymentUninstalledEvents(r).get(0);
        assertEquals(u.amount.compareTo(escrow) <= 0, u.paid, "paid iff the escrow covers it");
        if (u.paid) {
            assertEquals(u.amount, Settlement.getPaymentCreditedEvents(r).get(0).amount);
            assertEquals(escrow.subtract(u.amount), op().escrow());
        } else {
            assertEquals(u.amount, Settlement.getPaymentDeferredEvents(r).get(0).amount);
            assertEquals(escrow, op().escrow(), "a deferred payment moves nothing");
            deferred.add(id);
        }
        conserved((u.paid ? "paid" : "deferred") + " session " + id + " of " + u.amount);
        return id;
    }

    static void settle(BigInteger id) throws Exception {
        BigInteger due = market.deployment(id).amountDue;
        TransactionReceipt r = op().settle(id);
        assertEquals(due, Orchestration.getDeploymentSettledEvents(r).get(0).amount);
        assertEquals(due, Settlement.getPaymentCreditedEvents(r).get(0).amount);
        deferred.remove(id);
        conserved("settle " + id + " of " + due);
    }

    @Test
    @Order(1)
    void aScriptedDayOfDepositsSessionsDeferralsSettlesWithdrawalsAndReclaims() throws Exception {
        deposit(market.operator, ETHER.multiply(BigInteger.valueOf(5)));
        deposit(coOperator, ETHER);
        session(cheap, 60); // about 0.03 ether: paid
        BigInteger late = session(dear, 100); // about 65 ether: deferred
        assertTrue(deferred.contains(late));

        var tooMuch = Reverts.expect("Settlement.reclaim", "InsufficientEscrow", () -> op().reclaim(op().escrow().add(BigInteger.ONE), beneficiary.address()));
        assertEquals(op().escrow().add(BigInteger.ONE), tooMuch.arguments().get("requested"));
        assertEquals(op().escrow(), tooMuch.arguments().get("escrow"));
        conserved("refused reclaim of more than the escrow");
        Reverts.expect("Orchestration.settle", "InsufficientEscrow", () -> op().settle(late));
        conserved("refused settle on a short escrow");
        var nothing = Reverts.expect("Settlement.withdraw", "NothingToWithdraw", () -> dearProvider.market().withdraw());
        assertEquals(dearProvider.address(), nothing.arguments().get("provider"));
        Reverts.expect("Settlement.withdraw", "NothingToWithdraw", () -> beneficiary.market().withdraw());
        conserved("refused withdrawals with nothing owed");

        BigInteger due = market.deployment(late).amountDue;
        deposit(market.operator, due.subtract(op().escrow()).add(ETHER));
        settle(late);
        withdraw(cheapProvider);
        withdraw(dearProvider);
        Reverts.expect("Settlement.withdraw", "NothingToWithdraw", () -> dearProvider.market().withdraw());

        reclaim(ETHER.divide(BigInteger.TWO), beneficiary.address());
        reclaim(op().escrow(), market.operator.address()); // everything that is left
        assertEquals(BigInteger.ZERO, op().escrow());
        assertEquals(BigInteger.ZERO, market.chain.balance(settlement));
        Reverts.expect("Settlement.reclaim", "InsufficientEscrow", () -> op().reclaim(BigInteger.ONE, beneficiary.address()));
        conserved("refused reclaim from an empty escrow");
    }

    @Test
    @Order(2)
    void refusedDepositsAndReclaimsMoveNothing() throws Exception {
        deposit(market.operator, ETHER);
        Reverts.expect("Settlement.deposit", "ZeroAmount", () -> op().deposit(BigInteger.ZERO));
        Reverts.expect("Settlement.reclaim", "ZeroAmount", () -> op().reclaim(BigInteger.ZERO, beneficiary.address()));
        Reverts.expect("Settlement.reclaim", "ZeroAddress", () -> op().reclaim(BigInteger.ONE, "0x0000000000000000000000000000000000000000"));
        Reverts.expect("Settlement.deposit", "NotOperator", () -> cheapProvider.market().deposit(BigInteger.ONE));
        conserved("refused zero and foreign deposits and reclaims");

        String rejecting = deployEtherRejectingContract();
        var e = Reverts.expect("Settlement.reclaim", "TransferFailed", () -> op().reclaim(BigInteger.TEN, rejecting));
        assertEquals(BigInteger.TEN, e.arguments().get("amount"));
        assertEquals(BigInteger.ZERO, market.chain.balance(rejecting));
        conserved("refused reclaim to an address that rejects ether");
    }

    @Test
    @Order(3)
    void aRandomWalkOfEveryOperationKeepsEveryWeiAccountedFor() throws Exception {
        long seed = Long.getLong("vnfx.seed", System.nanoTime());
        Random random = new Random(seed);
        String why = "seed=" + seed + " (rerun with -Dvnfx.seed=" + seed + ")";
        for (int i = 0; i < 30; i++) {
            int op = random.nextInt(7);
            try {
                switch (op) {
                    case 0 -> deposit(random.nextBoolean() ? market.operator : coOperator, randomWei(random, ETHER.multiply(BigInteger.valueOf(50))));
                    case 1 -> session(cheap, 1 + random.nextInt(600));
                    case 2 -> session(dear, 1 + random.nextInt(60));
                    case 3 -> {
                        if (deferred.isEmpty()) continue;
                        BigInteger id = deferred.get(random.nextInt(deferred.size()));
                        if (market.deployment(id).amountDue.compareTo(op().escrow()) <= 0) {
                            settle(id);
                        } else {
                            Reverts.expect("Orchestration.settle", "InsufficientEscrow", () -> op().settle(id));
                            conserved("refused settle " + id);
                        }
                    }
                    case 4, 5 -> {
                        Actor p = random.nextBoolean() ? cheapProvider : dearProvider;
                        if (op().balanceOf(p.address()).signum() > 0) {
                            withdraw(p);
                        } else {
                            Reverts.expect("Settlement.withdraw", "NothingToWithdraw", () -> p.market().withdraw());
                            conserved("refused withdraw by " + p.name());
                        }
                    }
                    default -> {
                        BigInteger escrow = op().escrow();
                        if (escrow.signum() > 0 && random.nextInt(3) > 0) {
                            reclaim(randomWei(random, escrow), random.nextBoolean() ? beneficiary.address() : market.operator.address());
                        } else {
                            Reverts.expect("Settlement.reclaim", "InsufficientEscrow", () -> op().reclaim(escrow.add(BigInteger.ONE), beneficiary.address()));
                            conserved("refused reclaim beyond the escrow");
                        }
                    }
                }
            } catch (AssertionError e) {
                throw new AssertionError(why + ", step " + i + " (operation " + op + "): " + e.getMessage(), e);
            }
        }
        // drain: settle what can be settled, pay everyone out, take the rest back
        deposit(market.operator, deferred.stream().map(id -> {
            try {
                return market.deployment(id).amountDue;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).reduce(BigInteger.ONE, BigInteger::add));
        for (BigInteger id : List.copyOf(deferred)) settle(id);
        for (Actor p : List.of(cheapProvider, dearProvider)) if (op().balanceOf(p.address()).signum() > 0) withdraw(p);
        reclaim(op().escrow(), market.operator.address());
        assertEquals(BigInteger.ZERO, market.chain.balance(settlement), why + ": everything deposited went out again");
        assertEquals(deposited, withdrawn.add(reclaimed), why);
        System.out.println("SettlementConservationTest " + why + ": " + steps + " checked states, " + deposited + " wei through the escrow");
    }

    @Test
    @Order(4)
    void etherForcedIntoSettlementIsNamedByTheAudit() throws Exception {
        String snapshot = market.snapshot();
        try {
            BigInteger held = market.chain.balance(settlement);
            market.chain.rpc("anvil_setBalance", settlement, "0x" + held.add(BigInteger.valueOf(7)).toString(16));
            List<String> violations = ValueAudit.read(market.chain, market.record).violations();
            assertEquals(List.of("Settlement's ether is " + held.add(BigInteger.valueOf(7)) + " wei but escrow + owed is " + held + " wei"), violations);
        } finally {
            market.revertTo(snapshot);
        }
    }

    static BigInteger randomWei(Random random, BigInteger upTo) {
        BigInteger r;
        do {
            r = new BigInteger(upTo.bitLength(), random);
        } while (r.signum() == 0 || r.compareTo(upTo) > 0);
        return r;
    }

    static String deployEtherRejectingContract() throws Exception {
        var signer = market.chain.signer(market.operator.account());
        var sent = signer.sendTransaction(null, null, null, REJECTS_ETHER_INITCODE, BigInteger.ZERO, true);
        var receipt = new org.web3j.tx.response.PollingTransactionReceiptProcessor(market.chain.web3j(), 20, 500)
                .waitForTransactionReceipt(sent.getTransactionHash());
        assertTrue(receipt.isStatusOK());
        return receipt.getContractAddress();
    }
}
