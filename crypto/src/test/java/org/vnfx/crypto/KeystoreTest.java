package org.vnfx.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vnfx.crypto.Keystore.KdfStrength;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.crypto.WalletUtils;

/** Password-protected identities on disk: what is created can be listed, unlocked, and read by web3j, and nothing else. */
class KeystoreTest {
    static final String PASSWORD = "correct horse battery staple";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    Keystore keystore() {
        return new Keystore(folder.resolve("keys"));
    }

    @Test
    void aCreatedIdentityIsListedAndUnlocksToTheSameKeys() throws Exception {
        Keystore ks = keystore();
        Keystore.Entry created = ks.create("mec-1", PASSWORD, KdfStrength.LIGHT);

        assertTrue(created.address().matches("0x[0-9a-f]{40}"), created.address());
        assertEquals(List.of(created), ks.list());
        assertEquals(created, ks.entry("mec-1"));
        assertTrue(ks.exists("mec-1"));

        Keystore.Unlocked unlocked = ks.unlock("mec-1", PASSWORD);
        assertEquals("mec-1", unlocked.name());
        assertEquals(created.address(), unlocked.account().getAddress());
        assertEquals(created.encryptionKey(), unlocked.encryptionKey());
        assertNotEquals(unlocked.account().getEcKeyPair().getPrivateKey(), unlocked.encryption().getPrivateKey(),
                "signing and encryption keys are distinct");
    }

    @Test
    void severalIdentitiesAreListedByName() throws Exception {
        Keystore ks = keystore();
        assertEquals(List.of(), ks.list(), "an absent folder is an empty keystore");
        Keystore.Entry b = ks.create("provider-b", PASSWORD, KdfStrength.LIGHT);
        Keystore.Entry a = ks.create("operator.a", "another password", KdfStrength.LIGHT);
        Files.writeString(ks.folder().resolve("notes.txt"), "not an identity");

        assertEquals(List.of(a, b), ks.list());
        assertEquals(a.address(), ks.unlock("operator.a", "another password").account().getAddress());
    }

