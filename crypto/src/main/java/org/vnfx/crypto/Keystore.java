package org.vnfx.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;

/**
 * A folder of password-protected identities. Each identity NAME has three files:
 * <ul>
 *   <li>{@code NAME.account.json}: the signing key (an Ethereum account), a web3j/geth wallet file;
 *   <li>{@code NAME.encryption.json}: the secp256k1 key that receives ECIES key envelopes, same format;
 *   <li>{@code NAME.identity.json}: the public half (address, compressed encryption key), readable without a password.
 * </ul>
 * Signing and encryption keys are kept apart so that a signature can never be turned into a decryption
 * oracle, and so that the encryption key can be rotated on chain without changing the account.
 */
public final class Keystore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** scrypt cost: STANDARD is geth's default (N=2^18, about a second); LIGHT (N=2^12) is for throwaway keys. */
    public enum KdfStrength { STANDARD, LIGHT }

    private final Path folder;

    public Keystore(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** The public facts of an identity, known without its password. */
    public record Entry(String name, String address, CompressedKey encryptionKey) {}

    /** An unlocked identity: the account that signs transactions and the key that opens envelopes. */
    public record Unlocked(String name, Credentials account, ECKeyPair encryption) {
        public CompressedKey encryptionKey() {
            return PublicKeys.compressed(encryption);
        }
    }

    public Entry create(String name, String password, KdfStrength strength) throws IOException {
        try {
            return importKeys(name, password, Keys.createEcKeyPair(), Keys.createEcKeyPair(), strength);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot generate keys: " + e.getMessage(), e);
        }
    }

    /** Store given key pairs under NAME (used to import existing keys, e.g. a Besu genesis account). */
    public Entry importKeys(String name, String password, ECKeyPair account, ECKeyPair encryption, KdfStrength strength)
            throws IOException {
        checkName(name);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("identity '" + name + "': an empty password is not allowed");
        }
        if (exists(name)) {
            throw new IllegalStateException("identity '" + name + "' already exists in " + folder + "; choose another name");
        }
        Files.createDirectories(folder);
        Entry entry = new Entry(name, "0x" + Keys.getAddress(account), PublicKeys.compressed(encryption));
        try {
            DurableFile.write(file(name, "account"), JSON.writeValueAsBytes(wallet(password, account, strength)));
            DurableFile.write(file(name, "encryption"), JSON.writeValueAsBytes(wallet(password, encryption, strength)));
        } catch (CipherException e) {
            throw new IOException("cannot encrypt keys for '" + name + "': " + e.getMessage(), e);
        }
        // The public file is written last: its presence marks a complete identity.
        DurableFile.write(file(name, "identity"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                java.util.Map.of("name", name, "address", entry.address(), "encryptionKey", entry.encryptionKey().hex())));
        return entry;
    }

    public boolean exists(String name) {
        return Files.exists(file(name, "identity"));
    }

    public Entry entry(String name) throws IOException {
        checkName(name);
        Path f = file(name, "identity");
        if (!Files.exists(f)) {
            throw new IllegalArgumentException("no identity '" + name + "' in " + folder + " (known: " + names() + ")");
        }
        var node = JSON.readTree(f.toFile());
        return new Entry(name, node.path("address").asText(), CompressedKey.ofHex(node.path("encryptionKey").asText()));
    }

    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String n : names()) out.add(entry(n));
        return out;
    }

    public Unlocked unlock(String name, String password) throws IOException {
        Entry e = entry(name);
        try {
            ECKeyPair account = Wallet.decrypt(password, JSON.readValue(file(name, "account").toFile(), WalletFile.class));
            ECKeyPair encryption = Wallet.decrypt(password, JSON.readValue(file(name, "encryption").toFile(), WalletFile.class));
            Unlocked u = new Unlocked(name, Credentials.create(account), encryption);
            if (!u.account().getAddress().equalsIgnoreCase(e.address())) {
                throw new IOException("identity '" + name + "': " + file(name, "account") + " does not match the address in " + file(name, "identity"));
            }
            return u;
        } catch (CipherException ex) {
            throw new IllegalArgumentException("identity '" + name + "': wrong password (" + ex.getMessage() + ")", ex);
        }
    }

    private List<String> names() throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".identity.json"))
                    .map(n -> n.substring(0, n.length() - ".identity.json".length()))
                    .sorted()
                    .toList();
        }
    }

    private Path file(String name, String kind) {
        return folder.resolve(name + "." + kind + ".json");
    }

    private static WalletFile wallet(String password, ECKeyPair pair, KdfStrength strength) throws CipherException {
        return strength == KdfStrength.STANDARD ? Wallet.createStandard(password, pair) : Wallet.createLight(password, pair);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("identity name '" + name + "' must match " + NAME.pattern());
        }
    }
}
