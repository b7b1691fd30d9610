package org.vnfx.mec.runtime;

/**
 * The package is fine but this MEC node lacks what runs it (e.g. Suricata is not installed, or too old).
 * The message says how to install it. It is the node's fault, not the VNF's: the MEC agent reports a
 * failed instantiation with its own code, and no reputation is at stake.
 */
public final class RuntimeUnavailableException extends VnfStartException {
    public RuntimeUnavailableException(String message) {
        super(message);
    }
}
