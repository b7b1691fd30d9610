package org.vnfx.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Where a keystore password comes from: {@code --password-file}, else {@code VNFX_PASSWORD}, else the terminal. */
final class Passwords {
    static final String ENV = "VNFX_PASSWORD";

    private Passwords() {}

    /**
     * @param confirm ask twice at the terminal (creating a key)
     */
    static String read(Path passwordFile, String what, boolean confirm) {
        if (passwordFile != null) return fromFile(passwordFile);
        String env = System.getenv(ENV);
        if (env != null && !env.isEmpty()) return env;
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no password for " + what + ": pass --password-file FILE, set " + ENV + ", or run in a terminal");
        }
        char[] first = console.readPassword("Password for %s: ", what);
        if (first == null || first.length == 0) throw new IllegalArgumentException("no password given for " + what);
        try {
            if (confirm) {
                char[] again = console.readPassword("Repeat the password: ");
                try {
                    if (again == null || !Arrays.equals(first, again)) throw new IllegalArgumentException("the passwords do not match");
                } finally {
                    if (again != null) Arrays.fill(again, '\0');
                }
            }
            return new String(first);
        } finally {
            Arrays.fill(first, '\0');
        }
    }

    /** The file's content without its final line break (an editor's or `echo`'s). */
    static String fromFile(Path file) {
        String p;
        try {
            p = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read password file " + file + ": " + Errors.message(e));
        }
        if (p.endsWith("\n")) p = p.substring(0, p.length() - 1);
        if (p.endsWith("\r")) p = p.substring(0, p.length() - 1);
        if (p.isEmpty()) throw new IllegalArgumentException("password file " + file + " is empty");
        return p;
    }
}
