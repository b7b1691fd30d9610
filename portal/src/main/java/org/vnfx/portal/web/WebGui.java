package org.vnfx.portal.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.catalogue.Catalogue;
import org.vnfx.catalogue.CatalogueException;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;
import org.vnfx.portal.http.Route;
import org.vnfx.portal.vnfpkgm.Onboarding;

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
    private final Actor user;
    private final ProviderApi provider;
    private final CustomerApi customer;
    private final WalletApi wallet;
    private final OperatorApi operator;
    /** Replaced by {@link #withMecAgent}; volatile because the server's threads read it. */
    private volatile MecApi mec;
    private final Assets assets = new Assets();

    /**
     * @param catalogue the NFV Repository's catalogue, searched by the catalogue pages
     * @param terms     where the detail page reads licence terms (the chain's Licences contract)
     * @param suite     the chain the Verify and Reputation pages and the live updates read
     * @param user      the portal's user, whose key signs what the pages do (unless a browser wallet signs: {@link WalletApi})
     * @param publish   the user's onboarding path (as `vnfx offer publish`), for the provider's uploads
     * @param uploads   where uploads wait while they are checked; beside it, {@code escrow-transactions/} keeps the
     *                  operator's escrow transactions signed for an Idempotency-Key
     * @param maxUpload the largest package accepted, in bytes
     */
    public WebGui(Catalogue catalogue, LicenceTerms terms, SuiteOnChain suite, Actor user, Onboarding publish, Path uploads, long maxUpload)
            throws Exception {
        this.catalogue = new CatalogueApi(catalogue, terms);
        this.verify = new VerifyApi(suite, VerifyApi.MAX_BYTES);
        this.reputation = new ReputationApi(suite, catalogue);
        this.live = new LiveEvents(suite);
        this.user = user;
        this.provider = new ProviderApi(user, publish, uploads, maxUpload);
        this.customer = new CustomerApi(user, catalogue);
        this.wallet = new WalletApi(user);
        this.operator = new OperatorApi(user, uploads.resolveSibling("escrow-transactions"));
        this.mec = new MecApi(user, null);
    }

    /**
     * The MEC page also reads the user's MEC agent ({@code vnfx mec serve}) at {@code agent}: its running VNFs, their
     * alerts and its recent UE requests. Without it the page shows what the chain holds only.
     */
    public WebGui withMecAgent(java.net.URI agent) {
        this.mec = new MecApi(user, agent);
        return this;
    }

    public List<Route> routes() {
        return List.of(new Route(API, this::api), new Route("/", this::page),
                new Route("/verify", page("/verify", Assets.VERIFY)), new Route("/reputation", page("/reputation", Assets.REPUTATION)),
                new Route("/mec", page("/mec", Assets.MEC)));
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
                if (path.equals(API + "me")) {
                    CatalogueApi.requireGet(ex);
                    Http.json(ex, 200, user.me());
                } else if (!catalogue.answer(ex, path) && !verify.answer(ex, path) && !reputation.answer(ex, path)
                        && !(path.startsWith(ProviderApi.ROOT + "/") && provider.answer(ex, path))
                        && !(path.startsWith(CustomerApi.ROOT + "/") && customer.answer(ex, path))
                        && !(path.startsWith(WalletApi.ROOT + "/") && wallet.answer(ex, path))
                        && !(path.startsWith(OperatorApi.ROOT + "/") && operator.answer(ex, path))
                        && !(path.startsWith(MecApi.ROOT + "/") && mec.answer(ex, path))) {
                    throw Problem.notFound("no resource " + path + " in the portal's API");
                }
            } catch (Problem p) {
                discardBody(ex);
                p.send(ex);
            } catch (ContractRevertException e) {
                discardBody(ex);
                Actor.refused(e).send(ex);
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

    /**
     * Reads what is left of a refused request's body (an upload refused by the role gate before it was read): the
     * JDK server resets a connection closed on unread data, and the client would see the reset, not the refusal.
     */
    private static void discardBody(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            LOG.debug("{} {}: the rest of the body could not be read", ex.getRequestMethod(), ex.getRequestURI(), e);
        }
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
