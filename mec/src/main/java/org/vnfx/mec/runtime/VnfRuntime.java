package org.vnfx.mec.runtime;

/**
 * Where a MEC node runs VNFs. The MEC agent hands it a package that has already been decrypted and
 * checked against the digest on chain; the runtime never sees anything unverified.
 */
public interface VnfRuntime {
    /**
     * Installs the package into {@code spec.instanceDir()} and starts it; returns once the VNF serves.
     *
     * @throws VnfStartException with the VNF's own words when it does not come up; nothing is left running
     */
    VnfInstance start(InstanceSpec spec) throws VnfStartException;
}
