package org.vnfx.packages.descriptor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vnfx.packages.PackageException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A node of a composed descriptor together with its place: the file, the line and the YAML path
 * ({@code a.b[2].c}). Every accessor fails with a {@link PackageException} that starts with that path and says
 * what was expected, so the readers never have to build an error message by hand for a structural problem.
 */
final class YamlAt {
    /** A plain decimal: no sign, no exponent, bounded digits (so no value can make BigDecimal arithmetic slow). */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,20})?");
    private static final Pattern WHOLE = Pattern.compile("\\+?[0-9]{1,9}");

    final String file;
    final Node node;
    final String path;

    private YamlAt(String file, Node node, String path) {
        this.file = file;
        this.node = node;
        this.path = path;
    }

    static YamlAt root(String file, Node node) {
        return new YamlAt(file, node, "");
    }

    /** 1-based line where the node starts. */
    int line() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** What error messages call this node. */
    String name() {
        return path.isEmpty() ? "the document" : path;
    }

    PackageException error(String problem) {
        return new PackageException(file, line(), name() + " " + problem);
    }

    boolean isNull() {
        return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty());
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    private String kind() {
        return switch (node.getNodeId()) {
            case mapping -> "a mapping";
            case sequence -> "a list";
            default -> "a single value";
        };
    }

    MappingNode mapping() throws PackageException {
        if (node instanceof MappingNode m) return m;
        throw error("must be a mapping (key: value entries), not " + kind());
    }

    /** The entries of this mapping, in file order; keys must be single values. */
    List<Map.Entry<String, YamlAt>> entries() throws PackageException {
        List<Map.Entry<String, YamlAt>> entries = new ArrayList<>();
        for (NodeTuple t : mapping().getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                YamlAt at = new YamlAt(file, t.getKeyNode(), path);
                throw at.error("has a key that is " + at.kind() + "; keys must be single values");
            }
            entries.add(Map.entry(key.getValue(), child(key.getValue(), t.getValueNode())));
        }
        return entries;
    }

    private YamlAt child(String key, Node value) {
        return new YamlAt(file, value, path.isEmpty() ? key : path + "." + key);
    }

    /** 1-based line of {@code key} in this mapping (this node's line when the key is not there). */
    int keyLine(String key) throws PackageException {
        for (NodeTuple t : mapping().getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key) && k.getStartMark() != null) return k.getStartMark().getLine() + 1;
        }
        return line();
    }

    /** The value under {@code key}, nulls included; this node must be a mapping. */
    Optional<YamlAt> find(String key) throws PackageException {
        for (NodeTuple t : mapping().getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return Optional.of(child(key, t.getValueNode()));
        }
        return Optional.empty();
    }

    /** The value under {@code key} if it is there and not null. */
    Optional<YamlAt> get(String key) throws PackageException {
        return find(key).filter(v -> !v.isNull());
    }

    boolean has(String key) throws PackageException {
        return get(key).isPresent();
    }

    /** The value under {@code key}: missing or null is an error. */
    YamlAt require(String key) throws PackageException {
        YamlAt value = find(key).orElseThrow(() -> new PackageException(file, line(), (path.isEmpty() ? key : path + "." + key) + " is missing"));
        if (value.isNull()) throw value.error("has no value");
        return value;
    }

    /** The items of this list, each with its index in the path. */
    List<YamlAt> list() throws PackageException {
        if (!(node instanceof SequenceNode sequence)) throw error("must be a list, not " + kind());
        List<YamlAt> items = new ArrayList<>();
        for (Node item : sequence.getValue()) items.add(new YamlAt(file, item, path + "[" + items.size() + "]"));
        return items;
    }

    /** One line of text (a name, an id, a version): not a mapping or list, not empty, no control characters. */
    String text() throws PackageException {
        String value = prose();
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw error("must be one line of text without control characters");
        return value;
    }

    /** Free text (a description): a single value, not empty; line breaks allowed. */
    String prose() throws PackageException {
        if (!(node instanceof ScalarNode scalar)) throw error("must be a single value, not " + kind());
        String value = scalar.getValue().strip();
        if (value.isEmpty()) throw error("has no value");
        if (value.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f)) {
            throw error("must be text without control characters");
        }
        return value;
    }

    String text(String key) throws PackageException {
        return require(key).text();
    }

    Optional<String> optText(String key) throws PackageException {
        Optional<YamlAt> value = get(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value.get().text());
    }

    Optional<String> optProse(String key) throws PackageException {
        Optional<YamlAt> value = get(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value.get().prose());
    }

    /** A whole number of at least {@code min} (at most nine digits: counts of CPUs and instances). */
    int whole(int min) throws PackageException {
        String text = scalarText("a whole number");
        if (!WHOLE.matcher(text).matches() || Integer.parseInt(text.startsWith("+") ? text.substring(1) : text) < min) {
            throw error("must be a whole number " + (min == 0 ? "(0 or more)" : "of at least " + min) + ", not '" + text + "'");
        }
        return Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
    }

    /** A plain non-negative decimal such as {@code 2} or {@code 0.5} (what OSM and 5GTANGO write for sizes and CPUs). */
    BigDecimal decimal() throws PackageException {
        String text = scalarText("a number");
        if (!DECIMAL.matcher(text).matches()) throw error("must be a number such as 2 or 0.5, not '" + text + "'");
        return new BigDecimal(text);
    }

    /** The text of a scalar, for the number readers (which then say what they expected). */
    String scalarText(String expected) throws PackageException {
        if (!(node instanceof ScalarNode scalar)) throw error("must be " + expected + ", not " + kind());
        return scalar.getValue().strip();
    }
}
