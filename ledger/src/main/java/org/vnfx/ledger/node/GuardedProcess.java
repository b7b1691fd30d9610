package org.vnfx.ledger.node;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child processes that cannot outlive the JVM. The command runs under a small shell guard that reads the
 * JVM's end of a pipe: when the JVM exits for any reason, kill -9 included, the pipe closes and the
 * guard stops the child with SIGTERM (so it can save its state), then waits for it.
 */
public final class GuardedProcess {
    /** Waits for stdin to close, then stops the child gracefully. SIGINT is left to the JVM (Ctrl-C). */
    private static final String GUARD = "trap '' INT; \"$0\" \"$@\" & child=$!; cat >/dev/null; kill -TERM $child 2>/dev/null; wait $child";

    private GuardedProcess() {}

    /** A builder for {@code command} under the guard; the caller sets directory, environment and redirects. */
    public static ProcessBuilder builder(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", GUARD));
        cmd.addAll(command);
        return new ProcessBuilder(cmd);
    }

    /**
     * True while the guarded command itself (not only its guard) runs. The guard forks the command first
     * and {@code cat} second, so a guard with no child yet is still starting the command, and a guard whose
     * only child is {@code cat} has seen the command exit. Exited children that the guard has not reaped
     * yet (zombies) have no executable any more and do not count.
     */
    public static boolean childAlive(Process guard) {
        if (!guard.isAlive()) return false;
        List<ProcessHandle> kids = guard.children().filter(p -> p.isAlive() && p.info().command().isPresent()).toList();
        boolean cat = kids.stream().anyMatch(GuardedProcess::isCat);
        boolean command = kids.stream().anyMatch(p -> !isCat(p));
        return command || !cat;
    }

    private static boolean isCat(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/cat")).orElse(false);
    }

    /** Closes the pipe (the guard sends SIGTERM), waits up to {@code grace}, then kills what is left. */
    public static void stop(Process guard, Duration grace) {
        try {
            guard.getOutputStream().close();
            if (!guard.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                guard.descendants().forEach(ProcessHandle::destroyForcibly);
                guard.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            guard.descendants().forEach(ProcessHandle::destroyForcibly);
            guard.destroyForcibly();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
    }
}
