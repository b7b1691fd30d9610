package org.vnfx.mec.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a deployment's or an instance's working folder. */
public final class Folders {
    private Folders() {}

    /** Best effort: a leftover is cleared again at the next use of the folder. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // see above
        }
    }
}
