package org.vnfx.packages;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a descriptor file into a YAML node tree, safely: the tree is only composed, never constructed into
 * objects (no type of the file's choosing is ever instantiated), with limits on size, nesting and aliases
 * (so an alias bomb fails instead of exhausting memory), and duplicate keys refused. Scalars keep the text as
 * written ({@code 1.10} stays "1.10", a timestamp stays a string), and every node knows its line, so callers
 * can say where a problem is. Errors name the file, the line and column, and the problem. Public for the
 * descriptor readers of {@code org.vnfx.packages.descriptor}.
 */
public final class SafeYaml {
    static final int MAX_BYTES = 4 * 1024 * 1024;
    static final int MAX_ALIASES = 50;
    static final int MAX_NESTING = 64;

    private SafeYaml() {}

    /** @return the root node of the single document in {@code file} */
    public static Node read(Path file) throws IOException, PackageException {
        String name = file.toString();
        if (Files.size(file) > MAX_BYTES) throw new PackageException(name, "larger than " + MAX_BYTES + " bytes; not a descriptor");
        return read(name, Files.readAllBytes(file));
    }

    /**
     * The same for a descriptor already in memory (a CSAR entry, an upload).
     *
     * @param name how errors name the file
     * @return the root node of the single document in {@code content}
     */
    public static Node read(String name, byte[] content) throws PackageException {
        if (content.length > MAX_BYTES) throw new PackageException(name, "larger than " + MAX_BYTES + " bytes; not a descriptor");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new PackageException(name, "not UTF-8 text");
        }
        Node root;
        try {
            root = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            if (at == null) throw new PackageException(name, "not valid YAML: " + problem);
            throw new PackageException(name, at.getLine() + 1, at.getColumn() + 1, "not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw new PackageException(name, "not valid YAML: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // SnakeYAML refuses some tags this way, not as a YAMLException (found by PolicyFileFuzzTest: 'a: !x%20')
            throw new PackageException(name, "not valid YAML: " + e.getMessage());
        }
        if (root == null) throw new PackageException(name, "empty; expected a YAML document");
        requireUniqueKeys(name, root, Collections.newSetFromMap(new IdentityHashMap<>()));
        return root;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_BYTES);
        options.setMergeOnCompose(true);
        return new Yaml(new SafeConstructor(options));
    }

    /** Composing does not check keys; a duplicate would silently hide a value. Each node is visited once. */
    private static void requireUniqueKeys(String name, Node node, Set<Node> seen) throws PackageException {
        if (!seen.add(node)) return;
        if (node instanceof MappingNode mapping) {
            Map<String, Node> keys = new HashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    Node first = keys.putIfAbsent(key.getValue(), key);
                    if (first != null) {
                        throw new PackageException(name, YamlTree.line(key), "duplicate key '" + key.getValue()
                                + "' (first at line " + YamlTree.line(first) + ")");
                    }
                }
                requireUniqueKeys(name, t.getKeyNode(), seen);
                requireUniqueKeys(name, t.getValueNode(), seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) requireUniqueKeys(name, item, seen);
        }
    }
}
