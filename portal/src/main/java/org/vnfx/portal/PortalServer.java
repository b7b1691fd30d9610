package org.vnfx.portal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vnfx.portal.auth.OAuth;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;
import org.vnfx.portal.http.Route;
import org.vnfx.store.StoreServer;
import org.vnfx.store.http.RequestLimits;
import org.vnfx.portal.vnfpkgm.VnfPkgmApi;
import org.vnfx.portal.web.WebGui;

/**
 * The portal's HTTP server (the JDK's), serving the routes of its parts: the SOL005 VNF package management API
 * under {@code /vnfpkgm/v1} with its OAuth token endpoint ({@link #sol005}), and the web GUI ({@link WebGui#routes}).
 */
public final class PortalServer implements AutoCloseable {
    /** The store's upload limit: no package the portal takes can be larger than the store would hold. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = StoreServer.Options.DEFAULT_MAX_UPLOAD;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "portal-http");
        t.setDaemon(true);
        return t;
    });

    /** The SOL005 API alone. */
    public PortalServer(InetSocketAddress bind, OAuth oauth, VnfPkgmApi vnfpkgm) throws IOException {
        this(bind, sol005(oauth, vnfpkgm));
    }

    /** The routes behind the standard request limits, bodies up to {@link #DEFAULT_MAX_REQUEST_BYTES}. */
    public PortalServer(InetSocketAddress bind, List<Route> routes) throws IOException {
        this(bind, routes, RequestLimits.withMaxBody(DEFAULT_MAX_REQUEST_BYTES));
    }

    /**
     * @param limits what any request may be before a route sees it (each route keeps its own, smaller limits:
     *               a JSON body, a form, a package upload)
     */
    public PortalServer(InetSocketAddress bind, List<Route> routes, RequestLimits limits) throws IOException {
        Set<String> prefixes = new HashSet<>();
        for (Route r : routes) {
            if (!prefixes.add(r.prefix())) throw new IllegalArgumentException("two routes for " + r.prefix());
        }
        server = HttpServer.create(bind, 64);
        server.setExecutor(threads);
        for (Route r : routes) limits.guard(server.createContext(r.prefix(), r.handler()), PortalServer::refuse);
        server.start();
    }

    /** {@code /oauth2/token} and {@code /vnfpkgm/v1}. */
    public static List<Route> sol005(OAuth oauth, VnfPkgmApi vnfpkgm) {
        List<Route> routes = new ArrayList<>();
        routes.add(new Route("/oauth2/token", ex -> {
            try (ex) {
                oauth.tokenEndpoint(ex);
            }
        }));
        routes.add(new Route(VnfPkgmApi.ROOT, vnfpkgm::handle));
        return routes;
    }

    /** Everything {@code vnfx portal serve} serves: the SOL005 API and the web GUI. */
    public static List<Route> dportal(OAuth oauth, VnfPkgmApi vnfpkgm, WebGui web) {
        List<Route> routes = sol005(oauth, vnfpkgm);
        routes.addAll(web.routes());
        return routes;
    }

    private static RequestLimits.Refused refuse(HttpExchange ex, int status, String title, String detail) throws IOException {
        return new RequestLimits.Refused("application/problem+json",
                Http.JSON.writeValueAsBytes(new Problem(status, title, detail).body(ex.getRequestURI().getPath())));
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
