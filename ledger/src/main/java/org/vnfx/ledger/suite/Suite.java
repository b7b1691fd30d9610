package org.vnfx.ledger.suite;

import java.math.BigInteger;
import org.vnfx.contracts.Identities;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.contracts.Settlement;
import org.vnfx.ledger.Chain;
import org.web3j.crypto.Credentials;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;

/** The deployed contract suite, bound to one signer. */
public record Suite(Identities identities, Offers offers, Orchestration orchestration, Settlement settlement) {
    /** Ignored by PreflightTransactionManager, which estimates every transaction; the wrappers still want one. */
    static final ContractGasProvider ESTIMATED = new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO);

    public static Suite load(Chain chain, DeploymentRecord record, Credentials signer) {
        if (record.chainId() != chain.chainId()) {
            throw new IllegalStateException("deployment record is for chain " + record.chainId() + " but the node is chain " + chain.chainId());
        }
        TransactionManager tm = chain.signer(signer).knowing(record.addresses());
        var web3j = chain.web3j();
        return new Suite(
                Identities.load(record.address("Identities"), web3j, tm, ESTIMATED),
                Offers.load(record.address("Offers"), web3j, tm, ESTIMATED),
                Orchestration.load(record.address("Orchestration"), web3j, tm, ESTIMATED),
                Settlement.load(record.address("Settlement"), web3j, tm, ESTIMATED));
    }
}
