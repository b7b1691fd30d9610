package org.vnfx.portal.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vnfx.portal.http.Http;

/**
 * The GUI's pages, styles and scripts, from the classpath ({@code org/vnfx/portal/web/}): plain files, no build step,
 * nothing from another site. A page is its own fragment set in {@code layout.html} (head, header and navigation
 * written once); pages are addressed by what they show ({@code /packages/DIGEST}) and their script reads the rest
 * from the API. The Content-Security-Policy allows this server only, so a page can neither load nor send anything
 * elsewhere, and no inline script runs.
 */
final class Assets {
    private static final String ROOT = "/org/vnfx/portal/web/";
    private static final Pattern ASSET = Pattern.compile("/assets/([a-z0-9-]+\\.(css|js|svg))");
    private static final Pattern PACKAGE_PAGE = Pattern.compile("/packages/[^/]+");
    private static final Map<String, String> TYPES = Map.of("css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");
    private static final String HTML = "text/html; charset=utf-8";
    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /**
     * A page of the GUI.
     *
     * @param fragment what goes into the layout's {@code <main>}
     * @param title    the window title, before " · vnfx dPortal"
     * @param script   its module in {@code assets/}, or null
     * @param section  the navigation link it belongs to (marked current), or null
     */
    record Page(String fragment, String title, String script, String section) {}

    static final Page CATALOGUE = new Page("catalogue.html", "Catalogue", "catalogue.js", "catalogue");
    static final Page PACKAGE = new Page("package.html", "Package", "package.js", "catalogue");
    static final Page PROVIDER = new Page("provider.html", "My offers", "provider.js", "provider");
    static final Page CUSTOMER = new Page("customer.html", "My licences", "customer.js", "customer");
    static final Page OPERATOR = new Page("operator.html", "Operator", "operator.js", "operator");
    static final Page NOT_FOUND = new Page("not-found.html", "Not found", null, null);
    static final Page VERIFY = new Page("verify.html", "Verify a package", "verify.js", "verify");
    static final Page REPUTATION = new Page("reputation.html", "Reputation", "reputation.js", "reputation");
    static final Page MEC = new Page("mec.html", "My MEC node", "mec.js", "mec");

    private final Map<Object, byte[]> loaded = new ConcurrentHashMap<>();

    /** Sends the page or file of {@code path}, or the not-found page. */
    void send(HttpExchange ex, String path) throws IOException {
        headers(ex);
        Matcher asset = ASSET.matcher(path);
        if (asset.matches() && Assets.class.getResource(ROOT + "assets/" + asset.group(1)) != null) {
            Http.send(ex, 200, TYPES.get(asset.group(2)), loaded.computeIfAbsent("assets/" + asset.group(1), f -> read((String) f)));
            return;
        }
        Page page = path.equals("/") ? CATALOGUE : path.equals("/provider") ? PROVIDER : path.equals("/customer") ? CUSTOMER
                : path.equals("/operator") ? OPERATOR : PACKAGE_PAGE.matcher(path).matches() ? PACKAGE : NOT_FOUND;
        Http.send(ex, page == NOT_FOUND ? 404 : 200, HTML, loaded.computeIfAbsent(page, p -> render((Page) p)));
    }

    /** Sends {@code page}, whatever the path (its route chose it). */
    void send(HttpExchange ex, Page page) throws IOException {
        headers(ex);
        Http.send(ex, 200, HTML, loaded.computeIfAbsent(page, p -> render((Page) p)));
    }

    private static void headers(HttpExchange ex) {
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    }

    /** The layout with the page's title, script, current section and fragment: constants of the jar, nothing from a request. */
    private static byte[] render(Page page) {
        String layout = new String(read("layout.html"), StandardCharsets.UTF_8);
        if (page.section() != null) layout = layout.replace("data-section=\"" + page.section() + "\"", "data-section=\"" + page.section() + "\" aria-current=\"page\"");
        return layout.replace("{{title}}", page.title())
                .replace("{{script}}", page.script() == null ? "" : "  <script type=\"module\" src=\"/assets/" + page.script() + "\"></script>")
                .replace("{{main}}", new String(read(page.fragment()), StandardCharsets.UTF_8).stripTrailing())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(String file) {
        try (InputStream in = Assets.class.getResourceAsStream(ROOT + file)) {
            if (in == null) throw new IllegalStateException("the portal's jar lacks " + ROOT + file);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
