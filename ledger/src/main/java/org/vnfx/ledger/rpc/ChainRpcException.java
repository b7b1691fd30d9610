package org.vnfx.ledger.rpc;

import java.io.IOException;
import java.net.URI;

/** A JSON-RPC call that got no usable reply: names the method, the node and what was wrong. */
public final class ChainRpcException extends IOException {
    private final String method;
    private final URI node;

    public ChainRpcException(String method, URI node, String problem, Throwable cause) {
        super(method + " to " + node + ": " + problem, cause);
        this.method = method;
        this.node = node;
    }

    public ChainRpcException(String method, URI node, String problem) {
        this(method, node, problem, null);
    }

    public String method() {
        return method;
    }

    public URI node() {
        return node;
    }
}
