package org.vnfx.ledger.tx;

import java.io.IOException;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * Signs locally (the key never leaves this process) and simulates every transaction with
 * eth_estimateGas before sending it. A simulation that reverts throws a decoded
 * {@link ContractRevertException} and nothing is sent: bad input is rejected before any state
 * changes and costs no gas. The gas limit is the estimate plus a margin, never a fixed guess.
 */
public class PreflightTransactionManager extends RawTransactionManager {
    /** Head-room over the estimate: storage refunds and warm/cold slot differences between simulation and mining. */
    public static final int GAS_MARGIN_PERCENT = 25;

    private final Web3j web3j;
    private final Credentials credentials;
    private final RevertDecoder decoder = RevertDecoder.instance();

    public PreflightTransactionManager(Web3j web3j, Credentials credentials, long chainId, TransactionReceiptProcessor receipts) {
        super(web3j, credentials, chainId, receipts);
        this.web3j = web3j;
        this.credentials = credentials;
    }

    public Credentials credentials() {
        return credentials;
    }

    @Override
    public synchronized EthSendTransaction sendTransaction(
            BigInteger ignoredGasPrice, BigInteger ignoredGasLimit, String to, String data, BigInteger value, boolean constructor)
            throws IOException {
        BigInteger gasLimit = estimate(to, data, value);
        BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
        gasPrice = gasPrice.add(gasPrice.divide(BigInteger.valueOf(4))).add(BigInteger.ONE);
        EthSendTransaction sent = super.sendTransaction(gasPrice, gasLimit, to, data, value, constructor);
        if (sent.hasError()) {
            throw new IOException(decoder.function(data) + ": the node refused the transaction: " + sent.getError().getMessage());
        }
        return sent;
    }

    /** eth_estimateGas from this account; a revert becomes a decoded exception. */
    public BigInteger estimate(String to, String data, BigInteger value) throws IOException {
        Transaction tx = Transaction.createFunctionCallTransaction(credentials.getAddress(), null, null, null, to, value, data);
        EthEstimateGas est = web3j.ethEstimateGas(tx).send();
        if (est.hasError()) throw revert(data, est.getError());
        BigInteger gas = est.getAmountUsed();
        return gas.add(gas.multiply(BigInteger.valueOf(GAS_MARGIN_PERCENT)).divide(BigInteger.valueOf(100)));
    }

    @Override
    public String sendCall(String to, String data, DefaultBlockParameter block) throws IOException {
        EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(credentials.getAddress(), to, data), block).send();
        if (call.hasError()) throw revert(data, call.getError());
        if (call.isReverted()) throw decoder.decode(decoder.function(data), call.getValue());
        return call.getValue();
    }

    private RuntimeException revert(String data, Response.Error error) {
        String revertData = error.getData();
        if (revertData != null && revertData.startsWith("\"")) revertData = revertData.replace("\"", "");
        if (revertData == null || !revertData.startsWith("0x")) {
            // Not a revert (out of funds, nonce, node error): say what the node said.
            return new IllegalStateException(decoder.function(data) + ": " + error.getMessage());
        }
        return decoder.decode(decoder.function(data), revertData);
    }
}
