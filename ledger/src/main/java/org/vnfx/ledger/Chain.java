package org.vnfx.ledger;

import java.io.IOException;
import java.math.BigInteger;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.node.ChainNode;
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
    private final TransactionReceiptProcessor receipts;

    private Chain(ChainNode node, HttpService rpc, Web3j web3j, long chainId) {
        this.node = node;
        this.rpc = rpc;
        this.web3j = web3j;
        this.chainId = chainId;
        this.receipts = new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS);
    }

    /** Connects to the node; the chain takes ownership of it and closes it on {@link #close()}. */
    public static Chain connect(ChainNode node) throws IOException {
        HttpService rpc = new HttpService(node.rpcUrl().toString());
        Web3j web3j = Web3j.build(rpc);
        try {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            return new Chain(node, rpc, web3j, chainId);
        } catch (IOException | RuntimeException e) {
            web3j.shutdown();
            node.close();
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
        return new PreflightTransactionManager(web3j, credentials, chainId, receipts);
    }

    /** A raw JSON-RPC call (node-specific methods such as anvil's evm_mine); errors become IOExceptions. */
    public Object rpc(String method, Object... params) throws IOException {
        Response<?> r = rpc.send(new Request<>(method, java.util.List.of(params), rpc, ObjectResponse.class), ObjectResponse.class);
        if (r.hasError()) throw new IOException(method + " failed: " + r.getError().getMessage());
        return r.getResult();
    }

    /** Response type for {@link #rpc}: any JSON result. */
    public static final class ObjectResponse extends Response<Object> {}

    /** eth_getLogs, in chain order (block, log index); a node error becomes an IOException. */
    public java.util.List<Log> logs(EthFilter filter) throws IOException {
        EthLog answer = web3j.ethGetLogs(filter).send();
        if (answer.hasError()) throw new IOException("eth_getLogs failed: " + answer.getError().getMessage());
        java.util.List<Log> out = new java.util.ArrayList<>();
        for (EthLog.LogResult<?> r : answer.getLogs()) out.add((Log) r.get());
        out.sort(java.util.Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex));
        return out;
    }

    public BigInteger balance(String address) throws IOException {
        return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    /** A block's timestamp: what a read model records instead of its own clock, so that a rebuild gives the same values. */
    public java.time.Instant blockTime(long block) throws IOException {
        var answer = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send();
        if (answer.hasError()) throw new IOException("eth_getBlockByNumber " + block + " failed: " + answer.getError().getMessage());
        if (answer.getBlock() == null) throw new IOException("block " + block + " is not on the chain");
        return java.time.Instant.ofEpochSecond(answer.getBlock().getTimestamp().longValueExact());
    }

    public long blockNumber() throws IOException {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
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
