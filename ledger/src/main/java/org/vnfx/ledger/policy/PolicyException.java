package org.vnfx.ledger.policy;

/** A policy file that cannot be compiled: the message names the file, the line and what was expected. */
public final class PolicyException extends Exception {
    public PolicyException(String message) {
        super(message);
    }
}
