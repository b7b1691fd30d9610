package org.vnfx.catalogue;

import java.util.List;

/**
 * Everything the catalogue knows of one package.
 *
 * @param listing       its search result
 * @param documentJson  the whole descriptor as JSON (object keys in file order)
 * @param verifications its verification records, by verifier
 * @param licences      the licences acquired for it, by block then id
 */
public record CatalogueEntry(Listing listing, String documentJson, List<VerificationEntry> verifications, List<LicenceEntry> licences) {
    public CatalogueEntry {
        verifications = List.copyOf(verifications);
        licences = List.copyOf(licences);
    }
}
