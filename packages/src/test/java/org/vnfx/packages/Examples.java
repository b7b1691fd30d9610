package org.vnfx.packages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The exemplar package sources in the repository, and reading CSARs back in tests. */
public final class Examples {
    private Examples() {}

    public static Path root() {
        String home = System.getProperty("vnfx.home");
        if (home != null && Files.isDirectory(Path.of(home, "examples", "suricata-ids", "package"))) return Path.of(home);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/suricata-ids/package"))) return p;
        }
        throw new IllegalStateException("examples/suricata-ids/package not found above " + Path.of("").toAbsolutePath());
    }

    public static Path ids() {
        return root().resolve("examples/suricata-ids/package");
    }

    public static Path lite() {
        return root().resolve("examples/suricata-ids-lite/package");
    }

    public static List<Path> idsLayers() {
        return List.of(ids());
    }

    public static List<Path> liteLayers() {
        return List.of(ids(), lite());
    }

    /** Every entry of a zip, in zip order, with its content. */
    public static Map<String, byte[]> read(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (entries.put(e.getName(), in.readAllBytes()) != null) throw new IllegalStateException("duplicate entry " + e.getName());
            }
        }
        return entries;
    }

    /** Unpacks a CSAR into {@code folder} (entries are checked to stay inside it). */
    public static Path unpack(Path zip, Path folder) throws IOException {
        for (Map.Entry<String, byte[]> e : read(zip).entrySet()) {
            Path target = folder.resolve(e.getKey()).normalize();
            if (!target.startsWith(folder)) throw new IllegalStateException("entry outside the folder: " + e.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, e.getValue());
        }
        return folder;
    }
}
