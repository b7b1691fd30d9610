package org.vnfx.catalogue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A licence a customer acquired for a package.
 *
 * @param id               the licence's identity: its on-chain id, or transaction hash and log index
 * @param digest           the licensed package
 * @param customer         the customer's account, 0x-prefixed lowercase
 * @param type             the licence type
 * @param paymentReference the transaction that paid for it, 0x-prefixed (the acquiring one for a free licence)
 * @param paidWei          what was paid (0 for Public and Trial)
 * @param acquiredBlock    the block of the acquisition
 * @param acquiredAt       that block's timestamp
 */
public record LicenceEntry(String id, String digest, String customer, LicenceType type, String paymentReference, BigInteger paidWei,
                           long acquiredBlock, Instant acquiredAt) {
    public LicenceEntry {
        Objects.requireNonNull(id, "id");
        Digests.check(digest);
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(paymentReference, "paymentReference");
        if (paidWei.signum() < 0) throw new IllegalArgumentException("negative payment");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
    }
}
