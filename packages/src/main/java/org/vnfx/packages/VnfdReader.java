package org.vnfx.packages;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the {@link Vnfd} facts from an ETSI GS NFV-SOL 001 VNFD (TOSCA Simple Profile in YAML 1.2 or 1.3):
 * the one node template of type {@code tosca.nodes.nfv.VNF} (or of a type this file derives from it) under
 * {@code topology_template.node_templates}, and {@code metadata.vnfx_release_date_time}.
 */
public final class VnfdReader {
    public static final String VNF_TYPE = "tosca.nodes.nfv.VNF";
    public static final String RELEASE_KEY = "vnfx_release_date_time";
    static final Set<String> TOSCA_VERSIONS = Set.of("tosca_simple_yaml_1_2", "tosca_simple_yaml_1_3");
    /** RFC 3339 section 5.6 date-time (upper-case T and Z). */
    private static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private VnfdReader() {}

    public static Vnfd read(Path file) throws IOException, PackageException {
        String name = file.toString();
        MappingNode root = YamlTree.asMapping(name, SafeYaml.read(file), "the VNFD");

        String version = YamlTree.text(name, root, "", "tosca_definitions_version");
        if (!TOSCA_VERSIONS.contains(version)) {
            throw new PackageException(name, YamlTree.line(YamlTree.require(name, root, "", "tosca_definitions_version")),
                    "tosca_definitions_version is " + version + "; a SOL001 VNFD uses one of " + String.join(", ", sorted(TOSCA_VERSIONS)));
        }

        MappingNode metadata = YamlTree.mapping(name, root, "", "metadata");
        String release = YamlTree.text(name, metadata, "metadata", RELEASE_KEY);
        if (!isRfc3339(release)) {
            throw new PackageException(name, YamlTree.line(YamlTree.require(name, metadata, "metadata", RELEASE_KEY)),
                    "metadata." + RELEASE_KEY + " '" + release + "' is not an RFC 3339 date-time (e.g. 2025-06-01T00:00:00Z)");
        }

        MappingNode templates = YamlTree.mapping(name, YamlTree.mapping(name, root, "", "topology_template"), "topology_template", "node_templates");
        String nodePath = vnfNode(name, root, templates);
        MappingNode vnf = YamlTree.mapping(name, templates, "topology_template.node_templates", nodePath);
        String at = "topology_template.node_templates." + nodePath;
        MappingNode properties = YamlTree.mapping(name, vnf, at, "properties");
        at += ".properties";
        return new Vnfd(
                YamlTree.text(name, properties, at, "provider"),
                YamlTree.text(name, properties, at, "product_name"),
                YamlTree.text(name, properties, at, "software_version"),
                YamlTree.text(name, properties, at, "descriptor_version"),
                release);
    }

    static boolean isRfc3339(String text) {
        if (!RFC3339.matcher(text).matches()) return false;
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The name of the one VNF node template. */
    private static String vnfNode(String file, MappingNode root, MappingNode templates) throws PackageException {
        Set<String> vnfTypes = vnfTypes(root);
        List<String> found = new ArrayList<>();
        for (NodeTuple t : templates.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode key && t.getValueNode() instanceof MappingNode node) {
                Optional<Node> type = YamlTree.get(node, "type");
                if (type.isPresent() && type.get() instanceof ScalarNode s && vnfTypes.contains(s.getValue())) found.add(key.getValue());
            }
        }
        if (found.size() != 1) {
            throw new PackageException(file, YamlTree.line(templates), "topology_template.node_templates has "
                    + (found.isEmpty() ? "no node" : found.size() + " nodes (" + String.join(", ", found) + ")")
                    + " of type " + VNF_TYPE + "; a VNFD has exactly one");
        }
        return found.get(0);
    }

    /** tosca.nodes.nfv.VNF and every node type of this file derived from it, directly or not. */
    private static Set<String> vnfTypes(MappingNode root) {
        Set<String> types = new HashSet<>(Set.of(VNF_TYPE));
        Optional<Node> declared = YamlTree.get(root, "node_types");
        if (declared.isEmpty() || !(declared.get() instanceof MappingNode nodeTypes)) return types;
        for (boolean grew = true; grew; ) {
            grew = false;
            for (NodeTuple t : nodeTypes.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key && t.getValueNode() instanceof MappingNode type
                        && !types.contains(key.getValue())
                        && YamlTree.get(type, "derived_from").filter(d -> d instanceof ScalarNode s && types.contains(s.getValue())).isPresent()) {
                    types.add(key.getValue());
                    grew = true;
                }
            }
        }
        return types;
    }

    private static List<String> sorted(Set<String> set) {
        return set.stream().sorted().toList();
    }
}
