package org.vnfx.packages;

import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Small read-only helpers over a composed YAML tree (see {@link SafeYaml}); every failure names the file,
 * the line and the dotted key path of what is missing or wrong.
 */
final class YamlTree {
    private YamlTree() {}

    /** 1-based line where {@code node} starts. */
    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty());
    }

    /** The value under a plain scalar key, if present (a key with a null value counts as absent). */
    static Optional<Node> get(MappingNode mapping, String key) {
        return find(mapping, key).filter(n -> !isNull(n));
    }

    /** The value under a plain scalar key, null values included. */
    static Optional<Node> find(MappingNode mapping, String key) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return Optional.of(t.getValueNode());
        }
        return Optional.empty();
    }

    /** The non-null value under {@code key}, or an error saying it is missing or has no value. */
    static Node require(String file, MappingNode parent, String parentPath, String key) throws PackageException {
        String path = join(parentPath, key);
        Node node = find(parent, key).orElse(null);
        if (node == null) {
            throw new PackageException(file, line(parent), path + " is missing" + (parentPath.isEmpty() ? "" : " (in " + parentPath + ")"));
        }
        if (isNull(node)) throw new PackageException(file, line(node), path + " has no value");
        return node;
    }

    static MappingNode asMapping(String file, Node node, String path) throws PackageException {
        if (node instanceof MappingNode m) return m;
        throw new PackageException(file, line(node), path + " must be a mapping (key: value entries)");
    }

    /** The mapping under {@code key} of {@code parent} (whose own path is {@code parentPath}). */
    static MappingNode mapping(String file, MappingNode parent, String parentPath, String key) throws PackageException {
        return asMapping(file, require(file, parent, parentPath, key), join(parentPath, key));
    }

    /** The text of the single-line scalar under {@code key}, trimmed; absent, empty, a mapping or a list fail. */
    static String text(String file, MappingNode parent, String parentPath, String key) throws PackageException {
        String path = join(parentPath, key);
        Node node = require(file, parent, parentPath, key);
        if (!(node instanceof ScalarNode scalar)) {
            throw new PackageException(file, line(node), path + " must be a single value, not a " + kind(node));
        }
        String value = scalar.getValue().strip();
        if (value.isEmpty()) throw new PackageException(file, line(node), path + " has no value");
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new PackageException(file, line(node), path + " must be one line of text without control characters");
        }
        return value;
    }

    private static String kind(Node node) {
        return switch (node.getNodeId()) {
            case mapping -> "mapping";
            case sequence -> "list";
            default -> "scalar";
        };
    }

    static String join(String parentPath, String key) {
        return parentPath.isEmpty() ? key : parentPath + "." + key;
    }
}
