package org.vnfx.crypto.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke run (4 MiB, one run, 1 s of openssl speed): the figures are there and sane; no timing is asserted. */
class DecryptVerifyBenchmarkTest {
    @Test
    void aSmallRunProducesEveryFigureAndCleansUp(@TempDir Path dir) throws Exception {
        assumeTrue(opensslAvailable(), "openssl is not on the PATH");
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "the figures checked here are the two-core ones");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        DecryptVerifyBenchmark.Result r = DecryptVerifyBenchmark.run(4, dir, 1, 1, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertEquals(4, r.mebibytes());
        for (double v : new double[] {r.vnfxMiBps(), r.vnfxColdMiBps(), r.vnfxToDiskMiBps(), r.encryptMiBps(), r.opensslAesGcmDecryptMiBps(),
                r.opensslSha256MiBps(), r.baselineMiBps(), r.oneCoreBaselineMiBps(), r.opensslPipelineMiBps(), r.ratio()}) {
            assertTrue(v > 0 && Double.isFinite(v), r.toString());
        }
        assertEquals(r.vnfxMiBps() / r.baselineMiBps(), r.ratio(), 1e-9);
        assertEquals(Math.min(r.opensslAesGcmDecryptMiBps(), r.opensslSha256MiBps()), r.baselineMiBps(), 1e-9, "two cores: the slower stage");
        String text = DecryptVerifyBenchmark.format(r);
        assertTrue(text.contains("ratio vnfx / baseline = "), text);
        assertTrue(text.contains("baseline: openssl speed AES-256-GCM decrypt and SHA-256"), text);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "the benchmark deletes what it wrote");
        }
    }

    static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
