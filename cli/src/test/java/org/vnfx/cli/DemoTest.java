package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.ledger.node.AnvilNode;

class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoRunsEndToEndAndLeavesAnInspectableChain() throws Exception {
        Cli cli = new Cli(dir.resolve("data"));
        Cli.Run r = cli.run("demo").ok();
        String out = r.out();
        assertTrue(out.strip().endsWith("demo OK"), out);
        for (String expected : new String[] {"deployment #1", "deployment #5", "ranking: 1. ids-lite", "does not fit", "grant ids-pro",
                "reportUninstall", "settled", "withdraw", "5 sessions settled"}) {
            assertTrue(out.contains(expected), () -> "'" + expected + "' missing in\n" + out);
        }
        // Its own folder: no keystore or records next to the user's.
        assertTrue(Files.exists(cli.dataDir.resolve("demo/deployments/31337.json")));
        assertTrue(!Files.exists(cli.dataDir.resolve("deployments")) && !Files.exists(cli.dataDir.resolve("keystore")));
        assertTrue(AnvilNode.running(cli.dataDir.resolve("demo")).isEmpty());

        // The demo's chain persisted: status on the demo folder sees its five settled deployments.
        Cli.Run status = new Cli(cli.dataDir.resolve("demo")).run("status").ok();
        assertTrue(status.out().contains("deployments (5 in all)"), status.out());
        assertTrue(status.out().lines().filter(l -> l.contains(" settled")).count() >= 5, status.out());
    }
}
