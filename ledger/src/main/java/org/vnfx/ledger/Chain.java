package org.vnfx.ledger;

import java.io.IOException;
import java.math.BigInteger;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.node.ChainNode;
import org.vnfx.ledger.rpc.ChainRpcException;
import org.vnfx.ledger.rpc.GuardedHttpService;
import org.vnfx.ledger.rpc.RpcBatch;
import org.vnfx.ledger.rpc.RpcLimits;
import org.vnfx.ledger.tx.PreflightTransactionManager;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.Transfer;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;
import org.web3j.utils.Convert;

/** A connection to one chain: JSON-RPC client, chain id, and signers that pre-flight every transaction. */
public final class Chain implements AutoCloseable {
    public static final long RECEIPT_POLL_MILLIS = 100;
    /** How long to wait for a receipt: generous for networks with slow blocks. */
    public static final int RECEIPT_POLL_ATTEMPTS = 1200;

    private final ChainNode node;
    private final HttpService rpc;
    private final Web3j web3j;
    private final long chainId;
    private final TransactionReceiptProcessor receiptProcessor;

    private Chain(ChainNode node, HttpService rpc, Web3j web3j, long chainId) {
        this.node = node;
        this.rpc = rpc;
        this.web3j = web3j;
        this.chainId = chainId;
        this.receiptProcessor = new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS);
    }

    /** Connects to the node; the chain takes ownership of it and closes it on {@link #close()}. */
    public static Chain connect(ChainNode node) throws IOException {
        return connect(node, RpcLimits.defaults());
    }

    /** Connects with the given limits on the node's replies (size, time). */
    public static Chain connect(ChainNode node, RpcLimits limits) throws IOException {
        HttpService rpc = new GuardedHttpService(node.rpcUrl(), limits);
        Web3j web3j = Web3j.build(rpc);
        try {
            long chainId = quantity("eth_chainId", node, answered(web3j.ethChainId().send(), "eth_chainId", node).getResult()).longValueExact();
            return new Chain(node, rpc, web3j, chainId);
        } catch (IOException | RuntimeException e) {
            web3j.shutdown();
            node.close();
            if (e instanceof ChainRpcException) throw e;
            throw new IOException("no Ethereum JSON-RPC node answers at " + node.rpcUrl() + ": " + e.getMessage(), e);
        }
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return chainId;
    }

    public ChainNode node() {
        return node;
    }

    public PreflightTransactionManager signer(Credentials credentials) {
        return new PreflightTransactionManager(web3j, credentials, chainId, receiptProcessor);
    }

    /** A raw JSON-RPC call (node-specific methods such as anvil's evm_mine); errors become IOExceptions. */
    public Object rpc(String method, Object... params) throws IOException {
        Response<?> r = rpc.send(new Request<>(method, java.util.List.of(params), rpc, ObjectResponse.class), ObjectResponse.class);
        return answered(r, method, node).getResult();
    }

    /** Response type for {@link #rpc}: any JSON result. */
    public static final class ObjectResponse extends Response<Object> {}

    /** eth_getLogs, in chain order (block, log index); a node error becomes an IOException. */
    public java.util.List<Log> logs(EthFilter filter) throws IOException {
        EthLog answer = answered(web3j.ethGetLogs(filter).send(), "eth_getLogs", node);
        if (answer.getLogs() == null) throw new ChainRpcException("eth_getLogs", node.rpcUrl(), "the result is null, not a list of logs");
        java.util.List<Log> out = new java.util.ArrayList<>();
        for (EthLog.LogResult<?> r : answer.getLogs()) {
            if (!(r.get() instanceof Log)) throw new ChainRpcException("eth_getLogs", node.rpcUrl(), "the result holds " + r.get() + ", not a log object");
            out.add((Log) r.get());
        }
        out.sort(java.util.Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex));
        return out;
    }

    public BigInteger balance(String address) throws IOException {
        var answer = answered(web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send(), "eth_getBalance", node);
        return quantity("eth_getBalance", node, answer.getResult());
    }

    /** A block's timestamp: what a read model records instead of its own clock, so that a rebuild gives the same values. */
    public java.time.Instant blockTime(long block) throws IOException {
        var answer = answered(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send(),
                "eth_getBlockByNumber " + block, node);
        if (answer.getBlock() == null) throw new IOException("block " + block + " is not on the chain");
        if (answer.getBlock().getTimestampRaw() == null) {
            throw new ChainRpcException("eth_getBlockByNumber " + block, node.rpcUrl(), "the block has no timestamp");
        }
        return java.time.Instant.ofEpochSecond(answer.getBlock().getTimestamp().longValueExact());
    }

    /** A block's hash, or empty when the chain has no such block (yet, or any more). */
    public java.util.Optional<String> blockHash(long block) throws IOException {
        var answer = answered(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send(),
                "eth_getBlockByNumber " + block, node);
        return java.util.Optional.ofNullable(answer.getBlock()).map(b -> b.getHash());
    }

    /** Waits for a sent transaction's receipt, polling as the signers do ({@link #RECEIPT_POLL_MILLIS}, {@link #RECEIPT_POLL_ATTEMPTS}). */
    public TransactionReceipt awaitReceipt(String transactionHash) throws IOException, org.web3j.protocol.exceptions.TransactionException {
        return receiptProcessor.waitForTransactionReceipt(transactionHash);
    }

    /**
     * The receipts of many sent transactions, asked for in JSON-RPC batches without waiting: each is empty while its
     * transaction is not mined. In the order of the hashes.
     */
    public java.util.List<java.util.Optional<TransactionReceipt>> receipts(java.util.List<String> transactionHashes) throws IOException {
        java.util.List<Request<?, ? extends Response<?>>> asks = new java.util.ArrayList<>();
        for (String h : transactionHashes) asks.add(web3j.ethGetTransactionReceipt(h));
        java.util.List<Response<?>> replies = RpcBatch.send(web3j, asks);
        java.util.List<java.util.Optional<TransactionReceipt>> out = new java.util.ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            out.add(answered((org.web3j.protocol.core.methods.response.EthGetTransactionReceipt) replies.get(i),
                    "eth_getTransactionReceipt " + transactionHashes.get(i), node).getTransactionReceipt());
        }
        return out;
    }

    public long blockNumber() throws IOException {
        var answer = answered(web3j.ethBlockNumber().send(), "eth_blockNumber", node);
        return quantity("eth_blockNumber", node, answer.getResult()).longValueExact();
    }

    /** The answer when it carries no JSON-RPC error; the node's error otherwise, named with the method and the node. */
    private static <T extends Response<?>> T answered(T answer, String method, ChainNode node) throws ChainRpcException {
        if (answer == null) throw new ChainRpcException(method, node.rpcUrl(), "no reply");
        if (answer.hasError()) {
            throw new ChainRpcException(method, node.rpcUrl(), "the node answered error " + answer.getError().getCode() + ": "
                    + answer.getError().getMessage());
        }
        return answer;
    }

    /** A hex quantity such as {@code "0x1a"}; anything else is the node's fault, named as such. */
    private static BigInteger quantity(String method, ChainNode node, Object result) throws ChainRpcException {
        if (!(result instanceof String) || !((String) result).matches("0x[0-9a-fA-F]{1,64}")) {
            throw new ChainRpcException(method, node.rpcUrl(), "the result " + result + " is not a hex quantity");
        }
        return new BigInteger(((String) result).substring(2), 16);
    }

    /**
     * Tops an account up to {@code minimumEther} from anvil's development faucet. Only on the embedded
     * node: on a real network accounts are funded in the genesis or by their owners.
     */
    public void fundFromDevFaucet(String address, BigInteger minimumEther) throws IOException {
        if (!node.embedded()) {
            throw new IllegalStateException("cannot fund " + address + ": the dev faucet exists only on the embedded node; fund it on "
                    + node.rpcUrl() + " yourself (e.g. in the Besu genesis alloc)");
        }
        BigInteger want = Convert.toWei(new java.math.BigDecimal(minimumEther), Convert.Unit.ETHER).toBigIntegerExact();
        BigInteger have = balance(address);
        if (have.compareTo(want) >= 0) return;
        try {
            TransactionReceipt r = new Transfer(web3j, signer(Credentials.create(AnvilNode.DEV_FAUCET_PRIVATE_KEY)))
                    .sendFunds(address, new java.math.BigDecimal(want.subtract(have)), Convert.Unit.WEI)
                    .send();
            if (!r.isStatusOK()) throw new IOException("funding " + address + " failed: " + r.getTransactionHash());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("funding " + address + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
        node.close();
    }
}
