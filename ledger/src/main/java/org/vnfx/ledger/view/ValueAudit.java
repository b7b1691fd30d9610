package org.vnfx.ledger.view;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.contracts.Licences;
import org.vnfx.contracts.Settlement;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.trail.Trail;
import org.vnfx.ledger.trail.TrailEvent;

/**
 * Where every wei that entered the suite is now, from the chain alone: the ether that came in (escrow deposits,
 * licence sales) against what the contracts hold and what left them (reclaims, withdrawals). Read after a crash,
 * a restart or a random sequence of calls, it tells whether value was created or destroyed.
 *
 * <p>Three accounts are checked separately so that a violation says where it is: Settlement's escrow, Settlement's
 * credited-but-unwithdrawn balances ({@code owed}) and Licences' unwithdrawn sales; each against the events that
 * moved it, and each contract's ether balance against what it says it holds.
 *
 * @param deposits           sum of {@code EscrowDeposited.amount}
 * @param reclaims           sum of {@code EscrowReclaimed.amount}
 * @param credited           sum of {@code PaymentCredited.amount}: escrow moved to providers at settlement
 * @param sessionWithdrawals sum of Settlement's {@code Withdrawn.amount}
 * @param licenceSales       sum of {@code LicenceAcquired.paid}
 * @param licenceWithdrawals sum of Licences' {@code Withdrawn.amount}
 * @param escrow             Settlement's escrow now
 * @param owed               Settlement's credited balances now
 * @param settlementEther    Settlement's ether balance now
 * @param licencesEther      Licences' ether balance now
 */
public record ValueAudit(BigInteger deposits, BigInteger reclaims, BigInteger credited, BigInteger sessionWithdrawals,
                         BigInteger licenceSales, BigInteger licenceWithdrawals,
                         BigInteger escrow, BigInteger owed, BigInteger settlementEther, BigInteger licencesEther) {

    /** Reads the audit at the chain head. */
    public static ValueAudit read(Chain chain, DeploymentRecord record) throws Exception {
        Trail trail = new Trail(chain, record);
        Market market = new Market(chain, record, MarketView.reader());
        return new ValueAudit(
                sum(trail.of("Settlement", Settlement.ESCROWDEPOSITED_EVENT), "amount"),
                sum(trail.of("Settlement", Settlement.ESCROWRECLAIMED_EVENT), "amount"),
                sum(trail.of("Settlement", Settlement.PAYMENTCREDITED_EVENT), "amount"),
                sum(trail.of("Settlement", Settlement.WITHDRAWN_EVENT), "amount"),
                sum(trail.of("Licences", Licences.LICENCEACQUIRED_EVENT), "paid"),
                sum(trail.of("Licences", Licences.WITHDRAWN_EVENT), "amount"),
                market.escrow(), market.owed(),
                chain.balance(record.address("Settlement")), chain.balance(record.address("Licences")));
    }

    /** Every way the books do not balance, each as a sentence with both sides; empty when value is conserved. */
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        check(out, "escrow", escrow, "deposits - reclaims - credited", deposits.subtract(reclaims).subtract(credited));
        check(out, "owed to providers", owed, "credited - session withdrawals", credited.subtract(sessionWithdrawals));
        check(out, "Settlement's ether", settlementEther, "escrow + owed", escrow.add(owed));
        check(out, "Licences' ether", licencesEther, "licence sales - licence withdrawals", licenceSales.subtract(licenceWithdrawals));
        return out;
    }

    /** Ether that entered the suite: escrow deposits and licence sales. */
    public BigInteger in() {
        return deposits.add(licenceSales);
    }

    /** Ether held by the suite plus ether that left it: equals {@link #in()} when value is conserved. */
    public BigInteger heldAndOut() {
        return settlementEther.add(licencesEther).add(reclaims).add(sessionWithdrawals).add(licenceWithdrawals);
    }

    /** @throws IllegalStateException naming each violation, when value was created or destroyed */
    public ValueAudit requireConserved() {
        List<String> v = violations();
        if (!v.isEmpty()) throw new IllegalStateException("value not conserved: " + String.join("; ", v));
        return this;
    }

    private static void check(List<String> out, String what, BigInteger actual, String expectedAs, BigInteger expected) {
        if (!actual.equals(expected)) out.add(what + " is " + actual + " wei but " + expectedAs + " is " + expected + " wei");
    }

    private static BigInteger sum(List<TrailEvent> events, String argument) {
        BigInteger total = BigInteger.ZERO;
        for (TrailEvent e : events) total = total.add((BigInteger) e.arg(argument));
        return total;
    }
}
