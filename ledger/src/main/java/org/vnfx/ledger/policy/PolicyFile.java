package org.vnfx.ledger.policy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.vnfx.ledger.suite.ShortName;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The usage-policy file format (YAML; JSON is read too, being YAML), compiled to a {@link UsagePolicy}:
 *
 * <pre>
 * vnfx-policy: 1                        # the format's version, required
 * allow: [instantiate, redistribute]    # required; any of instantiate, redistribute, modify; [] allows nothing
 * customers: [0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed]   # optional: only these customers
 * regions: [eu-west-1, eu-central-1]    # optional: only accounts the operator placed in these regions
 * max-instances: 10                     # optional: instances at a time, all customers together
 * until: 2027-06-30T23:59:59Z           # optional: RFC 3339; nothing is allowed after it
 * </pre>
 *
 * Every error names the file, the line and what was expected. The parser builds a node tree only (no object
 * construction, aliases refused), so a hostile file cannot make it build anything or expand without bound.
 */
public final class PolicyFile {
    public static final int VERSION = 1;
    /** A policy is a few lines; anything far larger is not one. */
    public static final int MAX_BYTES = 64 * 1024;

    private PolicyFile() {}

    public static UsagePolicy read(Path file) throws IOException, PolicyException {
        if (Files.size(file) > MAX_BYTES) throw new PolicyException(file + ": larger than " + MAX_BYTES + " bytes; not a usage policy");
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public static UsagePolicy parse(String name, String text) throws PolicyException {
        if (text.length() > MAX_BYTES) throw new PolicyException(name + ": larger than " + MAX_BYTES + " bytes; not a usage policy");
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(0);
            options.setAllowRecursiveKeys(false);
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new PolicyException(name + ":" + (e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            if (String.valueOf(e.getMessage()).contains("aliases")) throw new PolicyException(name + ": aliases (& and *) are not allowed in a usage policy");
            throw new PolicyException(name + ": not valid YAML: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // SnakeYAML refuses some tags this way, not as a YAMLException (found by PolicyFileFuzzTest: 'a: !x%20')
            throw new PolicyException(name + ": not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof MappingNode map)) throw new PolicyException(name + ":1: expected a mapping with vnfx-policy and allow");
        Integer version = null;
        Set<Action> allowed = null;
        List<String> customers = List.of();
        List<String> regions = List.of();
        int maxInstances = 0;
        Instant until = null;
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(name, t.getKeyNode(), "a key");
            if (!seen.add(key)) throw new PolicyException(at(name, t.getKeyNode()) + "'" + key + "' given twice");
            Node v = t.getValueNode();
            switch (key) {
                case "vnfx-policy" -> {
                    version = integer(name, v, key, 1, Integer.MAX_VALUE);
                    if (version != VERSION) throw new PolicyException(at(name, v) + "vnfx-policy " + version + " is not supported; this vnfx reads version " + VERSION);
                }
                case "allow" -> {
                    EnumSet<Action> set = EnumSet.noneOf(Action.class);
                    for (Node item : list(name, v, key)) set.add(action(name, item));
                    allowed = set;
                }
                case "customers" -> {
                    List<String> out = new ArrayList<>();
                    for (Node item : list(name, v, key)) {
                        String c = scalar(name, item, "a customer account").toLowerCase(Locale.ROOT);
                        if (!c.matches("0x[0-9a-f]{40}")) throw new PolicyException(at(name, item) + "customers: '" + c + "' is not an account (0x and 40 hex digits)");
                        if (out.contains(c)) throw new PolicyException(at(name, item) + "customers: " + c + " listed twice");
                        out.add(c);
                    }
                    customers = out;
                }
                case "regions" -> {
                    List<String> out = new ArrayList<>();
                    for (Node item : list(name, v, key)) {
                        String r = scalar(name, item, "a region name");
                        if (!ShortName.valid(r)) {
                            throw new PolicyException(at(name, item) + "regions: '" + r + "' must be 1-31 of a-z 0-9 . _ - (starting with a letter or digit)");
                        }
                        if (out.contains(r)) throw new PolicyException(at(name, item) + "regions: " + r + " listed twice");
                        out.add(r);
                    }
                    regions = out;
                }
                case "max-instances" -> maxInstances = integer(name, v, key, 1, UsagePolicy.MAX_INSTANCES);
                case "until" -> until = instant(name, v);
                default -> throw new PolicyException(at(name, t.getKeyNode()) + "unknown key '" + key
                        + "'; expected vnfx-policy, allow, customers, regions, max-instances or until");
            }
        }
        if (version == null) throw new PolicyException(name + ":1: vnfx-policy is missing (the format's version, " + VERSION + ")");
        if (allowed == null) throw new PolicyException(name + ":1: allow is missing (a list of instantiate, redistribute, modify; [] allows nothing)");
        return new UsagePolicy(allowed, customers, regions, maxInstances, until);
    }

    private static String at(String name, Node n) {
        return name + ":" + (n.getStartMark().getLine() + 1) + ": ";
    }

    private static String scalar(String name, Node n, String what) throws PolicyException {
        if (!(n instanceof ScalarNode s)) throw new PolicyException(at(name, n) + "expected " + what + ", found a " + n.getNodeId());
        return s.getValue();
    }

    private static List<Node> list(String name, Node n, String key) throws PolicyException {
        if (!(n instanceof SequenceNode s)) throw new PolicyException(at(name, n) + key + " must be a list, e.g. [a, b]");
        if (s.getValue().size() > UsagePolicy.MAX_LIST) throw new PolicyException(at(name, n) + key + ": at most " + UsagePolicy.MAX_LIST + " entries");
        return s.getValue();
    }

    private static Action action(String name, Node n) throws PolicyException {
        String word = scalar(name, n, "an action");
        for (Action a : Action.values()) if (a.word.equals(word)) return a;
        throw new PolicyException(at(name, n) + "allow: unknown action '" + word + "'; expected instantiate, redistribute or modify");
    }

    private static int integer(String name, Node n, String key, int min, int max) throws PolicyException {
        String text = scalar(name, n, "a whole number");
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) return (int) v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PolicyException(at(name, n) + key + " must be a whole number in " + min + ".." + max + ", found '" + text + "'");
    }

    private static Instant instant(String name, Node n) throws PolicyException {
        String text = scalar(name, n, "a time");
        try {
            Instant t = OffsetDateTime.parse(text).toInstant();
            if (t.getNano() != 0) throw new PolicyException(at(name, n) + "until must be whole seconds, found '" + text + "'");
            if (t.getEpochSecond() <= 0 || t.getEpochSecond() > UsagePolicy.MAX_UNTIL_SECONDS) {
                throw new PolicyException(at(name, n) + "until is out of range: '" + text + "'");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw new PolicyException(at(name, n) + "until must be an RFC 3339 time with a zone, e.g. 2027-06-30T23:59:59Z, found '" + text + "'");
        }
    }
}
