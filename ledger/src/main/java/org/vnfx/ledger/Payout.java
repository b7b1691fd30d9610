package org.vnfx.ledger;

import java.math.BigInteger;

/**
 * What a provider takes out: session payments from Settlement and licence sales from Licences (two pull-payment
 * balances in two contracts), each withdrawn only when non-zero. A transaction hash is null when nothing was sent.
 */
public record Payout(BigInteger sessions, String settlementTransaction, BigInteger licenceSales, String licencesTransaction) {

    /** True when the provider was owed nothing in either contract (and nothing was sent). */
    public boolean nothing() {
        return sessions.signum() == 0 && licenceSales.signum() == 0;
    }

    /** Withdraws both balances of {@code provider}, the account {@code market} and {@code licensing} sign for. */
    public static Payout withdrawAll(Market market, Licensing licensing, String provider) throws Exception {
        BigInteger sessions = market.balanceOf(provider);
        BigInteger sales = licensing.earnings(provider);
        String settlementTx = sessions.signum() > 0 ? market.withdraw().getTransactionHash() : null;
        String licencesTx = sales.signum() > 0 ? licensing.withdraw().getTransactionHash() : null;
        return new Payout(sessions, settlementTx, sales, licencesTx);
    }
}
