package org.vnfx.mec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.packages.CsarBuilder;

/**
 * The IDS exemplar CSARs of examples/, built by the packages component. A package digest is an offer's
 * identity and can be advertised once, so each test adds a layer of its own (a file naming it).
 */
final class IdsPackages {
    static final Path EXEMPLAR = TestPublisher.repo().resolve("examples/suricata-ids/package");
    static final Path LITE = TestPublisher.repo().resolve("examples/suricata-ids-lite/package");

    private IdsPackages() {}

    static Path exemplar(Path work, String tag) throws Exception {
        return build(work, tag + "-ids", EXEMPLAR);
    }

    static Path lite(Path work, String tag) throws Exception {
        return build(work, tag + "-ids-lite", EXEMPLAR, LITE);
    }

    /** The CSAR of {@code layers} (later ones replace earlier files) plus a layer naming {@code name}. */
    static Path build(Path work, String name, Path... layers) throws Exception {
        Path tag = Files.createDirectories(work.resolve("tags").resolve(name).resolve("Files"));
        Files.writeString(tag.resolve("variant.txt"), name + "\n");
        List<Path> all = new ArrayList<>(List.of(layers));
        all.add(tag.getParent());
        return CsarBuilder.build(all, work.resolve(name + ".csar")).file();
    }
}
