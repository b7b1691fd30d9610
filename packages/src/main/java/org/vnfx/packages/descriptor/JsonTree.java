package org.vnfx.packages.descriptor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.vnfx.packages.PackageException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The composed descriptor as a JSON-compatible tree of unmodifiable {@code Map<String, Object>} (file order),
 * {@code List<Object>}, {@code String}, {@code Long}/{@code BigInteger}, {@code BigDecimal}, {@code Boolean}
 * and {@code null}, for a catalogue to store as a JSON document.
 *
 * <p>The YAML parser caps the number of aliases, but each alias of a collection is a copy once the tree is
 * expanded, so a few dozen nested aliases still describe billions of values. The expansion is therefore
 * counted and stops at {@link #MAX_VALUES}, and a collection that contains itself is refused. (Depth stays
 * bounded without a check: the parser caps nesting at 64 and aliases of collections at 50.)
 */
final class JsonTree {
    static final int MAX_VALUES = 100_000;
    /** YAML 1.1 integers and floats that are also JSON numbers; octal, hex, sexagesimal and .inf stay text. */
    private static final Pattern INT = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]{1,3})?");

    private final String file;
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    private JsonTree(String file) {
        this.file = file;
    }

    /** The whole document, which must be a mapping. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> of(YamlAt root) throws PackageException {
        root.mapping();
        return (Map<String, Object>) new JsonTree(root.file).value(root.node, "");
    }

    private Object value(Node node, String path) throws PackageException {
        if (++values > MAX_VALUES) {
            throw new PackageException(file, "expands to more than " + MAX_VALUES + " values through YAML aliases; not a descriptor (alias bomb?)");
        }
        if (node instanceof ScalarNode scalar) return scalar(scalar);
        if (!open.add(node)) {
            throw new PackageException(file, line(node), (path.isEmpty() ? "the document" : path) + " contains itself through a YAML alias");
        }
        try {
            if (node instanceof SequenceNode sequence) {
                List<Object> list = new ArrayList<>();
                for (Node item : sequence.getValue()) list.add(value(item, path + "[" + list.size() + "]"));
                return Collections.unmodifiableList(list);
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    throw new PackageException(file, line(t.getKeyNode()), (path.isEmpty() ? "the document" : path)
                            + " has a key that is not a single value; JSON keys are strings");
                }
                String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                map.put(key.getValue(), value(t.getValueNode(), child));
            }
            return Collections.unmodifiableMap(map);
        } finally {
            open.remove(node);
        }
    }

    /** A scalar as YAML resolved it, except where JSON has no equivalent (those keep the text as written). */
    private static Object scalar(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) return null;
        if (Tag.BOOL.equals(tag)) {
            String t = text.toLowerCase(Locale.ROOT);
            return t.equals("true") || t.equals("yes") || t.equals("on");
        }
        if (Tag.INT.equals(tag) && INT.matcher(text).matches()) {
            BigInteger value = new BigInteger(text);
            return value.bitLength() < 64 ? (Object) value.longValue() : value;
        }
        if (Tag.FLOAT.equals(tag) && FLOAT.matcher(text).matches()) return new BigDecimal(text);
        return text;
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
