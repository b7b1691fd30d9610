package org.vnfx.ledger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetBalance;

/**
 * Named read-only views of the chain, read together into one comparable map: the "state" that a
 * rejected call must leave exactly as it was. Raw views (contract calls, ether balances) are read in one
 * JSON-RPC batch and compared as the ABI-encoded bytes the node returns; other views are read one by one.
 */
public final class Views {
    @FunctionalInterface
    public interface View {
        Object read() throws Exception;
    }

    private final Web3j web3j;
    private final Map<String, View> views = new LinkedHashMap<>();
    private final Map<String, Request<?, ? extends Response<?>>> raw = new LinkedHashMap<>();

    public Views() {
        this(null);
    }

    public Views(Web3j web3j) {
        this.web3j = web3j;
    }

    public Views add(String name, View view) {
        views.put(name, view);
        return this;
    }

    /** A view function of a contract, e.g. {@code offer(bytes32)}, by name and arguments. */
    public Views call(String name, String contract, String function, Type<?>... args) {
        String data = FunctionEncoder.encode(new Function(function, List.of(args), List.of()));
        raw.put(name, web3j.ethCall(Transaction.createEthCallTransaction(null, contract, data), DefaultBlockParameterName.LATEST));
        return this;
    }

    public Views etherBalance(String name, String address) {
        raw.put(name, web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST));
        return this;
    }

    public Map<String, String> read() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        if (!raw.isEmpty()) {
            var batch = web3j.newBatch();
            List<String> names = new ArrayList<>(raw.keySet());
            for (var r : raw.values()) batch.add(r);
            List<? extends Response<?>> responses = batch.send().getResponses();
            if (responses.size() != names.size()) throw new IOException("batch answered " + responses.size() + " of " + names.size());
            for (int i = 0; i < names.size(); i++) {
                Response<?> r = responses.get(i);
                if (r.hasError()) throw new IOException(names.get(i) + ": " + r.getError().getMessage());
                out.put(names.get(i), r instanceof EthCall c ? c.getValue() : r instanceof EthGetBalance b ? b.getBalance().toString() : String.valueOf(r.getResult()));
            }
        }
        for (var e : views.entrySet()) out.put(e.getKey(), render(e.getValue().read()));
        return out;
    }

    /** Structs as their ABI values, byte arrays as hex, lists element by element. */
    public static String render(Object v) {
        if (v == null) return "null";
        if (v instanceof byte[] b) return "0x" + HexFormat.of().formatHex(b);
        if (v instanceof org.web3j.abi.datatypes.StaticStruct s) return render(s.getValue());
        if (v instanceof Type<?> t) return render(t.getValue());
        if (v instanceof List<?> l) return l.stream().map(Views::render).collect(Collectors.joining(", ", "[", "]"));
        return v.toString();
    }
}
