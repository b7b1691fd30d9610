package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.ledger.node.AnvilNode;

/** Without `vnfx node start`, each command starts the embedded node and stops it; the chain persists in between. */
class EmbeddedNodePerCommandTest {
    @TempDir
    Path dir;

    @Test
    void stateSurvivesBetweenCommands() throws Exception {
        Cli cli = new Cli(dir.resolve("data"));
        Path pw = cli.passwordFile("pw", "pw");
        cli.key("op", pw);
        cli.key("mec", pw);

        Cli.Run first = cli.run("deploy", "--key", "op", "--password-file", pw.toString()).ok();
        assertTrue(first.out().contains("deployed a new vnfx suite") && first.out().contains("started for this command"), first.out());
        assertTrue(AnvilNode.running(cli.dataDir).isEmpty(), "the node outlived its command");
        assertTrue(Files.exists(cli.dataDir.resolve("chain/anvil-state.json")), "no chain state written");

        Cli.Run second = cli.run("deploy", "--key", "op", "--password-file", pw.toString()).ok();
        assertTrue(second.out().contains("found an existing live vnfx suite"), second.out());

        cli.run("identity", "register", "--key", "mec", "--role", "mec", "--password-file", pw.toString()).ok();
        cli.run("identity", "approve", "--key", "op", "--password-file", pw.toString(), "mec").ok();
        Cli.Run status = cli.run("status").ok();
        String mec = new org.vnfx.crypto.Keystore(cli.dataDir.resolve("keystore")).entry("mec").address();
        assertTrue(status.out().lines().anyMatch(l -> l.contains(mec) && l.contains("mec") && l.contains("approved")), status.out());
    }
}
