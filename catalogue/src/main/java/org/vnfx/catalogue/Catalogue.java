package org.vnfx.catalogue;

import java.util.List;
import java.util.Optional;

/** How the catalogue is read: search, one package, and a canonical dump for comparing two catalogues. */
public interface Catalogue {
    Page<Listing> search(SearchQuery query);

    Optional<CatalogueEntry> entry(String digest);

    /** Every verification record of a package, listed or not (a rejected package has only these), by verifier. */
    List<VerificationEntry> verifications(String digest);

    /**
     * Every row of every table except checkpoints, as canonical text (surrogate keys left out, rows sorted by
     * their natural keys): two catalogues hold the same content exactly when their snapshots are equal.
     */
    String snapshot();
}
