package org.vnfx.packages.csar.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The block 0 keys of {@code TOSCA-Metadata/TOSCA.meta} that vnfx knows, by their canonical (current SOL004)
 * spelling, whatever spelling and case the file used.
 *
 * @param values canonical key to its value and line, in file order
 */
public record ToscaMetaFile(Map<String, Value> values) {
    public static final String PATH = "TOSCA-Metadata/TOSCA.meta";
    public static final String FILE_VERSION = "TOSCA-Meta-File-Version";
    public static final String CSAR_VERSION = "CSAR-Version";
    public static final String CREATED_BY = "Created-By";
    public static final String ENTRY_DEFINITIONS = "Entry-Definitions";
    public static final String MANIFEST = "ETSI-Entry-Manifest";
    public static final String CHANGE_LOG = "ETSI-Entry-Change-Log";
    public static final String LICENSES = "ETSI-Entry-Licenses";
    public static final String CERTIFICATE = "ETSI-Entry-Certificate";
    public static final String TESTS = "ETSI-Entry-Tests";

    /**
     * @param value the value, trimmed
     * @param line its 1-based line
     * @param spelled the key as the file spells it
     */
    public record Value(String value, int line, String spelled) {
    }

    public ToscaMetaFile {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public String get(String canonical) {
        Value v = values.get(canonical);
        return v == null ? null : v.value();
    }

    /** Canonical key to value. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.value()));
        return Collections.unmodifiableMap(m);
    }
}
