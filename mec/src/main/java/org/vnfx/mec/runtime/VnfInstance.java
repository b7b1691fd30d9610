package org.vnfx.mec.runtime;

import java.net.URI;
import java.util.List;

/** A running VNF. Closing it stops it and removes its instance folder. */
public interface VnfInstance extends AutoCloseable {
    /** Where user equipment is served. */
    URI endpoint();

    /** False once the VNF has exited on its own. */
    boolean alive();

    /** The error counts of equation (1) observed so far, indexed by {@link org.vnfx.ledger.economics.ErrorType}. */
    long[] errorCounts();

    /**
     * Stops the VNF and returns its final error counts: some VNFs (Suricata) settle their counters only
     * when they stop. The instance folder stays until {@link #close()}; calling it again returns the same counts.
     */
    long[] stop();

    /**
     * What the VNF reports as its service, for the MEC operator (an IDS's alerts, for example). These are
     * not errors and never count against reputation.
     */
    default List<Observation> observations() {
        return List.of();
    }

    /** One kind of thing the VNF observed, and how often. */
    record Observation(String what, long count) {}

    @Override
    void close();
}
