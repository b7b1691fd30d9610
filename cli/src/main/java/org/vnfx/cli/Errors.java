package org.vnfx.cli;

import java.io.PrintWriter;
import org.vnfx.ledger.policy.PolicyException;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.packages.PackageException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Every failure ends as one line on stderr and an exit code: 1 when the input was wrong (a package or source
 * file included) or the contracts refused it (pre-flight: nothing was sent, nothing changed), 2 when the chain or
 * the file system failed.
 * {@code --verbose} adds the stack trace.
 */
final class Errors {
    private Errors() {}

    static int onParameterError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + firstLine(e.getMessage()) + " (see `" + cl.getCommandSpec().qualifiedName() + " --help`)");
        if (verbose(cl)) e.printStackTrace(err);
        err.flush();
        return Vnfx.EXIT_INPUT;
    }

    static int onExecutionError(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable cause = meaningful(e);
        err.println("error: " + message(cause));
        if (verbose(cl)) e.printStackTrace(err);
        err.flush();
        return exitCode(cause);
    }

    static int exitCode(Throwable t) {
        if (t instanceof ContractRevertException || t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof ParameterException || t instanceof UnsupportedOperationException || t instanceof PackageException
                || t instanceof PolicyException) {
            return Vnfx.EXIT_INPUT;
        }
        return Vnfx.EXIT_CHAIN;
    }

    /** The exception worth reporting: a decoded revert anywhere in the chain of causes, else the innermost wrapped one. */
    static Throwable meaningful(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ContractRevertException) return c;
        }
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c
                && (c instanceof java.util.concurrent.ExecutionException || c instanceof java.util.concurrent.CompletionException
                        || c instanceof java.lang.reflect.InvocationTargetException || c instanceof java.io.UncheckedIOException)) {
            c = c.getCause();
        }
        return c;
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) m = t.getClass().getSimpleName();
        else if (t instanceof java.nio.file.NoSuchFileException) m = "no such file: " + m;
        else if (t instanceof java.nio.file.AccessDeniedException) m = "permission denied: " + m;
        else if (t instanceof java.net.ConnectException) m = "cannot connect: " + m;
        return firstLine(m);
    }

    static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    private static boolean verbose(CommandLine cl) {
        return cl.getCommandSpec().root().userObject() instanceof Vnfx v && v.verbose();
    }
}
