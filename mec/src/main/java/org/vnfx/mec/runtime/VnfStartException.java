package org.vnfx.mec.runtime;

/** A VNF that did not come up; the message carries what the VNF itself said (its last output lines). */
public class VnfStartException extends Exception {
    public VnfStartException(String message) {
        super(message);
    }

    public VnfStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
