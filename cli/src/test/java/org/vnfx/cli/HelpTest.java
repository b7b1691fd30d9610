package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command and subcommand answers --help, and the global options reach every one of them. */
class HelpTest {
    @TempDir
    Path dir;

    private static void walk(CommandLine cl, List<String> path, List<List<String>> all) {
        all.add(path);
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> sub = new ArrayList<>(path);
            sub.add(e.getKey());
            walk(e.getValue(), sub, all);
        }
    }

    static List<List<String>> commandPaths() {
        List<List<String>> all = new ArrayList<>();
        walk(Vnfx.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), List.of(), all);
        return all;
    }

    @Test
    void theTreeHasTheCommandsOfTheBrief() {
        List<String> names = commandPaths().stream().map(p -> String.join(" ", p)).toList();
        for (String expected : List.of("", "node", "node start", "node stop", "node status", "keys", "keys create", "keys list", "deploy",
                "identity", "identity register", "identity approve", "identity revoke", "identity show", "status", "bench", "bench gas", "demo",
                "reputation", "reputation plot", "mec", "mec run", "mec status", "package", "package verify", "package build", "catalogue",
                "catalogue index", "catalogue search", "catalogue show", "bench catalogue", "bench onboarding", "policy", "policy compile",
                "policy attach", "policy show", "policy region", "policy derive", "validator", "attest", "attest status", "attest threshold", "attest strike",
                "verify", "trail", "licence", "licence terms", "licence buy", "licence show", "ns", "ns instantiate", "ns terminate")) {
            assertTrue(names.contains(expected), () -> "missing command '" + expected + "' in " + names);
        }
    }

    @Test
    void everyCommandHasHelpAndTheGlobalOptions() {
        Cli cli = new Cli(dir);
        List<List<String>> paths = commandPaths();
        assertTrue(paths.size() >= 18, "tree has " + paths.size() + " commands");
        CommandLine root = Vnfx.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (List<String> path : paths) {
            CommandLine cl = root;
            for (String p : path) cl = cl.getSubcommands().get(p);
            var options = cl.getCommandSpec().optionsMap();
            for (String o : List.of("--help", "-h", "--data-dir", "--rpc-url", "--block-time", "--verbose")) {
                assertTrue(options.containsKey(o), "vnfx " + path + " lacks " + o);
            }
            assertFalse(cl.getCommandSpec().usageMessage().description().length == 0, "vnfx " + path + " has no description");

            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Run r = cli.run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), "vnfx " + path + " --help: " + r.err());
            assertTrue(r.out().startsWith("Usage: vnfx" + (path.isEmpty() ? "" : " " + String.join(" ", path))), r.out());
            assertEquals("", r.err(), "vnfx " + path + " --help wrote to stderr");
        }
    }

    @Test
    void usageErrorsAreOneLineAndExitOne() {
        Cli cli = new Cli(dir);
        String line = cli.run("keys", "frobnicate").fails(1);
        assertTrue(line.startsWith("error: "), line);
        line = cli.run("identity", "register", "--role", "mec").fails(1);
        assertTrue(line.contains("--key"), line);
        line = cli.run("--rpc-url", "ftp://x", "status").fails(1);
        assertTrue(line.contains("not an http(s) JSON-RPC URL"), line);
    }

    @Test
    void verbosePrintsTheStackTrace() {
        Cli cli = new Cli(dir);
        String quiet = cli.run("--rpc-url", "http://127.0.0.1:9", "status").fails(2);
        assertTrue(quiet.startsWith("error: no node at http://127.0.0.1:9"), quiet);
        Cli.Run verbose = cli.run("status", "--rpc-url", "http://127.0.0.1:9", "--verbose");
        assertEquals(2, verbose.exitCode());
        assertTrue(verbose.err().startsWith(quiet) && verbose.err().contains("\tat org.vnfx.cli.ChainSession"), verbose.err());
    }
}
