package org.vnfx.portal.sol013;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attribute selectors of ETSI GS NFV-SOL 013 (clause 5.3): {@code all_fields}, {@code fields},
 * {@code exclude_fields}, {@code exclude_default}. Each resource type names its complex attributes that
 * are left out by default (for VnfPkgInfo: softwareImages, additionalArtifacts, userDefinedData, checksum,
 * onboardingFailureDetails). With no selector, or {@code exclude_default}, those are left out;
 * {@code exclude_default} with {@code fields} brings the listed ones back; {@code fields} alone keeps the
 * listed attributes and every attribute not excluded by default; {@code exclude_fields} drops the listed
 * ones and keeps the rest; {@code all_fields} keeps everything. Names are paths with {@code /}.
 */
public record AttributeSelector(Mode mode, List<List<String>> paths) {
    public enum Mode { DEFAULT, ALL, FIELDS, EXCLUDE_FIELDS }

    public AttributeSelector {
        paths = List.copyOf(paths);
    }

    public static final AttributeSelector DEFAULT = new AttributeSelector(Mode.DEFAULT, List.of());

    /**
     * From the query parameters; {@code attributes} are the paths that exist, so a typo is an error.
     *
     * @throws IllegalArgumentException for a combination SOL013 forbids or an unknown attribute
     */
    public static AttributeSelector of(Map<String, String> query, Set<String> attributes) {
        boolean all = query.containsKey("all_fields");
        String fields = query.get("fields");
        String exclude = query.get("exclude_fields");
        boolean excludeDefault = query.containsKey("exclude_default");
        if (all && (fields != null || exclude != null || excludeDefault)) {
            throw new IllegalArgumentException("all_fields cannot be combined with fields, exclude_fields or exclude_default");
        }
        if (fields != null && exclude != null) throw new IllegalArgumentException("fields and exclude_fields cannot be combined");
        if (exclude != null && excludeDefault) throw new IllegalArgumentException("exclude_fields and exclude_default cannot be combined");
        if (all) return new AttributeSelector(Mode.ALL, List.of());
        if (fields != null) return new AttributeSelector(Mode.FIELDS, paths("fields", fields, attributes));
        if (exclude != null) return new AttributeSelector(Mode.EXCLUDE_FIELDS, paths("exclude_fields", exclude, attributes));
        return DEFAULT;
    }

    private static List<List<String>> paths(String parameter, String list, Set<String> attributes) {
        List<List<String>> out = new ArrayList<>();
        for (String p : list.split(",")) {
            if (!attributes.contains(p)) throw new IllegalArgumentException(parameter + ": '" + p + "' is not an attribute of this resource");
            out.add(List.of(p.split("/")));
        }
        return out;
    }

    /** A copy of {@code resource} with the selection applied; {@code excludedByDefault} are top-level names. */
    public ObjectNode apply(ObjectNode resource, Set<String> excludedByDefault) {
        ObjectNode out = resource.deepCopy();
        switch (mode) {
            case ALL -> { }
            case DEFAULT -> excludedByDefault.forEach(out::remove);
            case FIELDS -> {
                for (String name : excludedByDefault) {
                    if (paths.stream().noneMatch(p -> p.get(0).equals(name))) out.remove(name);
                }
                // a nested path keeps only its own branch of a default-excluded attribute
                for (String name : excludedByDefault) {
                    List<List<String>> nested = paths.stream().filter(p -> p.get(0).equals(name) && p.size() > 1).toList();
                    if (!nested.isEmpty() && paths.stream().noneMatch(p -> p.size() == 1 && p.get(0).equals(name))) {
                        out.set(name, keepOnly(resource.get(name), nested, 1));
                    }
                }
            }
            case EXCLUDE_FIELDS -> {
                for (List<String> p : paths) remove(out, p, 0);
            }
        }
        return out;
    }

    /** {@code node} reduced to the branches {@code paths} name below {@code depth}; arrays keep every element, reduced. */
    private static JsonNode keepOnly(JsonNode node, List<List<String>> paths, int depth) {
        if (node == null || !node.isContainerNode()) return node;
        if (node.isArray()) {
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : node) result.add(keepOnly(e, paths, depth));
            return result;
        }
        Map<String, List<List<String>>> byName = new LinkedHashMap<>();
        for (List<String> p : paths) byName.computeIfAbsent(p.get(depth), k -> new ArrayList<>()).add(p);
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, List<List<String>>> e : byName.entrySet()) {
            JsonNode child = node.get(e.getKey());
            if (child == null) continue;
            boolean whole = e.getValue().stream().anyMatch(p -> p.size() == depth + 1);
            kept.set(e.getKey(), whole ? child.deepCopy() : keepOnly(child, e.getValue(), depth + 1));
        }
        return kept;
    }

    private static void remove(JsonNode node, List<String> path, int depth) {
        if (node == null) return;
        if (node.isArray()) {
            for (JsonNode e : node) remove(e, path, depth);
            return;
        }
        if (!node.isObject()) return;
        if (depth == path.size() - 1) {
            ((ObjectNode) node).remove(path.get(depth));
        } else {
            remove(node.get(path.get(depth)), path, depth + 1);
        }
    }
}
