package org.vnfx.packages.descriptor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.vnfx.packages.PackageException;
import org.vnfx.packages.SafeYaml;
import org.vnfx.packages.csar.VerifiedCsar;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a VNF or network service descriptor in any dialect vnfx knows into a {@link Descriptor}, validating its
 * structure on the way: every problem is a {@link PackageException} naming the file, the line, the YAML path
 * and what was expected, so nothing malformed reaches a catalogue or an offer.
 *
 * <p>The dialect is told by the top-level keys: {@code tosca_definitions_version} is ETSI SOL001 TOSCA,
 * {@code descriptor_schema} is 5GTANGO, {@code vnfd} / {@code nsd} are OSM's SOL006 YAML. Parsing goes through
 * {@link SafeYaml} (no object construction, alias and nesting limits, duplicate keys refused), and the document
 * is expanded into its JSON tree first with a cap on the number of values, so an alias bomb that stays under
 * the parser's alias limit still fails before anything walks it.
 */
public final class DescriptorReader {
    private DescriptorReader() {}

    /** Largest main descriptor read out of a package. */
    public static final int MAX_PACKAGE_DESCRIPTOR_BYTES = 4 << 20;

    /** The main descriptor (Entry-Definitions) of a verified package. */
    public static Descriptor read(VerifiedCsar csar) throws IOException, PackageException {
        return read(csar.entryDefinitions(), csar.read(csar.entryDefinitions(), MAX_PACKAGE_DESCRIPTOR_BYTES));
    }

    public static Descriptor read(Path file) throws IOException, PackageException {
        return read(file.toString(), SafeYaml.read(file));
    }

    /** @param name how errors name the descriptor (e.g. its path inside a CSAR) */
    public static Descriptor read(String name, byte[] content) throws PackageException {
        return read(name, SafeYaml.read(name, content));
    }

    private static Descriptor read(String name, Node node) throws PackageException {
        YamlAt root = YamlAt.root(name, node);
        Map<String, Object> document = JsonTree.of(root);
        if (root.find("tosca_definitions_version").isPresent()) return Sol001Reader.read(root, document);
        if (root.find("descriptor_schema").isPresent()) return TangoReader.read(root, document);
        if (root.find("vnfd").isPresent()) return OsmReader.vnfd(root, document);
        if (root.find("nsd").isPresent()) return OsmReader.nsd(root, document);
        for (Map.Entry<String, YamlAt> e : root.entries()) {
            if (e.getKey().endsWith("vnfd-catalog") || e.getKey().endsWith("nsd-catalog")) {
                throw new PackageException(name, root.keyLine(e.getKey()), e.getKey()
                        + " is OSM's descriptor format from before SOL006, which vnfx does not read; write the SOL006 form (vnfd: or nsd:)");
            }
        }
        throw new PackageException(name, root.line(), "not a descriptor vnfx reads: none of tosca_definitions_version (ETSI SOL001),"
                + " vnfd or nsd (OSM SOL006) or descriptor_schema (5GTANGO) at the top level");
    }
}
