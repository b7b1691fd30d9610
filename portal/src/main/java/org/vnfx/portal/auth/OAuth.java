package org.vnfx.portal.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;

/**
 * OAuth 2.0 as ETSI GS NFV-SOL 013 clause 8 asks of an API producer: a token endpoint for the client
 * credentials grant (RFC 6749 clause 4.4; client_secret_basic or client_secret_post) and bearer tokens
 * on every API call (RFC 6750): no token is 401, a malformed Authorization header 400, an unknown or
 * expired token 401, a role that may not act 403.
 */
public final class OAuth {
    public static final String REALM = "vnfx";
    static final int MAX_FORM_BYTES = 8 * 1024;

    private final ClientRegistry clients;
    private final Tokens tokens;

    public OAuth(ClientRegistry clients, Tokens tokens) {
        this.clients = clients;
        this.tokens = tokens;
    }

    /** {@code POST /oauth2/token}. Errors follow RFC 6749 clause 5.2 (not ProblemDetails: OAuth clients expect these). */
    public void tokenEndpoint(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Pragma", "no-cache");
        if (!ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().set("Allow", "POST");
            oauthError(ex, 405, "invalid_request", "use POST");
            return;
        }
        String type = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            oauthError(ex, 400, "invalid_request", "the body must be application/x-www-form-urlencoded");
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        }
        if (body.length > MAX_FORM_BYTES) {
            oauthError(ex, 400, "invalid_request", "the body is larger than " + MAX_FORM_BYTES + " bytes");
            return;
        }
        Map<String, String> form = Http.form(new String(body, StandardCharsets.US_ASCII));
        if (!"client_credentials".equals(form.get("grant_type"))) {
            oauthError(ex, 400, form.containsKey("grant_type") ? "unsupported_grant_type" : "invalid_request",
                    "grant_type must be client_credentials");
            return;
        }
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = ex.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                oauthError(ex, 400, "invalid_request", "the Basic credentials are not base64");
                return;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                oauthError(ex, 400, "invalid_request", "the Basic credentials are not id:secret");
                return;
            }
            // RFC 6749 clause 2.3.1: id and secret are form-urlencoded inside the Basic credentials
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        Optional<ClientRegistry.Client> client = id == null || secret == null ? Optional.empty() : clients.authenticate(id, secret);
        if (client.isEmpty()) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
            oauthError(ex, 401, "invalid_client", "unknown client or wrong secret");
            return;
        }
        ObjectNode ok = Http.JSON.createObjectNode();
        ok.put("access_token", tokens.issue(client.get())).put("token_type", "Bearer").put("expires_in", Tokens.LIFETIME.toSeconds())
                .put("scope", client.get().role());
        Http.json(ex, 200, ok);
    }

    private static void oauthError(HttpExchange ex, int status, String error, String description) throws IOException {
        Http.json(ex, status, Http.JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    /** The caller of an API request, from its bearer token. */
    public Tokens.Principal authenticate(HttpExchange ex) throws Problem {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null) {
            throw new Problem(401, "Unauthorized", "this API needs an OAuth 2.0 bearer token (POST /oauth2/token with client credentials)",
                    Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\""));
        }
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7) || !h.substring(7).trim().matches("[A-Za-z0-9\\-._~+/]+=*")) {
            throw new Problem(400, "Bad Request", "the Authorization header must be 'Bearer <token>'",
                    Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_request\""));
        }
        return tokens.check(h.substring(7).trim()).orElseThrow(() -> new Problem(401, "Unauthorized", "the token is unknown or expired",
                Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"")));
    }

    /** Refuses a principal whose role is not among {@code roles}. */
    public static void require(Tokens.Principal who, Set<String> roles, String action) throws Problem {
        if (!roles.contains(who.role())) {
            throw new Problem(403, "Forbidden", "client '" + who.clientId() + "' has role " + who.role() + "; " + action + " needs one of " + roles,
                    Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\""));
        }
    }
}
