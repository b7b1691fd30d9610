package org.vnfx.catalogue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A provider's offer of a package, as advertised on chain (OfferAdvertised).
 *
 * @param digest            the package digest (the offer's identity on chain)
 * @param provider          the provider's account, 0x-prefixed lowercase
 * @param functionType      e.g. "ids"
 * @param pricePerSecondWei the base price B_v
 * @param cid               the store CID of the encrypted package
 * @param advertisedBlock   the block of the advertisement
 * @param advertisedAt      that block's timestamp
 */
public record OfferEntry(String digest, String provider, String functionType, BigInteger pricePerSecondWei, String cid, long advertisedBlock,
                         Instant advertisedAt) {
    public OfferEntry {
        Digests.check(digest);
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(functionType, "functionType");
        Objects.requireNonNull(pricePerSecondWei, "pricePerSecondWei");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(advertisedAt, "advertisedAt");
    }
}