    @Test
    void importedKeysComeBackUnchanged() throws Exception {
        ECKeyPair account = Keys.createEcKeyPair();
        ECKeyPair encryption = Keys.createEcKeyPair();
        Keystore ks = keystore();
        Keystore.Entry e = ks.importKeys("genesis", PASSWORD, account, encryption, KdfStrength.LIGHT);

        assertEquals("0x" + Keys.getAddress(account), e.address());
        assertEquals(PublicKeys.compressed(encryption), e.encryptionKey());
        Keystore.Unlocked u = ks.unlock("genesis", PASSWORD);
        assertEquals(account.getPrivateKey(), u.account().getEcKeyPair().getPrivateKey());
        assertEquals(encryption.getPrivateKey(), u.encryption().getPrivateKey());
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheIdentity() throws Exception {
        Keystore ks = keystore();
        ks.create("validator-7", PASSWORD, KdfStrength.LIGHT);

        var e = assertThrows(IllegalArgumentException.class, () -> ks.unlock("validator-7", PASSWORD + "!"));
        assertTrue(e.getMessage().contains("'validator-7'") && e.getMessage().contains("wrong password"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), "the message must not echo a password");
    }

    @Test
    void anUnknownIdentityIsRefusedNamingTheKnownOnes() throws Exception {
        Keystore ks = keystore();
        ks.create("alpha", PASSWORD, KdfStrength.LIGHT);
        var e = assertThrows(IllegalArgumentException.class, () -> ks.unlock("beta", PASSWORD));
        assertTrue(e.getMessage().contains("'beta'") && e.getMessage().contains("[alpha]"), e.getMessage());
    }

    @Test
    void aNameIsTakenOnceAndTheFirstKeysStay() throws Exception {
        Keystore ks = keystore();
        Keystore.Entry first = ks.create("mec", PASSWORD, KdfStrength.LIGHT);

        var e = assertThrows(IllegalStateException.class, () -> ks.create("mec", "other", KdfStrength.LIGHT));
        assertTrue(e.getMessage().contains("'mec' already exists"), e.getMessage());
        assertEquals(first, ks.entry("mec"));
        assertEquals(first.address(), ks.unlock("mec", PASSWORD).account().getAddress());
    }

    @ParameterizedTest(name = "name \"{0}\" is refused")
    @NullAndEmptySource
    @ValueSource(strings = {"Upper", "-leading-dash", ".hidden", "a/b", "../escape", "with space", "ünicode", "x\n",
            "a1234567890123456789012345678901234567890123456789012345678901234"})
    void namesThatAreNotSafeFileNamesAreRefused(String name) {
        Keystore ks = keystore();
        var e = assertThrows(IllegalArgumentException.class, () -> ks.create(name, PASSWORD, KdfStrength.LIGHT));
        assertTrue(e.getMessage().contains("identity name"), e.getMessage());
        assertFalse(Files.exists(ks.folder()), "nothing was written for a refused name");
    }

    @Test
    void theLongestAllowedNameIsAccepted() throws Exception {
        String name = "a" + "0".repeat(63);
        keystore().create(name, PASSWORD, KdfStrength.LIGHT);
        assertTrue(keystore().exists(name));
    }

    @ParameterizedTest(name = "password \"{0}\" is refused")
    @NullAndEmptySource
    void anEmptyPasswordIsRefused(String password) {
        var e = assertThrows(IllegalArgumentException.class, () -> keystore().create("mec", password, KdfStrength.LIGHT));
        assertTrue(e.getMessage().contains("'mec'") && e.getMessage().contains("empty password"), e.getMessage());
    }

    @Test
    void thePublicIdentityFileIsPlainJsonReadableWithoutThePassword() throws Exception {
        Keystore ks = keystore();
        Keystore.Entry e = ks.create("customer", PASSWORD, KdfStrength.LIGHT);

        var json = JSON.readTree(ks.folder().resolve("customer.identity.json").toFile());
        assertEquals("customer", json.path("name").asText());
        assertEquals(e.address(), json.path("address").asText());
        assertEquals(e.encryptionKey().hex(), json.path("encryptionKey").asText());
        assertEquals(e, new Keystore(ks.folder()).entry("customer"), "a second keystore on the same folder reads it");
    }

    @Test
    void theWalletFilesAreStandardWeb3jWalletsUnderTheSamePassword() throws Exception {
        Keystore ks = keystore();
        Keystore.Entry e = ks.create("provider", PASSWORD, KdfStrength.LIGHT);

        Credentials account = WalletUtils.loadCredentials(PASSWORD, ks.folder().resolve("provider.account.json").toFile());
        assertEquals(e.address(), account.getAddress());
        WalletFile encryptionWallet = JSON.readValue(ks.folder().resolve("provider.encryption.json").toFile(), WalletFile.class);
        ECKeyPair encryption = Wallet.decrypt(PASSWORD, encryptionWallet);
        assertEquals(e.encryptionKey(), PublicKeys.compressed(encryption));
        assertEquals(3, encryptionWallet.getVersion());
        assertEquals("scrypt", encryptionWallet.getCrypto().getKdf());
        assertEquals(4096, ((WalletFile.ScryptKdfParams) encryptionWallet.getCrypto().getKdfparams()).getN(), "LIGHT is scrypt N=2^12");
        String raw = Files.readString(ks.folder().resolve("provider.account.json"));
        assertFalse(raw.contains(account.getEcKeyPair().getPrivateKey().toString(16)), "the private key is not stored in the clear");
    }

    @Test
    void aStandardStrengthIdentityUsesGethsDefaultScryptCostAndStillUnlocks() throws Exception {
        Keystore ks = keystore();
        Keystore.Entry e = ks.create("operator", PASSWORD, KdfStrength.STANDARD);

        WalletFile wallet = JSON.readValue(ks.folder().resolve("operator.account.json").toFile(), WalletFile.class);
        assertEquals(262_144, ((WalletFile.ScryptKdfParams) wallet.getCrypto().getKdfparams()).getN(), "STANDARD is scrypt N=2^18");
        assertEquals(e.address(), ks.unlock("operator", PASSWORD).account().getAddress());
    }

    @Test
    void everyFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
        Keystore ks = keystore();
        ks.create("mec", PASSWORD, KdfStrength.LIGHT);
        for (String kind : List.of("account", "encryption", "identity")) {
            Path f = ks.folder().resolve("mec." + kind + ".json");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(f), f.toString());
        }
        try (var files = Files.list(ks.folder())) {
            assertEquals(3, files.count(), "no temporary files are left behind");
        }
    }

    @Test
    void anAccountFileThatDoesNotMatchTheIdentityIsDetected() throws Exception {
        Keystore ks = keystore();
        ks.create("one", PASSWORD, KdfStrength.LIGHT);
        ks.create("two", PASSWORD, KdfStrength.LIGHT);
        Files.copy(ks.folder().resolve("two.account.json"), ks.folder().resolve("one.account.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        var e = assertThrows(java.io.IOException.class, () -> ks.unlock("one", PASSWORD));
        assertTrue(e.getMessage().contains("identity 'one'") && e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void theEncryptionKeyIsACompressedKeyOfTheStoredPair() throws Exception {
        Keystore ks = keystore();
        Keystore.Entry e = ks.create("mec", PASSWORD, KdfStrength.LIGHT);
        ECKeyPair pair = ks.unlock("mec", PASSWORD).encryption();
        byte[] expected = PublicKeys.SECP256K1.getG().multiply(pair.getPrivateKey()).normalize().getEncoded(true);
        assertArrayEquals(expected, e.encryptionKey().bytes());
    }
}
