package org.vnfx.packages.csar.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest ({@code .mf}) as {@link ManifestSyntax} split it, every part with its line, nothing judged yet.
 *
 * @param metadataLine the line of {@code metadata:}, 0 when there is none
 * @param metadata its {@code key: value} lines, in file order
 * @param sources the {@code Source} / {@code Algorithm} / {@code Hash} blocks, in file order
 * @param nonManoArtifactSets the sets of {@code non_mano_artifact_sets:} by name, in file order
 * @param nonManoLine the line of {@code non_mano_artifact_sets:}, 0 when there is none
 * @param signedBytes the bytes before the CMS block (what option 1 signs), the whole file when unsigned
 * @param cms the DER of the CMS block, null when unsigned
 * @param cmsLine the line of {@code -----BEGIN CMS-----}, 0 when unsigned
 */
public record ManifestFile(int metadataLine, List<KeyLine> metadata, List<SourceBlock> sources, Map<String, ArtifactSet> nonManoArtifactSets,
                           int nonManoLine, byte[] signedBytes, byte[] cms, int cmsLine) {

    /** A {@code key: value} line. */
    public record KeyLine(String key, String value, int line) {
    }

    /**
     * One file's digest block; a part the block lacks is null, its line 0.
     *
     * @param hasArtifactSignature the block has {@code Signature} / {@code Certificate} lines (per-artifact signatures)
     */
    public record SourceBlock(String source, int line, String algorithm, int algorithmLine, String hash, int hashLine,
                              boolean hasArtifactSignature) {
    }

    /** One non-MANO artifact set: its name's line and its {@code Source} lines. */
    public record ArtifactSet(String name, int line, List<KeyLine> sources) {
        public ArtifactSet {
            sources = List.copyOf(sources);
        }
    }

    public ManifestFile {
        metadata = List.copyOf(metadata);
        sources = List.copyOf(sources);
        nonManoArtifactSets = Collections.unmodifiableMap(new LinkedHashMap<>(nonManoArtifactSets));
    }
}
