package org.vnfx.packages.csar.rules;

import java.io.IOException;

/**
 * One check of a package. A rule reads what earlier rules left in the {@link CsarContext}, adds its findings
 * there, and leaves what it parsed for later rules; it does nothing when what it needs is missing (an earlier
 * rule has already said why).
 */
public interface Rule {
    /** The id findings carry, e.g. {@code manifest-digests-match}. */
    String id();

    void check(CsarContext ctx) throws IOException;
}
