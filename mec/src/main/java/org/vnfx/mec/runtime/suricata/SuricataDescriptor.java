package org.vnfx.mec.runtime.suricata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.mec.runtime.VnfStartException;

/**
 * What a Suricata package's {@code runtime/suricata.json} says:
 * <pre>{"engine": "suricata", "minimumVersion": "7.0", "config": "Files/config/suricata.yaml",
 *  "replay": ["Files/traffic/sample.pcap"], "startTimeoutSeconds": 60}</pre>
 * Paths are relative to the package root, which is Suricata's working directory.
 */
public record SuricataDescriptor(String minimumVersion, String config, List<String> replay, int startTimeoutSeconds) {
    public static final String ENTRY = "runtime/suricata.json";
    public static final int DEFAULT_START_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    public SuricataDescriptor {
        replay = List.copyOf(replay);
    }

    public static SuricataDescriptor parse(byte[] json) throws VnfStartException {
        JsonNode d;
        try {
            d = JSON.readTree(json);
        } catch (IOException e) {
            throw new VnfStartException(ENTRY + " is not valid JSON: " + e.getMessage());
        }
        if (d == null || !d.isObject()) throw new VnfStartException(ENTRY + " must be a JSON object");
        if (!"suricata".equals(d.path("engine").asText())) {
            throw new VnfStartException(ENTRY + ": \"engine\" must be \"suricata\", found " + d.path("engine"));
        }
        String minimum = d.path("minimumVersion").asText("7.0");
        if (!minimum.matches("\\d+(\\.\\d+){0,2}")) throw new VnfStartException(ENTRY + ": \"minimumVersion\" must look like 7.0 or 7.0.3, found " + minimum);
        String config = relativePath(d.path("config"), "config");
        List<String> replay = new ArrayList<>();
        JsonNode r = d.path("replay");
        if (!r.isMissingNode() && !r.isArray()) throw new VnfStartException(ENTRY + ": \"replay\" must be an array of paths");
        for (JsonNode p : r) replay.add(relativePath(p, "replay[" + replay.size() + "]"));
        int timeout = d.path("startTimeoutSeconds").asInt(DEFAULT_START_TIMEOUT_SECONDS);
        if (timeout <= 0 || timeout > 3600) throw new VnfStartException(ENTRY + ": \"startTimeoutSeconds\" must be 1..3600, found " + timeout);
        return new SuricataDescriptor(minimum, config, replay, timeout);
    }

    private static String relativePath(JsonNode n, String field) throws VnfStartException {
        if (!n.isTextual() || n.asText().isBlank()) throw new VnfStartException(ENTRY + ": \"" + field + "\" must be a path inside the package");
        String p = n.asText();
        if (p.startsWith("/") || p.contains("\\") || List.of(p.split("/")).contains("..")) {
            throw new VnfStartException(ENTRY + ": \"" + field + "\" must stay inside the package, found " + p);
        }
        return p;
    }
}
