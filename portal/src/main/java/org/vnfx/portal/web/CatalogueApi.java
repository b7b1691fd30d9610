package org.vnfx.portal.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.catalogue.Catalogue;
import org.vnfx.catalogue.CatalogueEntry;
import org.vnfx.catalogue.VerificationEntry;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;

/**
 * The catalogue's JSON API for the web GUI, read-only and open to anyone (the catalogue is public):
 * <ul>
 *   <li>{@code GET /api/catalogue/search?q=...&kind=...} — one page of {@link Catalogue#search} ({@link SearchParameters});
 *   <li>{@code GET /api/catalogue/packages/DIGEST} — everything known of one package, listed or not.
 * </ul>
 */
final class CatalogueApi {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogueApi.class);
    static final String ROOT = "/api/catalogue";
    private static final String PACKAGES = ROOT + "/packages/";

    private final Catalogue catalogue;
    private final LicenceTerms terms;

    CatalogueApi(Catalogue catalogue, LicenceTerms terms) {
        this.catalogue = catalogue;
        this.terms = terms;
    }

    /** Answers a request under {@link #ROOT}; false when the path is none of this API's. */
    boolean answer(HttpExchange ex, String path) throws Exception {
        if (path.equals(ROOT + "/search")) {
            requireGet(ex);
            Http.json(ex, 200, CatalogueJson.page(catalogue.search(SearchParameters.parse(Http.query(ex)))));
            return true;
        }
        if (path.startsWith(PACKAGES) && path.indexOf('/', PACKAGES.length()) < 0) {
            requireGet(ex);
            if (!Http.query(ex).isEmpty()) throw Problem.badParameter(Http.query(ex).keySet().iterator().next(), "is not a parameter of a package");
            Http.json(ex, 200, detail(digest(path.substring(PACKAGES.length()))));
            return true;
        }
        return false;
    }

    static void requireGet(HttpExchange ex) throws Problem {
        if (!ex.getRequestMethod().equals("GET")) throw Problem.methodNotAllowed(ex.getRequestMethod(), "GET");
    }

    /** 64 hex digits, 0x and upper case allowed (as `vnfx` prints and accepts them). */
    static String digest(String text) throws Problem {
        String d = text.toLowerCase(Locale.ROOT);
        if (d.startsWith("0x")) d = d.substring(2);
        if (!d.matches("[0-9a-f]{64}")) throw Problem.badParameter("digest", "must be a SHA-256 package digest: 64 hexadecimal digits, 0x optional; got '" + text + "'");
        return d;
    }

    private ObjectNode detail(String digest) throws Exception {
        Optional<CatalogueEntry> entry = catalogue.entry(digest);
        List<VerificationEntry> checks = catalogue.verifications(digest);
        if (entry.isEmpty() && checks.isEmpty()) throw Problem.notFound("no package 0x" + digest + " in the catalogue");
        ObjectNode t;
        try {
            t = CatalogueJson.terms(terms.of(digest));
        } catch (Exception e) {
            LOG.warn("licence terms of 0x{} could not be read", digest, e);
            t = CatalogueJson.termsUnavailable("the licence terms could not be read from the chain: " + e.getMessage());
        }
        return CatalogueJson.detail(digest, entry.orElse(null), checks, t);
    }
}
