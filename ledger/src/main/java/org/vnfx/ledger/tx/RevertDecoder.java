package org.vnfx.ledger.tx;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;

/**
 * Turns revert data into names: reads the ABIs that the build compiled into the contracts jar and maps
 * every custom error's 4-byte selector to its signature, and every function selector to
 * {@code Contract.function} for messages.
 */
public final class RevertDecoder {
    private static final RevertDecoder INSTANCE = load();

    private record Signature(String name, List<String> names, List<String> types) {}

    private final Map<String, Signature> errors = new HashMap<>();
    /** Several contracts may declare the same selector (withdraw; InsufficientEscrow with other argument names). */
    private final Map<String, Map<String, Signature>> errorsByContract = new HashMap<>();
    private final Map<String, List<String>> functions = new HashMap<>();

    public static RevertDecoder instance() {
        return INSTANCE;
    }

    private static RevertDecoder load() {
        RevertDecoder d = new RevertDecoder();
        d.errors.put("08c379a0", new Signature("Error", List.of("message"), List.of("string")));
        d.errors.put("4e487b71", new Signature("Panic", List.of("code"), List.of("uint256")));
        for (Map.Entry<String, JsonNode> abi : ContractAbis.all().entrySet()) {
            String contract = abi.getKey();
            for (JsonNode item : abi.getValue()) {
                String kind = item.path("type").asText();
                if (!kind.equals("error") && !kind.equals("function")) continue;
                List<String> names = new ArrayList<>();
                List<String> types = new ArrayList<>();
                for (JsonNode in : item.path("inputs")) {
                    names.add(in.path("name").asText());
                    types.add(ContractAbis.canonicalType(in));
                }
                String name = item.path("name").asText();
                String selector = selector(name + "(" + String.join(",", types) + ")");
                if (kind.equals("error")) {
                    Signature sig = new Signature(name, names, types);
                    d.errors.putIfAbsent(selector, sig);
                    d.errorsByContract.computeIfAbsent(contract, c -> new HashMap<>()).put(selector, sig);
                } else {
                    List<String> owners = d.functions.computeIfAbsent(selector, k -> new ArrayList<>());
                    if (!owners.contains(contract + "." + name)) owners.add(contract + "." + name);
                }
            }
        }
        return d;
    }

    /**
     * Names the function that {@code calldata} calls, e.g. {@code Orchestration.grant}. A selector that several
     * contracts share (withdraw) is named with all of them, e.g. {@code Licences|Settlement.withdraw};
     * use {@link #function(String, String)} when the called contract is known.
     */
    public String function(String calldata) {
        return function(null, calldata);
    }

    /** As {@link #function(String)}, preferring {@code contract} (e.g. "Settlement") when it declares the selector. */
    public String function(String contract, String calldata) {
        if (calldata == null || calldata.length() < 10) return "(deployment)";
        String sel = strip(calldata).substring(0, 8);
        List<String> owners = functions.get(sel);
        if (owners == null) return "0x" + sel;
        if (contract != null) {
            for (String o : owners) if (o.startsWith(contract + ".")) return o;
        }
        if (owners.size() == 1) return owners.get(0);
        String name = owners.get(0).substring(owners.get(0).indexOf('.') + 1);
        return String.join("|", owners.stream().map(o -> o.substring(0, o.indexOf('.'))).toList()) + "." + name;
    }

    /** Decodes revert data (0x-hex) into an exception naming the error and its arguments. */
    public ContractRevertException decode(String function, String revertData) {
        String hex = revertData == null ? "" : strip(revertData);
        if (hex.length() < 8) {
            return new ContractRevertException(function, "(no revert data)", Map.of());
        }
        // Prefer the called contract's own declaration: the same selector may carry other argument names elsewhere.
        String contract = function == null || function.indexOf('.') < 0 ? "" : function.substring(0, function.indexOf('.'));
        Signature sig = errorsByContract.getOrDefault(contract, Map.of()).get(hex.substring(0, 8));
        if (sig == null) sig = errors.get(hex.substring(0, 8));
        if (sig == null) {
            return new ContractRevertException(function, "0x" + hex.substring(0, 8), Map.of("data", "0x" + hex));
        }
        Map<String, Object> args = new LinkedHashMap<>();
        try {
            @SuppressWarnings({"rawtypes", "unchecked"})
            List<TypeReference<Type>> refs = new ArrayList<>();
            for (String t : sig.types()) refs.add(TypeReference.makeTypeReference(t));
            List<Type> values = FunctionReturnDecoder.decode("0x" + hex.substring(8), refs);
            for (int i = 0; i < values.size(); i++) args.put(sig.names().get(i), plain(values.get(i).getValue()));
        } catch (ClassNotFoundException | RuntimeException e) {
            args.put("data", "0x" + hex);
        }
        return new ContractRevertException(function, sig.name(), args);
    }

    private static Object plain(Object v) {
        if (v instanceof byte[] b) return "0x" + HexFormat.of().formatHex(b);
        if (v instanceof List<?> l) return l.stream().map(x -> x instanceof Type<?> t ? plain(t.getValue()) : plain(x)).toList();
        return v;
    }

    static String render(Object v) {
        return v instanceof BigInteger || v instanceof String || v instanceof Boolean ? v.toString() : String.valueOf(v);
    }

    private static String selector(String signature) {
        return HexFormat.of().formatHex(Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 4);
    }

    private static String strip(String hex) {
        return (hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex).toLowerCase();
    }
}
