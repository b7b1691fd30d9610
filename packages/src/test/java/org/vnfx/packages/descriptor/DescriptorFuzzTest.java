package org.vnfx.packages.descriptor;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.vnfx.packages.PackageException;

/**
 * Any bytes as a descriptor: SafeYaml's limits (size, nesting, aliases, duplicate keys), the dialect, then the
 * SOL001 (VNFD, NSD, derived node types, substitution mappings), OSM SOL006 and 5GTANGO readers, sizes and units,
 * references, the JSON tree's cap. Seeds: the descriptor samples, the sol004 fixtures' descriptors and the
 * exemplars' VNFDs. A descriptor is read or refused with a {@link PackageException} naming it; anything else escapes.
 */
class DescriptorFuzzTest {
    static final String NAME = "fuzz.yaml";

    @FuzzTest
    void anyDescriptorIsReadOrRefusedWithAClearError(byte[] yaml) {
        try {
            DescriptorReader.read(NAME, yaml);
        } catch (PackageException e) {
            if (!NAME.equals(e.file()) || e.problem() == null || e.problem().isBlank()) {
                throw new AssertionError("a refusal that does not name the descriptor and the problem: '" + e.getMessage() + "'", e);
            }
        }
    }
}
