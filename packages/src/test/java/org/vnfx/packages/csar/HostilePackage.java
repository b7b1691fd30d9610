package org.vnfx.packages.csar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vnfx.packages.Sha256;

/**
 * What the package fuzz tests do with an input: verify it as a package, where the only acceptable answers are the
 * package or a {@link PackageRejectedException} naming a file. Anything else the verifier throws (an
 * {@link IOException} about a file we wrote ourselves, a runtime exception, an error) escapes and is Jazzer's finding.
 */
final class HostilePackage {
    private HostilePackage() {}

    /** Verifies {@code archive}, written to {@code dir}, with its scratch folder (option 2) in {@code dir} too. */
    static void verify(byte[] archive, Path dir) throws IOException {
        Path file = dir.resolve("fuzz.csar");
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        Files.write(file, archive);
        try {
            new CsarVerifier(VerifierOptions.DEFAULT.at(TestPki.NOW).withTempDir(scratch)).verify(file);
        } catch (PackageRejectedException e) {
            // the rule of every refusal: it names the file at fault and says what is wrong
            if (e.file() == null || e.file().isBlank() || e.problem() == null || e.problem().isBlank()) {
                throw new AssertionError("a refusal that names no file or no problem: '" + e.getMessage() + "'", e);
            }
        }
        // refused or not, nothing of the package may stay behind (the inner CSAR of an option-2 zip is unpacked there)
        try (Stream<Path> left = Files.list(scratch)) {
            if (left.findAny().isPresent()) throw new AssertionError("verify left files in its scratch folder " + scratch);
        }
    }

    /** A fixture package with {@code path} replaced by {@code content}, its digest in {@code manifest} updated. */
    static byte[] with(Map<String, byte[]> fixture, String manifest, String path, byte[] content) {
        Map<String, byte[]> files = new TreeMap<>(fixture);
        Fixtures.edit(files, manifest, Sha256.of(files.get(path)), Sha256.of(content));
        files.put(path, content);
        return TestZip.of(files).bytes();
    }

    /** A fixture package with {@code path} replaced by {@code content} as it is (the manifest itself, say). */
    static byte[] withRaw(Map<String, byte[]> fixture, String path, byte[] content) {
        Map<String, byte[]> files = new TreeMap<>(fixture);
        files.put(path, content);
        return TestZip.of(files).bytes();
    }
}
