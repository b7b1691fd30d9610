package org.vnfx.catalogue;

import java.util.Optional;

/** How the catalogue is read: search, one package, and a canonical dump for comparing two catalogues. */
public interface Catalogue {
    Page<Listing> search(SearchQuery query);

    Optional<CatalogueEntry> entry(String digest);

    /**
     * Every row of every table except checkpoints, as canonical text (surrogate keys left out, rows sorted by
     * their natural keys): two catalogues hold the same content exactly when their snapshots are equal.
     */
    String snapshot();
}
