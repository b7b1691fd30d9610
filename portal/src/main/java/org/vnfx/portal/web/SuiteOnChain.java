package org.vnfx.portal.web;

import org.vnfx.ledger.Chain;
import org.vnfx.ledger.suite.DeploymentRecord;

/**
 * The chain and the vnfx suite on it that the Verify and Reputation pages and the live updates read: they answer from
 * the chain alone, as {@code vnfx verify} and {@code vnfx reputation plot} do, not from the catalogue.
 */
public record SuiteOnChain(Chain chain, DeploymentRecord record) {
    public SuiteOnChain {
        if (chain == null || record == null) throw new IllegalArgumentException("the portal needs a chain and its suite's deployment record");
    }
}
