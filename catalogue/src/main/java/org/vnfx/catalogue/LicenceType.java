package org.vnfx.catalogue;

/** The marketplace's licence types (DESIGN.md flow 5). */
public enum LicenceType {
    /** Open, free, no instantiation limit. */
    PUBLIC,
    /** Activated at the first instantiation, valid for a period, with a limit on simultaneous instances. */
    TRIAL,
    /** Bought before use, with a limit on simultaneous instances per customer. */
    PRIVATE
}
