package org.vnfx.store;

import java.io.IOException;
import java.net.URI;

/** An IPFS RPC endpoint answered with an error status; the message names the request, the status and the node's own message. */
public final class RpcException extends IOException {
    private final URI url;
    private final int status;
    private final String nodeMessage;

    public RpcException(String method, URI url, int status, String nodeMessage) {
        super(method + " " + url + " answered HTTP " + status + (nodeMessage == null || nodeMessage.isBlank() ? "" : ": " + nodeMessage));
        this.url = url;
        this.status = status;
        this.nodeMessage = nodeMessage;
    }

    public URI url() {
        return url;
    }

    public int status() {
        return status;
    }

    /** The node's {@code Message}, or its raw body when that was not Kubo's error JSON. */
    public String nodeMessage() {
        return nodeMessage;
    }

    /** Statuses worth another try: the node or a proxy in front of it is busy or restarting. */
    boolean transientStatus() {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }
}
