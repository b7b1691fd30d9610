package org.vnfx.ledger.tx;

import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
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
    private final long chainId;
    /** Contract names by lower-case address, so that reverts name the called contract even for shared selectors. */
    private volatile Map<String, String> contracts = Map.of();
    private final RevertDecoder decoder = RevertDecoder.instance();

    public PreflightTransactionManager(Web3j web3j, Credentials credentials, long chainId, TransactionReceiptProcessor receipts) {
        super(web3j, credentials, chainId, receipts);
        this.web3j = web3j;
        this.credentials = credentials;
        this.chainId = chainId;
    }

    /** Tells this signer which contract lives where ({@code name -> address}, as in a deployment record). */
    public PreflightTransactionManager knowing(Map<String, String> addressesByContract) {
        Map<String, String> byAddress = new HashMap<>(contracts);
        addressesByContract.forEach((name, address) -> byAddress.put(address.toLowerCase(Locale.ROOT), name));
        contracts = Map.copyOf(byAddress);
        return this;
    }

    private String function(String to, String data) {
        return decoder.function(to == null ? null : contracts.get(to.toLowerCase(Locale.ROOT)), data);
    }

    public Credentials credentials() {
        return credentials;
    }

    @Override
    public synchronized EthSendTransaction sendTransaction(
            BigInteger ignoredGasPrice, BigInteger ignoredGasLimit, String to, String data, BigInteger value, boolean constructor)
            throws IOException {
        BigInteger gasLimit = estimate(to, data, value);
        // Never pay more than the node suggests: its suggestion follows what recent transactions paid, so a
        // mark-up on every transaction would compound (1.25^n) until the accounts cannot pay for gas.
        // With EIP-1559 the head-room goes into maxFeePerGas (only the base fee plus the suggested tip is paid).
        EthBlock.Block latest = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
        EthSendTransaction sent;
        if (latest != null && latest.getBaseFeePerGasRaw() != null) {
            BigInteger tip = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
            BigInteger maxFee = latest.getBaseFeePerGas().multiply(BigInteger.TWO).add(tip);
            sent = super.sendEIP1559Transaction(chainId, tip, maxFee, gasLimit, to, data, value, constructor);
        } else {
            sent = super.sendTransaction(web3j.ethGasPrice().send().getGasPrice(), gasLimit, to, data, value, constructor);
        }
        if (sent.hasError()) {
            throw new IOException(function(to, data) + ": the node refused the transaction: " + sent.getError().getMessage());
        }
        return sent;
    }

    /** eth_estimateGas from this account; a revert becomes a decoded exception. */
    public BigInteger estimate(String to, String data, BigInteger value) throws IOException {
        return estimate(credentials.getAddress(), to, data, value);
    }

    /**
     * The same pre-flight as another account, {@code from}, that signs elsewhere (a browser wallet): the gas limit to
     * send with, or the decoded refusal. Nothing is signed here.
     */
    public BigInteger estimate(String from, String to, String data, BigInteger value) throws IOException {
        Transaction tx = Transaction.createFunctionCallTransaction(from, null, null, null, to, value, data);
        EthEstimateGas est = web3j.ethEstimateGas(tx).send();
        if (est.hasError()) throw revert(function(to, data), est.getError());
        BigInteger gas = est.getAmountUsed();
        return gas.add(gas.multiply(BigInteger.valueOf(GAS_MARGIN_PERCENT)).divide(BigInteger.valueOf(100)));
    }

    @Override
    public String sendCall(String to, String data, DefaultBlockParameter block) throws IOException {
        EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(credentials.getAddress(), to, data), block).send();
        if (call.hasError()) throw revert(function(to, data), call.getError());
        if (call.isReverted()) throw decoder.decode(function(to, data), call.getValue());
        return call.getValue();
    }

    private RuntimeException revert(String function, Response.Error error) {
        String revertData = error.getData();
        if (revertData != null && revertData.startsWith("\"")) revertData = revertData.replace("\"", "");
        if (revertData == null || !revertData.startsWith("0x")) {
            // Not a revert (out of funds, nonce, node error): say what the node said.
            return new IllegalStateException(function + ": " + error.getMessage());
        }
        return decoder.decode(function, revertData);
    }
}
