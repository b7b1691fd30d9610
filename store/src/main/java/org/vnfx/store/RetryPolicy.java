package org.vnfx.store;

import java.time.Duration;

/**
 * Bounded retries with exponential backoff. {@code maxAttempts} counts consecutive attempts that
 * brought no new byte (an attempt that made progress resets the count, so a long transfer over a
 * flaky link still finishes); {@code maxTotalWait} caps the time spent sleeping between attempts
 * over the whole operation, so a dead peer fails in bounded time whatever the count.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalWait) {
    /** 5 attempts, 250 ms doubling to 8 s, at most 30 s of waiting. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofSeconds(30));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxTotalWait.isNegative()) {
            throw new IllegalArgumentException("retry durations must not be negative");
        }
    }

    /** The wait before attempt {@code failed + 1}, after {@code failed} consecutive failures (1-based). */
    Duration backoff(int failed) {
        long ms = initialBackoff.toMillis();
        for (int i = 1; i < failed && ms < maxBackoff.toMillis(); i++) ms *= 2;
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
