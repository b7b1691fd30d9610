package org.vnfx.catalogue.index;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.vnfx.crypto.CryptoException;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.packages.PackageException;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.packages.csar.Finding;
import org.vnfx.packages.csar.PackageRejectedException;
import org.vnfx.packages.csar.SignatureInfo;
import org.vnfx.packages.csar.VerifiedCsar;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.packages.descriptor.Descriptor;
import org.vnfx.packages.descriptor.DescriptorReader;
import org.vnfx.store.ArtifactNotFoundException;
import org.vnfx.store.ArtifactStore;
import org.vnfx.store.Cid;
import org.vnfx.store.ContentMismatchException;
import org.vnfx.store.TransferListener;

/**
 * The repository's checks of an advertised package, as anyone holding its content key runs them (the catalogue's
 * indexer with the operator's key, a validator with the key shared with it): fetch the ciphertext by its CID,
 * decrypt it and check the package digest, run the SOL004 checks and read the main descriptor. Certificates are
 * checked at the time given (a block's), so two inspections of the same package agree.
 */
public final class PackageInspector {
    private final ArtifactStore store;
    private final VerifierOptions options;
    private final Path workDir;

    /**
     * What an inspection found.
     *
     * @param passed     whether every check passed
     * @param sizeBytes  the package's size (0 when it could not be decrypted)
     * @param descriptor the main descriptor, or null when a check failed
     * @param signers    subjects of the certificates whose signatures verified
     * @param findings   errors first, then warnings, one line each; for a failure, at least one line saying why
     */
    public record Inspection(boolean passed, long sizeBytes, Descriptor descriptor, List<String> signers, List<String> findings) {
        public Inspection {
            signers = List.copyOf(signers);
            findings = List.copyOf(findings);
        }

        static Inspection failed(String why) {
            return new Inspection(false, 0, null, List.of(), List.of(why));
        }
    }

    public PackageInspector(ArtifactStore store, VerifierOptions options, Path workDir) throws IOException {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        this.workDir = Files.createDirectories(workDir);
    }

    /**
     * @param packageDigest the digest on chain
     * @param cid           where the ciphertext is
     * @param contentKey    the package's content key (left for the caller to wipe)
     * @param at            the time certificates are checked at
     * @throws ArtifactNotFoundException when the store does not hold the ciphertext (yet): nothing can be said
     * @throws IOException               when the store or the disk fails: try again later
     */
    public Inspection inspect(byte[] packageDigest, Cid cid, byte[] contentKey, Instant at) throws IOException {
        String digest = HexFormat.of().formatHex(packageDigest);
        Path ciphertext = workDir.resolve(digest + ".enc");
        Path plaintext = workDir.resolve(digest + ".csar");
        try {
            try {
                store.fetch(cid, ciphertext, TransferListener.NONE);
                try (InputStream in = Files.newInputStream(ciphertext)) {
                    PackageCipher.decryptVerified(in, plaintext, contentKey, packageDigest);
                }
            } catch (ContentMismatchException | CryptoException x) {
                return Inspection.failed("the stored package " + cid + " is not the advertised one: " + x.getMessage());
            } finally {
                Files.deleteIfExists(ciphertext);
            }
            VerifiedCsar csar;
            Descriptor descriptor;
            try {
                csar = new CsarVerifier(options.at(at).withTempDir(workDir)).verify(plaintext, "package 0x" + digest);
                descriptor = DescriptorReader.read(csar);
            } catch (PackageRejectedException x) {
                return new Inspection(false, Files.size(plaintext), null, List.of(), lines(x.report().findings()));
            } catch (PackageException x) {
                return new Inspection(false, Files.size(plaintext), null, List.of(), List.of(x.getMessage()));
            }
            List<String> signers = new ArrayList<>();
            for (SignatureInfo s : csar.signatures()) signers.add(s.signer());
            return new Inspection(true, Files.size(plaintext), descriptor, signers, lines(csar.report().findings()));
        } finally {
            Files.deleteIfExists(plaintext);
        }
    }

    private static List<String> lines(List<Finding> findings) {
        List<String> out = new ArrayList<>();
        for (Finding f : findings) if (f.isError()) out.add(f.toString());
        for (Finding f : findings) if (!f.isError()) out.add(f.toString());
        return out;
    }
}
