package org.vnfx.catalogue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.vnfx.packages.descriptor.Kind;
import org.vnfx.packages.descriptor.ResourceNeeds;

/**
 * One search result: a package with its descriptor's metadata and, where offered, its offer.
 *
 * @param digest            the package digest
 * @param kind              VNF or NS
 * @param provider          the descriptor's provider (or designer)
 * @param product           product (VNF) or service (NS) name
 * @param version           see {@link PackageEntry#version()}
 * @param descriptorId      the descriptor's id
 * @param dialect           SOL001, OSM or TANGO
 * @param description       the descriptor's description, or null
 * @param needs             summed resource needs (zero for an NS)
 * @param sizeBytes         the package's size
 * @param onboardedAt       when it was catalogued
 * @param functionType      the offer's function type, or null if not offered
 * @param offerStatus       the offer's status, or null if not offered
 * @param pricePerSecondWei the offer's base price, or null
 * @param reputation        the offer's reputation (0..1), or null before its first session
 * @param sessions          sessions that updated the reputation
 * @param licenceTypes      licence types acquired for it so far, in enum order
 */
public record Listing(String digest, Kind kind, String provider, String product, String version, String descriptorId, String dialect,
                      String description, ResourceNeeds needs, long sizeBytes, Instant onboardedAt, String functionType,
                      OfferStatus offerStatus, BigInteger pricePerSecondWei, Double reputation, long sessions, List<LicenceType> licenceTypes) {
    public Listing {
        licenceTypes = List.copyOf(licenceTypes);
    }
}
