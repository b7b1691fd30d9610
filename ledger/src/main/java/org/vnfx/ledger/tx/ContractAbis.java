package org.vnfx.ledger.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ABIs the build compiled into the contracts jar, by contract name: what names errors, functions and events. */
public final class ContractAbis {
    private static final String ABI_FOLDER = "org/vnfx/contracts/solc/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> ALL = load();

    private ContractAbis() {}

    /** Contract name to its ABI (a JSON array), for every contract the build compiled. */
    public static Map<String, JsonNode> all() {
        return ALL;
    }

    /** The canonical type of an ABI input, as in a signature: {@code (uint256,address)[]} for a tuple array. */
    public static String canonicalType(JsonNode input) {
        String type = input.path("type").asText();
        if (type.startsWith("tuple")) {
            List<String> inner = new ArrayList<>();
            for (JsonNode c : input.path("components")) inner.add(canonicalType(c));
            return "(" + String.join(",", inner) + ")" + type.substring("tuple".length());
        }
        return type;
    }

    private static Map<String, JsonNode> load() {
        Map<String, JsonNode> abis = new LinkedHashMap<>();
        try {
            JsonNode info = JSON.readTree(resource("build-info.json"));
            for (var it = info.path("contracts").fieldNames(); it.hasNext(); ) {
                String contract = it.next();
                abis.put(contract, JSON.readTree(resource(contract + ".abi")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the contract ABIs from the classpath", e);
        }
        return Collections.unmodifiableMap(abis);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ContractAbis.class.getClassLoader().getResourceAsStream(ABI_FOLDER + name);
        if (in == null) throw new IOException("missing classpath resource " + ABI_FOLDER + name + " (is vnfx-contracts built?)");
        return in;
    }
}
