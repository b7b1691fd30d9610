package org.vnfx.portal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opaque bearer access tokens (RFC 6750): 256 random bits, kept only as their SHA-256, valid for
 * {@link #LIFETIME}. Tokens live in memory: a restart signs everyone out, which is what a token
 * lifetime of an hour allows.
 */
public final class Tokens {
    public static final Duration LIFETIME = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a token stands for. */
    public record Principal(String clientId, String role, String account) {}

    private record Grant(Principal principal, Instant expires) {}

    private final Map<String, Grant> byHash = new ConcurrentHashMap<>();
    private final Clock clock;

    public Tokens(Clock clock) {
        this.clock = clock;
    }

    public String issue(ClientRegistry.Client client) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        byHash.values().removeIf(g -> !g.expires().isAfter(now)); // keeps the map from growing with expired grants
        byHash.put(hash(token), new Grant(new Principal(client.id(), client.role(), client.account()), now.plus(LIFETIME)));
        return token;
    }

    /** The principal of a valid, unexpired token. */
    public Optional<Principal> check(String token) {
        Grant g = byHash.get(hash(token));
        if (g == null || !g.expires().isAfter(clock.instant())) return Optional.empty();
        return Optional.of(g.principal());
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
