package org.vnfx.catalogue;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * How the catalogue is written: by the portal at onboarding and by the chain indexer. Every method is one
 * transaction and idempotent (writing the same thing twice leaves the catalogue as after the first), because
 * the indexer delivers chain events at least once.
 */
public interface CatalogueWriter {
    /** Stores a package and its VNF or NS. The same digest again is {@link Upsert#UNCHANGED}. */
    Upsert putPackage(PackageEntry entry);

    /** Stores an offer of a catalogued package with status ADVERTISED; the same offer again changes nothing. */
    void putOffer(OfferEntry offer);

    /** Whether the offer of this package is catalogued (only offers of listed packages are). */
    boolean hasOffer(String digest);

    /** Moves an offer to a new status as of a block; an older block than the one last applied changes nothing. */
    void setOfferStatus(String digest, OfferStatus status, long block, Instant at);

    /** The offer's reputation (0..1) after a session, as of a block; an older block than the last applied changes nothing. */
    void setReputation(String digest, double reputation, long sessions, long block, Instant at);

    /** Stores or replaces the (package, verifier) verification record; the package need not be listed. */
    void putVerification(VerificationEntry verification);

    /** Stores an acquired licence; the same id again changes nothing. */
    void putLicence(LicenceEntry licence);

    /** The last block a follower (e.g. "indexer") has fully applied, kept in the catalogue so a dropped database starts over. */
    OptionalLong checkpoint(String follower);

    void saveCheckpoint(String follower, long block);
}
