package org.vnfx.catalogue;

/**
 * What storing a package did.
 *
 * @param outcome        what happened
 * @param existingDigest for {@link Outcome#CONFLICT}, the package that already holds the (kind, provider, product, version); otherwise null
 */
public record Upsert(Outcome outcome, String existingDigest) {
    public enum Outcome {
        /** A new package (and, if new, its VNF or NS) was stored. */
        INSERTED,
        /** The same content (digest) was already catalogued: nothing changed. */
        UNCHANGED,
        /** Another package already holds this (kind, provider, product, version): nothing was stored. */
        CONFLICT
    }

    public static final Upsert INSERTED = new Upsert(Outcome.INSERTED, null);
    public static final Upsert UNCHANGED = new Upsert(Outcome.UNCHANGED, null);

    public static Upsert conflict(String existingDigest) {
        return new Upsert(Outcome.CONFLICT, existingDigest);
    }
}
