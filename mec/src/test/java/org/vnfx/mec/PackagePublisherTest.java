package org.vnfx.mec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.RetryPolicy;
import org.vnfx.store.StoreServer;

/** Encryption streamed straight into the store, on two threads: what arrives, and what is reported when the store fails. */
class PackagePublisherTest {
    @TempDir
    Path dir;

    Path randomPackage(int mib) throws IOException {
        byte[] bytes = new byte[mib << 20];
        new Random(7).nextBytes(bytes);
        return Files.write(dir.resolve("package.bin"), bytes);
    }

    @Test
    void theStoreHoldsExactlyTheCiphertextOfThePackage() throws Exception {
        Path pkg = randomPackage(9); // larger than the pipe's buffer, so both threads wait on each other
        byte[] key = PackageCipher.newKey();
        LocalArtifactStore store = new LocalArtifactStore(dir.resolve("store"));
        PackagePublisher.Stored stored = PackagePublisher.encryptIntoStore(store, pkg, key);

        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pkg)), stored.sealed().plaintextSha256());
        assertEquals(stored.sealed().ciphertextBytes(), store.size(stored.cid()));
        Path back = dir.resolve("back.bin");
        try (InputStream in = store.open(stored.cid())) {
            PackageCipher.decryptVerified(in, back, key, stored.sealed().plaintextSha256());
        }
        assertArrayEquals(Files.readAllBytes(pkg), Files.readAllBytes(back));
    }

    @Test
    void aStoreThatRefusesMidwayIsReportedAsItselfNotAsABrokenPipe() throws Exception {
        Path pkg = randomPackage(9);
        try (StoreServer server = StoreServer.start(new LocalArtifactStore(dir.resolve("remote")),
                new StoreServer.Options("127.0.0.1", 0, 1 << 20, 4, 0))) {
            KuboArtifactStore store = new KuboArtifactStore(server.uri(), KuboArtifactStore.Options.DEFAULT.withRetry(RetryPolicy.NONE));
            Exception e = assertThrows(Exception.class, () -> PackagePublisher.encryptIntoStore(store, pkg, PackageCipher.newKey()));
            assertFalse(String.valueOf(e.getMessage()).toLowerCase().contains("pipe"), e.toString());
            // Depending on timing the store answers 413 or resets the upload; either way the error is the store's, naming it.
            assertTrue(e.getMessage().contains(server.uri().toString()), "the store's own failure: " + e);
        }
    }
}
