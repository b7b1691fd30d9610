package org.vnfx.portal.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.vnfx.crypto.DurableFile;

/**
 * The OAuth 2.0 clients allowed to ask for tokens (client credentials grant, RFC 6749 clause 4.4): a MANO
 * stack, a script, the portal's own pages. Each has a role that decides what it may do, and a secret of
 * which only a salted PBKDF2 hash is kept ({@code clients.json}, replaced atomically).
 */
public final class ClientRegistry {
    public static final Set<String> ROLES = Set.of("provider", "operator", "mec", "customer", "validator", "reader");
    static final int PBKDF2_ITERATIONS = 210_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A registered client. {@code account} is the chain identity it acts for, if any. */
    public record Client(String id, String role, String account, String salt, int iterations, String hash) {}

    private final Path file;

    public ClientRegistry(Path file) {
        this.file = file;
    }

    public synchronized List<Client> clients() throws IOException {
        if (!Files.exists(file)) return List.of();
        return JSON.readValue(file.toFile(), new TypeReference<List<Client>>() {});
    }

    /** Registers {@code id} with a fresh secret and returns the secret: the only time it is shown. */
    public synchronized String add(String id, String role, String account) throws IOException {
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException("client id must be 1-64 of A-Z a-z 0-9 . _ -, found '" + id + "'");
        if (!ROLES.contains(role)) throw new IllegalArgumentException("role must be one of " + ROLES + ", found '" + role + "'");
        List<Client> all = new ArrayList<>(clients());
        if (all.stream().anyMatch(c -> c.id().equals(id))) throw new IllegalArgumentException("client '" + id + "' exists");
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        all.add(new Client(id, role, account, b64(salt), PBKDF2_ITERATIONS, b64(hash(secretText, salt, PBKDF2_ITERATIONS))));
        Files.createDirectories(file.toAbsolutePath().getParent());
        DurableFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
        return secretText;
    }

    /** The client whose id and secret these are; empty for an unknown id or a wrong secret (compared in constant time). */
    public Optional<Client> authenticate(String id, String secret) throws IOException {
        for (Client c : clients()) {
            if (!c.id().equals(id)) continue;
            byte[] expected = Base64.getDecoder().decode(c.hash());
            byte[] actual = hash(secret, Base64.getDecoder().decode(c.salt()), c.iterations());
            return MessageDigest.isEqual(expected, actual) ? Optional.of(c) : Optional.empty();
        }
        return Optional.empty();
    }

    private static byte[] hash(String secret, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
