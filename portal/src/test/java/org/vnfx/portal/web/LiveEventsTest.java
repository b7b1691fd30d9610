package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.suite.Role;
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

    /**
     * A client whose connection stops taking bytes (its peer never reads: the socket buffers fill and writes block)
     * must not hold up the others: a reading client gets every event meanwhile, and the stalled one is dropped once
     * its backlog passes the limit. On a market of its own, so that the events it makes touch no other test.
     */
    @Test
    void aClientThatStopsReadingHoldsUpNobodyAndIsDropped() throws Exception {
        try (TestMarket market = TestMarket.start(); ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket stalled = new Socket()) {
            LiveEvents live = new LiveEvents(new SuiteOnChain(market.chain, market.record), 16 * 1024);
            stalled.setReceiveBufferSize(1024);
            stalled.connect(listener.getLocalSocketAddress());
            try (Socket server = listener.accept()) {
                server.setSendBufferSize(1024);
                live.attach(server.getOutputStream(), server, null);
                ByteArrayOutputStream reading = new ByteArrayOutputStream();
                live.attach(reading, () -> {}, null);
                assertEquals(2, live.clients());

                int registered = 0;
                long deadline = System.currentTimeMillis() + 60_000;
                while (live.clients() == 2 && System.currentTimeMillis() < deadline) {
                    market.registered("customer-" + registered++, Role.CUSTOMER);
                }
                assertEquals(1, live.clients(), "the stalled client was dropped after " + registered + " registrations");
                market.registered("after-the-drop", Role.CUSTOMER);
                int expected = registered + 1;
                long until = System.currentTimeMillis() + 10_000;
                while (count(reading, "\"event\":\"Registered\"") < expected && System.currentTimeMillis() < until) Thread.sleep(100);
                assertEquals(expected, count(reading, "\"event\":\"Registered\""), "the reading client got every event, in time");
            }
        }
    }

    private static int count(ByteArrayOutputStream out, String what) {
        String s;
        synchronized (out) {
            s = out.toString(StandardCharsets.UTF_8);
        }
        return s.split(java.util.regex.Pattern.quote(what), -1).length - 1;
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
