package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `vnfx policy compile`: the example policies in plain words, and a mistake named by file and line with exit code 1. */
class PolicyCommandTest {
    @TempDir
    Path dir;

    @Test
    void theExamplePolicyCompilesAndReadsInPlainWords() {
        Path example = Path.of(System.getProperty("vnfx.home", "..")).resolve("examples/policies/eu-edge-trial.yaml");
        String out = new Cli(dir).run("policy", "compile", example.toString()).ok().out();
        assertTrue(out.contains("Customers may run network services from this package."), out);
        assertTrue(out.contains("No derived package may be published from it."), out);
        assertTrue(out.contains("Only in the regions eu-west-1, eu-central-1"), out);
        assertTrue(out.contains("At most 20 instances at a time"), out);
        assertTrue(out.contains("on chain: actions 3, 0 customer(s), 2 region(s), maxInstances 20, notAfter 1814399999"), out);
    }

    @Test
    void aBadPolicyIsRefusedWithItsLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "vnfx-policy: 1\nallow: [instantiate, resell]\n");
        String line = new Cli(dir).run("policy", "compile", bad.toString()).fails(1);
        assertEquals("error: " + bad + ":2: allow: unknown action 'resell'; expected instantiate, redistribute or modify", line);
    }
}
