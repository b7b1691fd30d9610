package org.vnfx.portal.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vnfx.portal.http.Http;

/**
 * The GUI's pages, styles and scripts, from the classpath ({@code org/vnfx/portal/web/}): plain files, no build step,
 * nothing from another site. Pages are addressed by what they show ({@code /packages/DIGEST}); the page's script
 * reads the rest from the API. The Content-Security-Policy allows this server only, so a page can neither load
 * nor send anything elsewhere, and no inline script runs.
 */
final class Assets {
    private static final String ROOT = "/org/vnfx/portal/web/";
    private static final Pattern ASSET = Pattern.compile("/assets/([a-z0-9-]+\\.(css|js|svg))");
    private static final Pattern PACKAGE_PAGE = Pattern.compile("/packages/[^/]+");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml");
    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    /** Sends the page or file of {@code path}, or the not-found page. */
    void send(HttpExchange ex, String path) throws IOException {
        String file = file(path).orElse(null);
        int status = 200;
        if (file == null) {
            file = "not-found.html";
            status = 404;
        }
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        Http.send(ex, status, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), bytes(file));
    }

    /** The classpath file that answers {@code path}, if any. */
    static Optional<String> file(String path) {
        if (path.equals("/")) return Optional.of("catalogue.html");
        if (PACKAGE_PAGE.matcher(path).matches()) return Optional.of("package.html");
        Matcher m = ASSET.matcher(path);
        if (m.matches() && Assets.class.getResource(ROOT + "assets/" + m.group(1)) != null) return Optional.of("assets/" + m.group(1));
        return Optional.empty();
    }

    private byte[] bytes(String file) {
        return loaded.computeIfAbsent(file, f -> {
            try (InputStream in = Assets.class.getResourceAsStream(ROOT + f)) {
                if (in == null) throw new IllegalStateException("the portal's jar lacks " + ROOT + f);
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
