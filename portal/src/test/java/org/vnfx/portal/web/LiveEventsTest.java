package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vnfx.portal.PortalServer;
import org.vnfx.portal.http.Problem;
import org.vnfx.portal.http.Route;

/** What the shared pages' server does not show: streams of clients gone away are dropped, and uploads have a limit. */
class LiveEventsTest {
    @Test
    void aClientThatGoesAwayIsDropped() throws Exception {
        Marketplace m = Marketplace.shared();
        LiveEvents live = new LiveEvents(new SuiteOnChain(m.market().chain, m.market().record));
        try (PortalServer server = new PortalServer(new InetSocketAddress("127.0.0.1", 0), List.of(new Route(LiveEvents.PATH, live::subscribe)))) {
            HttpResponse<InputStream> r = CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(server.url().resolve(LiveEvents.PATH)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            assertTrue(new String(r.body().readNBytes(8)).startsWith("retry: "), "the stream is open");
            assertEquals(1, live.clients());
            r.body().close();
            long deadline = System.currentTimeMillis() + 10_000; // the keep-alive comments every 2 s find the closed connection
            while (live.clients() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(100);
            assertEquals(0, live.clients(), "the closed stream was dropped");
        }
    }

    @Test
    void anUploadOverTheLimitIsRefusedNamingTheFile() throws Exception {
        Marketplace m = Marketplace.shared();
        VerifyApi verify = new VerifyApi(new SuiteOnChain(m.market().chain, m.market().record), 1024);
        Route route = new Route(VerifyApi.ROOT, ex -> {
            try (ex) {
                try {
                    verify.answer(ex, ex.getRequestURI().getPath());
                } catch (Problem p) {
                    p.send(ex);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        try (PortalServer server = new PortalServer(new InetSocketAddress("127.0.0.1", 0), List.of(route))) {
            HttpResponse<String> r = CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(server.url().resolve(VerifyApi.ROOT))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4096])).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(CatalogueApiTest.problem(r, 413).path("detail").asText().startsWith("file is larger than"), r.body());
        }
    }
}
