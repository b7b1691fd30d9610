package org.vnfx.portal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vnfx.portal.auth.OAuth;
import org.vnfx.portal.vnfpkgm.VnfPkgmApi;

/**
 * The portal's HTTP server (the JDK's): {@code /oauth2/token} and the SOL005 VNF package management
 * API under {@code /vnfpkgm/v1}.
 */
public final class PortalServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "portal-http");
        t.setDaemon(true);
        return t;
    });

    public PortalServer(InetSocketAddress bind, OAuth oauth, VnfPkgmApi vnfpkgm) throws IOException {
        server = HttpServer.create(bind, 64);
        server.setExecutor(threads);
        server.createContext("/oauth2/token", ex -> {
            try (ex) {
                oauth.tokenEndpoint(ex);
            }
        });
        server.createContext(VnfPkgmApi.ROOT, vnfpkgm::handle);
        server.start();
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
