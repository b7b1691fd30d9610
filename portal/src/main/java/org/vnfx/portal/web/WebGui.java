package org.vnfx.portal.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
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
    private final VerifyApi verify;
    private final ReputationApi reputation;
    private final LiveEvents live;
    private final Assets assets = new Assets();

    /**
     * @param catalogue the NFV Repository's catalogue, searched by the catalogue pages
     * @param terms     where the detail page reads licence terms (the chain's Licences contract)
     * @param suite     the chain the Verify and Reputation pages and the live updates read
     */
    public WebGui(Catalogue catalogue, LicenceTerms terms, SuiteOnChain suite) throws Exception {
        this.catalogue = new CatalogueApi(catalogue, terms);
        this.verify = new VerifyApi(suite, VerifyApi.MAX_BYTES);
        this.reputation = new ReputationApi(suite, catalogue);
        this.live = new LiveEvents(suite);
    }

    public List<Route> routes() {
        return List.of(new Route(API, this::api), new Route("/", this::page),
                new Route("/verify", page("/verify", Assets.VERIFY)), new Route("/reputation", page("/reputation", Assets.REPUTATION)));
    }

    private void api(HttpExchange ex) {
        if (ex.getRequestURI().getPath().equals(LiveEvents.PATH) && ex.getRequestMethod().equals("GET")) {
            events(ex);
            return;
        }
        try (ex) {
            String path = ex.getRequestURI().getPath();
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            try {
                if (!catalogue.answer(ex, path) && !verify.answer(ex, path) && !reputation.answer(ex, path)) {
                    throw Problem.notFound("no resource " + path + " in the portal's API");
                }
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

    /** The stream stays open after this returns: {@link LiveEvents} writes to it and closes it. */
    private void events(HttpExchange ex) {
        try {
            live.subscribe(ex);
        } catch (IOException e) {
            LOG.debug("{} {}: the client went away", ex.getRequestMethod(), ex.getRequestURI(), e);
        }
    }

    /** A page of its own address only: {@code /verify}, not {@code /verifyx} (a route is a prefix); other paths as {@code /}'s. */
    private HttpHandler page(String address, Assets.Page page) {
        return ex -> serve(ex, ex.getRequestURI().getPath().equals(address) ? page : null);
    }

    private void page(HttpExchange ex) {
        serve(ex, null);
    }

    /** @param page the page to send, or null for the one (or the asset) at the request's path */
    private void serve(HttpExchange ex, Assets.Page page) {
        try (ex) {
            try {
                CatalogueApi.requireGet(ex);
                if (page == null) assets.send(ex, ex.getRequestURI().getPath());
                else assets.send(ex, page);
            } catch (Problem p) {
                p.send(ex);
            }
        } catch (IOException e) {
            LOG.debug("{} {}: the client went away", ex.getRequestMethod(), ex.getRequestURI(), e);
        }
    }
}
