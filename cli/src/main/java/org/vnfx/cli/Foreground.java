package org.vnfx.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A long-running command (an agent) waiting for Ctrl-C or SIGTERM. The signal's shutdown hook wakes the
 * command's thread and waits until the command has closed its resources in order (try-with-resources),
 * so an agent stops cleanly rather than being cut off by the JVM's exit.
 */
final class Foreground implements AutoCloseable {
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook = new Thread(() -> {
        stop.countDown();
        try {
            stopped.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }, "vnfx-stop");

    Foreground() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Blocks until a signal (or {@link #stop()}). */
    void await() throws InterruptedException {
        stop.await();
    }

    /** Ends the wait without a signal (tests, embedding). */
    void stop() {
        stop.countDown();
    }

    @Override
    public void close() {
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is running and has just been released
        }
    }
}
