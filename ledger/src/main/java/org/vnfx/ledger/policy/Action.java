package org.vnfx.ledger.policy;

/** What a usage policy allows, with its bit in the Policies contract. */
public enum Action {
    /** Start a network-service instance from the package (a customer, under a licence). */
    INSTANTIATE(1, "instantiate"),
    /** Pass the package on: sell a licence to a customer, grant it to a MEC node. */
    REDISTRIBUTE(2, "redistribute"),
    /** Publish a package declared as derived from it. */
    MODIFY(4, "modify");

    public final int bit;
    /** The word used in policy files. */
    public final String word;

    Action(int bit, String word) {
        this.bit = bit;
        this.word = word;
    }
}
