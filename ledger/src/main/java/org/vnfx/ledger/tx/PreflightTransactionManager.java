package org.vnfx.ledger.tx;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vnfx.ledger.rpc.RpcBatch;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
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
        Fees fees = fees();
        EthSendTransaction sent = fees.eip1559()
                ? super.sendEIP1559Transaction(chainId, fees.tip(), fees.maxFee(), gasLimit, to, data, value, constructor)
                : super.sendTransaction(fees.gasPrice(), gasLimit, to, data, value, constructor);
        if (sent.hasError()) {
            throw new IOException(function(to, data) + ": the node refused the transaction: " + sent.getError().getMessage());
        }
        return sent;
    }

    /** What a transaction offers to pay per gas: EIP-1559 tip and fee cap, or a legacy gas price. */
    private record Fees(BigInteger tip, BigInteger maxFee, BigInteger gasPrice) {
        boolean eip1559() {
            return gasPrice == null;
        }
    }

    /**
     * Never more than the node suggests: its suggestion follows what recent transactions paid, so a mark-up on
     * every transaction would compound (1.25^n) until the accounts cannot pay for gas. With EIP-1559 the head-room
     * goes into maxFeePerGas (only the base fee plus the suggested tip is paid).
     */
    private Fees fees() throws IOException {
        EthBlock.Block latest = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
        if (latest != null && latest.getBaseFeePerGasRaw() != null) {
            BigInteger tip = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
            return new Fees(tip, latest.getBaseFeePerGas().multiply(BigInteger.TWO).add(tip), null);
        }
        return new Fees(null, null, web3j.ethGasPrice().send().getGasPrice());
    }

    // --- signed now, sent later (at most once) -------------------------------------------------------

    /** A transaction signed here and not sent yet: its hash and its signed bytes (hex), to be kept before it is sent. */
    public record Signed(String hash, String raw) {}

    /** The node has no such transaction and the account's nonce has passed it: it can never be mined. */
    public static final class ReplacedException extends IOException {
        ReplacedException(String message) {
            super(message);
        }
    }

    /**
     * Pre-flights and signs a call with {@code value} wei exactly as {@link #sendTransaction} would send it, without
     * sending it: whoever must not send twice keeps the result durably first, then {@link #broadcast}s it, as often as
     * needed (a retry after a crash sends the very same transaction, which the chain can include only once).
     */
    public synchronized Signed sign(String to, String data, BigInteger value) throws IOException {
        BigInteger gasLimit = estimate(to, data, value);
        Fees fees = fees();
        String raw = sign(rawTransaction(getNonce(), gasLimit, to, data, value, fees));
        return new Signed(Hash.sha3(raw), raw);
    }

    /**
     * Sends a transaction from {@link #sign}. Sending it again is harmless: when the node answers that it knows it
     * already, or that its nonce is used, and it has the transaction, that is success. When the node does not have
     * it and the nonce is used by another, it can never be mined: {@link ReplacedException}.
     */
    public void broadcast(Signed tx) throws IOException {
        EthSendTransaction sent = web3j.ethSendRawTransaction(tx.raw()).send();
        if (!sent.hasError()) return;
        if (web3j.ethGetTransactionByHash(tx.hash()).send().getTransaction().isPresent()) return;
        BigInteger nonce = TransactionDecoder.decode(tx.raw()).getNonce();
        BigInteger next = web3j.ethGetTransactionCount(credentials.getAddress(), DefaultBlockParameterName.LATEST).send().getTransactionCount();
        if (next.compareTo(nonce) > 0) {
            throw new ReplacedException("transaction " + tx.hash() + " can never be mined: nonce " + nonce + " of " + credentials.getAddress()
                    + " was used by another transaction (" + sent.getError().getMessage() + ")");
        }
        throw new IOException("the node refused transaction " + tx.hash() + ": " + sent.getError().getMessage());
    }

    private RawTransaction rawTransaction(BigInteger nonce, BigInteger gasLimit, String to, String data, BigInteger value, Fees fees) {
        return fees.eip1559()
                ? RawTransaction.createTransaction(chainId, nonce, gasLimit, to, value, data, fees.tip(), fees.maxFee())
                : RawTransaction.createTransaction(nonce, fees.gasPrice(), gasLimit, to, value, data);
    }

    // --- many at once ------------------------------------------------------------------------------

    /** One contract call of a batch: the contract's address and the ABI-encoded call. */
    public record Call(String to, String data) {}

    /** What one call of a batch answered: its result (the returned data, or the hash of the transaction sent), or why it was refused. */
    public record Answer(String result, RuntimeException refusal) {
        public boolean refused() {
            return refusal != null;
        }

        /** The result; the refusal (a decoded {@link ContractRevertException} for a revert) is thrown. */
        public String get() {
            if (refusal != null) throw refusal;
            return result;
        }
    }

    /**
     * eth_call of every call from this account in JSON-RPC batches, all against the state after {@code block}: what
     * {@link #sendCall} answers one by one, in one round trip per batch.
     */
    public List<Answer> callAll(List<Call> calls, DefaultBlockParameter block) throws IOException {
        List<Request<?, ? extends Response<?>>> requests = new ArrayList<>();
        for (Call c : calls) requests.add(web3j.ethCall(Transaction.createEthCallTransaction(credentials.getAddress(), c.to(), c.data()), block));
        List<Response<?>> replies = RpcBatch.send(web3j, requests);
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            EthCall r = (EthCall) replies.get(i);
            String function = function(calls.get(i).to(), calls.get(i).data());
            if (r.hasError()) out.add(new Answer(null, revert(function, r.getError())));
            else if (r.isReverted()) out.add(new Answer(null, decoder.decode(function, r.getValue())));
            else out.add(new Answer(r.getValue(), null));
        }
        return out;
    }

    /**
     * Sends every call as a transaction without value, pre-flighted as {@link #sendTransaction} does but in two round
     * trips for all: the estimates in one batch, then the transactions that passed, signed here with consecutive
     * nonces from this account's pending count, in another. A call whose estimate reverts is not sent; its answer is
     * the decoded refusal. The others answer their transaction hash; nothing is waited for.
     *
     * <p>If the node refuses one of the signed transactions (a nonce taken meanwhile by another sender of this key,
     * funds run out), its answer says so; a later one of the batch may then wait behind the missing nonce until the
     * account's next transaction fills it.
     */
    public synchronized List<Answer> sendAll(List<Call> calls) throws IOException {
        List<Request<?, ? extends Response<?>>> estimates = new ArrayList<>();
        for (Call c : calls) {
            estimates.add(estimateRequest(credentials.getAddress(), c.to(), c.data(), BigInteger.ZERO));
        }
        List<Response<?>> estimated = RpcBatch.send(web3j, estimates);
        Answer[] out = new Answer[calls.size()];
        List<Integer> passed = new ArrayList<>();
        List<Request<?, ? extends Response<?>>> sends = new ArrayList<>();
        Fees fees = null;
        BigInteger nonce = null;
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            EthEstimateGas est = (EthEstimateGas) estimated.get(i);
            if (est.hasError()) {
                out[i] = new Answer(null, revert(function(c.to(), c.data()), est.getError()));
                continue;
            }
            if (fees == null) {
                fees = fees();
                nonce = getNonce();
            }
            BigInteger gasLimit = withMargin(est.getAmountUsed());
            sends.add(web3j.ethSendRawTransaction(sign(rawTransaction(nonce, gasLimit, c.to(), c.data(), BigInteger.ZERO, fees))));
            nonce = nonce.add(BigInteger.ONE);
            passed.add(i);
        }
        List<Response<?>> sent = RpcBatch.send(web3j, sends);
        for (int k = 0; k < passed.size(); k++) {
            int i = passed.get(k);
            EthSendTransaction r = (EthSendTransaction) sent.get(k);
            Call c = calls.get(i);
            out[i] = r.hasError()
                    ? new Answer(null, new IllegalStateException(function(c.to(), c.data()) + ": the node refused the transaction: " + r.getError().getMessage()))
                    : new Answer(r.getTransactionHash(), null);
        }
        return List.of(out);
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
        EthEstimateGas est = web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(from, null, null, null, to, value, data)).send();
        if (est.hasError()) throw revert(function(to, data), est.getError());
        return withMargin(est.getAmountUsed());
    }

    /**
     * eth_estimateGas against the latest block, named, for {@link #sendAll}. A single send leaves the block to the node,
     * which simulates in the next block, as mining will: a call that depends on block.timestamp (a usage report, a
     * trial's end) must see the time it will be mined at, not the last block's. A batch of decisions does not depend on
     * the time to the second, the chain re-checks each when mined (a refused one is made again), and anvil executes its
     * whole pool before each "pending" estimate, which made a batch of hundreds slower the longer the pool grew.
     */
    private Request<?, EthEstimateGas> estimateRequest(String from, String to, String data, BigInteger value) {
        @SuppressWarnings("unchecked")
        Request<Object, EthEstimateGas> r = (Request<Object, EthEstimateGas>) web3j.ethEstimateGas(
                Transaction.createFunctionCallTransaction(from, null, null, null, to, value, data));
        r.setParams(List.of(r.getParams().get(0), DefaultBlockParameterName.LATEST.getValue()));
        return r;
    }

    private static BigInteger withMargin(BigInteger gas) {
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
