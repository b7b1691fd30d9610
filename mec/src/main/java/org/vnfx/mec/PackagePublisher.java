package org.vnfx.mec;

import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.Ecies;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.store.ArtifactStore;
import org.vnfx.store.Cid;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The provider's half of the migration (DESIGN.md flow 1), the mirror of what {@link MecAgent} undoes:
 * encrypt the package with its content key, put the ciphertext in the store, and advertise it with the
 * key sealed for the operator only.
 */
public final class PackagePublisher {
    private PackagePublisher() {}

    public record Published(OfferTerms terms, Cid cid, long packageBytes, TransactionReceipt receipt) {}

    /**
     * @param provider    the provider's view of the suite (it signs the advertisement)
     * @param operatorKey the operator's encryption key, as registered on chain
     * @param contentKey  a fresh 32-byte key ({@link PackageCipher#newKey()}); the caller wipes it when done
     */
    public static Published publish(Market provider, ArtifactStore store, CompressedKey operatorKey, Path packageFile, String function,
            Requirements needs, BigInteger basePricePerSecond, byte[] contentKey) throws Exception {
        Path scratch = Files.createTempDirectory("vnfx-publish-");
        try {
            Path ciphertext = scratch.resolve("package.enc");
            PackageCipher.Sealed sealed;
            try (InputStream in = Files.newInputStream(packageFile); OutputStream out = Files.newOutputStream(ciphertext)) {
                sealed = PackageCipher.encrypt(in, out, contentKey);
            }
            Cid cid = store.put(ciphertext);
            byte[] digest = sealed.plaintextSha256();
            OfferTerms terms = new OfferTerms(digest, cid.codec(), cid.digest(), function, needs, basePricePerSecond,
                    Ecies.seal(operatorKey, contentKey, EnvelopeContext.offer(digest)));
            return new Published(terms, cid, sealed.plaintextBytes(), provider.advertise(terms));
        } finally {
            Folders.delete(scratch);
        }
    }
}
