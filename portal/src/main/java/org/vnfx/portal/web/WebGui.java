package org.vnfx.portal.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.catalogue.Catalogue;
import org.vnfx.catalogue.CatalogueException;
import org.vnfx.portal.http.Problem;
import org.vnfx.portal.http.Route;

/**
 * dPortal's web GUI: its pages and assets under {@code /} and the JSON API they read under {@code /api/}, with
 * ProblemDetails for every API error. Read-only pages need no login.
 */
public final class WebGui {
    private static final Logger LOG = LoggerFactory.getLogger(WebGui.class);
    public static final String API = "/api/";

    private final CatalogueApi catalogue;
    private final Assets assets = new Assets();

    /**
     * @param catalogue the NFV Repository's catalogue, searched by the catalogue pages
     * @param terms     where the detail page reads licence terms (the chain's Licences contract)
     */
    public WebGui(Catalogue catalogue, LicenceTerms terms) {
        this.catalogue = new CatalogueApi(catalogue, terms);
    }

    public List<Route> routes() {
        return List.of(new Route(API, this::api), new Route("/", this::page));
    }

    private void api(HttpExchange ex) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            try {
                if (!catalogue.answer(ex, path)) throw Problem.notFound("no resource " + path + " in the portal's API");
            } catch (Problem p) {
                p.send(ex);
            } catch (IOException e) {
                throw e; // the client went away mid-answer: nothing more can be sent
            } catch (CatalogueException e) {
                LOG.warn("{} {}: the catalogue failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                new Problem(503, "Service Unavailable", e.getMessage()).send(ex);
            } catch (Exception e) {
                LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                new Problem(500, "Internal Server Error", e.toString()).send(ex);
            }
        } catch (IOException e) {
            LOG.debug("{} {}: the client went away", ex.getRequestMethod(), ex.getRequestURI(), e);
        }
    }

    private void page(HttpExchange ex) {
        try (ex) {
            try {
                CatalogueApi.requireGet(ex);
                assets.send(ex, ex.getRequestURI().getPath());
            } catch (Problem p) {
                p.send(ex);
            }
        } catch (IOException e) {
            LOG.debug("{} {}: the client went away", ex.getRequestMethod(), ex.getRequestURI(), e);
        }
    }
}
