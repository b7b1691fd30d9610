package org.vnfx.mec.runtime;

import java.net.URI;

/** A running VNF. Closing it stops it and removes its instance folder. */
public interface VnfInstance extends AutoCloseable {
    /** Where user equipment is served. */
    URI endpoint();

    /** False once the VNF has exited on its own. */
    boolean alive();

    /** The error counts of equation (1) observed so far, indexed by {@link org.vnfx.ledger.economics.ErrorType}. */
    long[] errorCounts();

    @Override
    void close();
}
