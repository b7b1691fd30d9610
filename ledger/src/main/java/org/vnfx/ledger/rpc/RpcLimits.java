package org.vnfx.ledger.rpc;

/**
 * What vnfx accepts from a JSON-RPC node: a reply larger than {@code maxReplyBytes}, or one not complete
 * within {@code callTimeoutSeconds}, is refused, so a broken or hostile node cannot exhaust the heap or
 * hold an agent forever.
 */
public record RpcLimits(long maxReplyBytes, int connectTimeoutSeconds, int callTimeoutSeconds) {
    /** Wide enough for eth_getLogs over {@code EventFollower.MAX_RANGE_BLOCKS} busy blocks. */
    public static final long DEFAULT_MAX_REPLY_BYTES = 32L << 20;
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
    /** Generous for a slow eth_call on a loaded node; a reply that trickles in longer is a stuck node. */
    public static final int DEFAULT_CALL_TIMEOUT_SECONDS = 60;

    public RpcLimits {
        if (maxReplyBytes < 1024) throw new IllegalArgumentException("maxReplyBytes must be >= 1024, got " + maxReplyBytes);
        if (connectTimeoutSeconds < 1) throw new IllegalArgumentException("connectTimeoutSeconds must be >= 1, got " + connectTimeoutSeconds);
        if (callTimeoutSeconds < 1) throw new IllegalArgumentException("callTimeoutSeconds must be >= 1, got " + callTimeoutSeconds);
    }

    public static RpcLimits defaults() {
        return new RpcLimits(DEFAULT_MAX_REPLY_BYTES, DEFAULT_CONNECT_TIMEOUT_SECONDS, DEFAULT_CALL_TIMEOUT_SECONDS);
    }

    public RpcLimits withCallTimeoutSeconds(int seconds) {
        return new RpcLimits(maxReplyBytes, connectTimeoutSeconds, seconds);
    }
}
