package org.vnfx.portal.sol013;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SOL013 attribute selectors on a VnfPkgInfo-shaped resource. */
class AttributeSelectorTest {
    static final Set<String> DEFAULT_EXCLUDED = Set.of("softwareImages", "additionalArtifacts", "userDefinedData", "checksum");
    static final Set<String> ATTRIBUTES = Set.of("id", "vnfProductName", "softwareImages", "softwareImages/name", "softwareImages/checksum",
            "additionalArtifacts", "userDefinedData", "checksum", "checksum/hash");
    static final ObjectMapper JSON = new ObjectMapper();

    ObjectNode pkg() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"id":"p1","vnfProductName":"ids","checksum":{"algorithm":"SHA-256","hash":"ab"},
                 "softwareImages":[{"name":"suricata","checksum":{"hash":"cd"},"size":1},{"name":"rules","checksum":{"hash":"ef"},"size":2}],
                 "additionalArtifacts":[{"artifactPath":"Files/rules/vnfx.rules"}],"userDefinedData":{"region":"eu"}}""");
    }

    String select(Map<String, String> q) throws Exception {
        return AttributeSelector.of(q, ATTRIBUTES).apply(pkg(), DEFAULT_EXCLUDED).toString();
    }

    @Test
    void eachSelectorKeepsWhatSol013Says() throws Exception {
        assertEquals("{\"id\":\"p1\",\"vnfProductName\":\"ids\"}", select(Map.of()), "by default the complex attributes are left out");
        assertEquals("{\"id\":\"p1\",\"vnfProductName\":\"ids\"}", select(Map.of("exclude_default", "")));
        assertEquals(pkg().toString(), select(Map.of("all_fields", "")));
        assertEquals("{\"id\":\"p1\",\"vnfProductName\":\"ids\",\"checksum\":{\"algorithm\":\"SHA-256\",\"hash\":\"ab\"}}",
                select(Map.of("fields", "checksum")));
        assertEquals("{\"id\":\"p1\",\"vnfProductName\":\"ids\",\"softwareImages\":[{\"name\":\"suricata\"},{\"name\":\"rules\"}]}",
                select(Map.of("fields", "softwareImages/name", "exclude_default", "")), "a nested path keeps only its branch, in every element");
        assertEquals("{\"id\":\"p1\",\"vnfProductName\":\"ids\",\"checksum\":{\"algorithm\":\"SHA-256\"},"
                + "\"softwareImages\":[{\"name\":\"suricata\",\"size\":1},{\"name\":\"rules\",\"size\":2}],"
                + "\"additionalArtifacts\":[{\"artifactPath\":\"Files/rules/vnfx.rules\"}],\"userDefinedData\":{\"region\":\"eu\"}}",
                select(Map.of("exclude_fields", "checksum/hash,softwareImages/checksum")));
    }

    @Test
    void forbiddenCombinationsAndUnknownAttributesAreErrors() {
        assertEquals("all_fields cannot be combined with fields, exclude_fields or exclude_default",
                assertThrows(IllegalArgumentException.class, () -> AttributeSelector.of(Map.of("all_fields", "", "fields", "checksum"), ATTRIBUTES)).getMessage());
        assertEquals("fields and exclude_fields cannot be combined",
                assertThrows(IllegalArgumentException.class, () -> AttributeSelector.of(Map.of("fields", "checksum", "exclude_fields", "id"), ATTRIBUTES)).getMessage());
        assertEquals("fields: 'checksums' is not an attribute of this resource",
                assertThrows(IllegalArgumentException.class, () -> AttributeSelector.of(Map.of("fields", "checksums"), ATTRIBUTES)).getMessage());
    }
}
