package org.vnfx.packages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vnfx.packages.csar.Fixtures;
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

    /** A fixture folder of the source tree (the test-jar holds it only zipped), path to bytes. */
    public static Map<String, byte[]> sourceFiles(String folder) throws IOException {
        Path root = root().resolve(folder);
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) files.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return files;
    }

    /** The SOL004 NSD fixture made a real service: it references the suricata-ids VNF (its manifest digest follows). */
    public static Map<String, byte[]> edgeIdsService() throws IOException {
        Map<String, byte[]> files = sourceFiles("packages/src/test/resources/sol004/nsd");
        String nsd = new String(files.get("Definitions/nsd.yaml"), StandardCharsets.UTF_8) + """

                    ids:
                      type: tosca.nodes.nfv.VNF
                      properties:
                        descriptor_id: 5b0a4d0e-8f1e-4c59-9a0b-7e3c1f2d6a01
                        descriptor_version: 1.0.0
                        provider: vnfx examples
                        product_name: suricata-ids
                        software_version: 7.0.10
                        flavour_id: default
                        vnfm_info: [ '0:vnfx-mec' ]
                """;
        Fixtures.replaceListed(files, "nsd.mf", "Definitions/nsd.yaml", nsd);
        return files;
    }
}
