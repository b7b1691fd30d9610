package org.vnfx.portal.web;

import java.util.HexFormat;
import org.vnfx.ledger.Licensing;

/**
 * Where a package's licence terms come from: the Licences contract ({@link #of(Licensing)}). The catalogue does not
 * keep them (it records licences acquired), so the detail page asks the chain.
 */
@FunctionalInterface
public interface LicenceTerms {
    /** @param digest the package digest, 64 lowercase hex digits */
    Licensing.PackageTerms of(String digest) throws Exception;

    static LicenceTerms of(Licensing licences) {
        return digest -> licences.terms(HexFormat.of().parseHex(digest));
    }
}
