package org.vnfx.ledger.node;

import java.net.URI;

/** An Ethereum JSON-RPC endpoint vnfx talks to: the embedded anvil it started, or any other node. */
public interface ChainNode extends AutoCloseable {
    URI rpcUrl();

    /** True when vnfx started this node and may use its development accounts (e.g. to fund new keys). */
    boolean embedded();

    /** Stops the node if vnfx started it; detaches otherwise. Never throws. */
    @Override
    void close();

    /** A node vnfx did not start: a Besu QBFT network, a node started by `vnfx node start`, a test's node. */
    static ChainNode remote(URI rpcUrl, boolean embedded) {
        return new ChainNode() {
            @Override
            public URI rpcUrl() {
                return rpcUrl;
            }

            @Override
            public boolean embedded() {
                return embedded;
            }

            @Override
            public void close() {}
        };
    }
}
