package org.vnfx.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** A descriptor's document as JSON, keys in file order (the reader's maps keep it; Jackson writes maps as iterated). */
final class DocumentJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DocumentJson() {}

    static String write(Map<String, Object> document) {
        try {
            String json = MAPPER.writeValueAsString(document);
            // PostgreSQL text and jsonb cannot hold U+0000.
            if (json.contains("\\u0000")) throw new IllegalArgumentException("descriptor.document contains a NUL character");
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("descriptor.document cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
