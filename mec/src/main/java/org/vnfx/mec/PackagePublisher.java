package org.vnfx.mec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.OutputStream;
import java.io.PipedOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.Ecies;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
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
        Stored stored = encryptIntoStore(store, packageFile, contentKey);
        byte[] digest = stored.sealed().plaintextSha256();
        OfferTerms terms = new OfferTerms(digest, stored.cid().codec(), stored.cid().digest(), function, needs, basePricePerSecond,
                Ecies.seal(operatorKey, contentKey, EnvelopeContext.offer(digest)));
        return new Published(terms, stored.cid(), stored.sealed().plaintextBytes(), provider.advertise(terms));
    }

    record Stored(PackageCipher.Sealed sealed, Cid cid) {}

    /** Bytes buffered between the encryption and the store, which run on two threads. */
    static final int PIPE_BYTES = 4 << 20;

    /**
     * Encrypts straight into the store: the ciphertext is never written to a scratch file and read back, and the
     * store hashes and writes it on a second core while this thread encrypts. A store failure is reported as
     * itself (not as the broken pipe the encryption then meets), and a failed encryption never lets the store
     * take a truncated ciphertext for the whole.
     */
    static Stored encryptIntoStore(ArtifactStore store, Path packageFile, byte[] contentKey) throws Exception {
        PipedInputStream fromCipher = new PipedInputStream(PIPE_BYTES);
        PipeEnd toStore = new PipeEnd(new PipedOutputStream(fromCipher));
        FutureTask<Cid> put = new FutureTask<>(() -> {
            try (InputStream in = fromCipher) {
                return store.put(in);
            }
        });
        Thread storing = new Thread(put, "vnfx-publish-store");
        storing.setDaemon(true);
        storing.start();
        PackageCipher.Sealed sealed;
        try (InputStream in = Files.newInputStream(packageFile)) {
            sealed = PackageCipher.encrypt(in, toStore, contentKey);
        } catch (IOException | RuntimeException e) {
            if (toStore.broken) storeResult(put); // the store failed and closed the pipe: its error is the cause
            put.cancel(true);                     // before the pipe closes, so the store never sees a clean end
            throw e;
        }
        toStore.close();
        Cid cid = storeResult(put);
        if (cid.codec() == Cid.RAW && !Arrays.equals(cid.digest(), sealed.ciphertextSha256())) {
            throw new IOException("the store " + store.describe() + " answered " + cid + " for a ciphertext whose SHA-256 is "
                    + HexFormat.of().formatHex(sealed.ciphertextSha256()));
        }
        return new Stored(sealed, cid);
    }

    /** The encryption's end of the pipe, remembering whether the store's end went away. */
    private static final class PipeEnd extends FilterOutputStream {
        volatile boolean broken;

        PipeEnd(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    private static Cid storeResult(FutureTask<Cid> put) throws Exception {
        try {
            return put.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }
}
