package org.vnfx.ledger.trail;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vnfx.ledger.tx.ContractAbis;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Array;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Decodes any event of the suite's contracts from the ABIs the build compiled (so a contract added to the suite
 * is decoded without code here): indexed arguments from the topics, the others from the data.
 */
public final class EventDecoder {
    private record Input(String name, String type, boolean indexed) {}

    private record Signature(String contract, String event, List<Input> inputs) {}

    /** (contract, topic0) → event: two contracts may declare events of the same signature. */
    private final Map<String, Signature> byContractAndTopic = new HashMap<>();

    public EventDecoder() {
        for (Map.Entry<String, JsonNode> abi : ContractAbis.all().entrySet()) {
            for (JsonNode item : abi.getValue()) {
                if (!item.path("type").asText().equals("event")) continue;
                List<Input> inputs = new ArrayList<>();
                List<String> types = new ArrayList<>();
                for (JsonNode in : item.path("inputs")) {
                    String type = ContractAbis.canonicalType(in);
                    inputs.add(new Input(in.path("name").asText(), type, in.path("indexed").asBoolean()));
                    types.add(type);
                }
                String name = item.path("name").asText();
                String topic = Hash.sha3String(name + "(" + String.join(",", types) + ")").toLowerCase(Locale.ROOT);
                byContractAndTopic.put(abi.getKey() + topic, new Signature(abi.getKey(), name, List.copyOf(inputs)));
            }
        }
    }

    /** The event, or empty when {@code contract} declares no event with this log's signature. */
    public Optional<TrailEvent> decode(String contract, Log log, Instant time) {
        if (log.getTopics().isEmpty()) return Optional.empty();
        Signature sig = byContractAndTopic.get(contract + log.getTopics().get(0).toLowerCase(Locale.ROOT));
        if (sig == null) return Optional.empty();
        List<TypeReference<Type>> dataTypes = new ArrayList<>();
        for (Input in : sig.inputs()) if (!in.indexed()) dataTypes.add(reference(in.type()));
        @SuppressWarnings({"rawtypes", "unchecked"})
        List<Type> data = FunctionReturnDecoder.decode(log.getData(), (List) dataTypes);
        Map<String, Object> args = new LinkedHashMap<>();
        int topic = 1;
        int field = 0;
        for (Input in : sig.inputs()) {
            if (in.indexed()) {
                String t = log.getTopics().get(topic++);
                args.put(in.name(), indexed(in.type(), t));
            } else {
                args.put(in.name(), value(data.get(field++)));
            }
        }
        return Optional.of(new TrailEvent(log.getBlockNumber().longValueExact(), time, log.getTransactionHash(), log.getLogIndex().intValueExact(),
                sig.contract(), sig.event(), args));
    }

    @SuppressWarnings("unchecked")
    private static TypeReference<Type> reference(String type) {
        try {
            return (TypeReference<Type>) (TypeReference<?>) TypeReference.makeTypeReference(type);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot decode ABI type " + type, e);
        }
    }

    private static Object indexed(String type, String topic) {
        String hex = topic.toLowerCase(Locale.ROOT);
        if (type.equals("address")) return "0x" + hex.substring(hex.length() - 40);
        if (type.equals("bool")) return !new BigInteger(hex.substring(2), 16).equals(BigInteger.ZERO);
        if (type.startsWith("uint")) return new BigInteger(hex.substring(2), 16);
        return hex; // bytes32, and the hash of an indexed dynamic value
    }

    private static Object value(Type<?> t) {
        if (t instanceof Address a) return a.getValue().toLowerCase(Locale.ROOT);
        if (t instanceof Bytes32 b) return "0x" + HexFormat.of().formatHex(b.getValue());
        if (t instanceof DynamicBytes b) return "0x" + HexFormat.of().formatHex(b.getValue());
        if (t instanceof Bool b) return b.getValue();
        if (t instanceof Array<?> arr) {
            List<Object> out = new ArrayList<>();
            for (Type<?> e : arr.getValue()) out.add(value(e));
            return out;
        }
        Object v = t.getValue();
        if (v instanceof byte[] bytes) return "0x" + HexFormat.of().formatHex(bytes);
        return v;
    }
}
