package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.crypto.Keystore;

class KeysCommandTest {
    @TempDir
    Path dir;

    @Test
    void createThenList() throws Exception {
        Cli cli = new Cli(dir.resolve("data"));
        assertTrue(cli.run("keys", "list").ok().out().contains("no identities"));

        Path pw = cli.passwordFile("alice", "correct horse");
        Cli.Run created = cli.run("keys", "create", "alice", "--light-kdf", "--password-file", pw.toString()).ok();
        assertTrue(created.out().contains("created identity 'alice'"), created.out());
        cli.key("bob", cli.passwordFile("bob", "battery staple"));

        Keystore ks = new Keystore(dir.resolve("data").resolve("keystore"));
        Keystore.Entry alice = ks.entry("alice");
        assertTrue(created.out().contains(alice.address()), created.out());
        // The password file's trailing newline is not part of the password.
        assertEquals(alice.address(), ks.unlock("alice", "correct horse").account().getAddress());

        List<String> lines = cli.run("keys", "list").ok().out().strip().lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("NAME"), lines.get(0));
        assertTrue(lines.get(1).startsWith("alice") && lines.get(1).contains(alice.address()) && lines.get(1).contains(alice.encryptionKey().hex()), lines.get(1));
        assertTrue(lines.get(2).startsWith("bob"), lines.get(2));
    }

    @Test
    void badInputsFailWithOneLine() throws Exception {
        Cli cli = new Cli(dir.resolve("data"));
        Path pw = cli.passwordFile("x", "pw");
        cli.key("alice", pw);
        assertTrue(cli.run("keys", "create", "alice", "--light-kdf", "--password-file", pw.toString()).fails(1).contains("already exists"));
        assertTrue(cli.run("keys", "create", "Not A Name", "--light-kdf", "--password-file", pw.toString()).fails(1).contains("must match"));
        assertTrue(cli.run("keys", "create", "carol", "--light-kdf", "--password-file", dir.resolve("missing").toString()).fails(1)
                .contains("cannot read password file"));
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        assertTrue(cli.run("keys", "create", "carol", "--light-kdf", "--password-file", empty.toString()).fails(1).contains("is empty"));
        assertTrue(!Files.exists(dir.resolve("data/keystore/carol.identity.json")));
    }
}
