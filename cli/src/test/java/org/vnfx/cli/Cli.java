package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs `vnfx` in this JVM on one data folder, capturing what it prints. */
final class Cli {
    record Run(int exitCode, String out, String err) {
        Run ok() {
            assertEquals(0, exitCode, () -> "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }

        /** The single error line, after asserting the exit code. */
        String fails(int expectedExit) {
            assertEquals(expectedExit, exitCode, () -> "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            List<String> lines = err.strip().lines().toList();
            assertEquals(1, lines.size(), () -> "expected one error line, got:\n" + err);
            return lines.get(0);
        }
    }

    final Path dataDir;

    Cli(Path dataDir) {
        this.dataDir = dataDir;
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        int code = Vnfx.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** A password file for keys made in tests. */
    Path passwordFile(String name, String password) throws IOException {
        Path f = dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".password");
        Files.writeString(f, password + "\n");
        return f;
    }

    /** Creates a throwaway identity with the light KDF. */
    void key(String name, Path passwordFile) {
        run("keys", "create", name, "--light-kdf", "--password-file", passwordFile.toString()).ok();
    }
}
