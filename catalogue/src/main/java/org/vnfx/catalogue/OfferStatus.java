package org.vnfx.catalogue;

/** An offer's state, as the Offers contract keeps it (its enum Status without None). */
public enum OfferStatus {
    ADVERTISED, ACCEPTED, REJECTED, RETIRED;

    /** From the contract's uint8 (1 = Advertised ... 4 = Retired). */
    public static OfferStatus fromChain(int status) {
        if (status < 1 || status > 4) throw new IllegalArgumentException("offer status " + status + " is not 1..4");
        return values()[status - 1];
    }
}
