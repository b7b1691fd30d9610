package org.vnfx.packages.csar;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fixture packages of {@code src/test/resources/sol004/} (written for vnfx; their manifests carry the real
 * digests of their files), read into memory so that a test can change one thing and zip them.
 */
public final class Fixtures {
    private Fixtures() {}

    public static Path folder(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/sol004/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no fixture sol004/" + name, e);
        }
    }

    /** The fixture's files, path → bytes, sorted by path. */
    public static Map<String, byte[]> files(String name) throws IOException {
        Path root = folder(name);
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    public static String text(Map<String, byte[]> files, String path) {
        return new String(files.get(path), StandardCharsets.UTF_8);
    }

    /** Replaces {@code from} (which must occur) by {@code to} in a text file of the map. */
    public static void edit(Map<String, byte[]> files, String path, String from, String to) {
        String t = text(files, path);
        if (!t.contains(from)) throw new IllegalArgumentException(path + " has no '" + from + "'");
        files.put(path, t.replace(from, to).getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces a listed file's content and its SHA-256 in {@code manifest}, so that only what the test means to break is broken. */
    public static void replaceListed(Map<String, byte[]> files, String manifest, String path, String text) {
        String old = org.vnfx.packages.Sha256.of(files.get(path));
        byte[] now = text.getBytes(StandardCharsets.UTF_8);
        files.put(path, now);
        edit(files, manifest, old, org.vnfx.packages.Sha256.of(now));
    }

    public static Path zip(Map<String, byte[]> files, Path out) throws IOException {
        return TestZip.of(files).write(out);
    }

    public static List<String> lines(PackageRejectedException e) {
        return e.report().findings().stream().map(Finding::toString).toList();
    }
}
