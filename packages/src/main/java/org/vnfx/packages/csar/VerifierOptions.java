package org.vnfx.packages.csar;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * How {@link CsarVerifier} verifies.
 *
 * @param trusted the trust anchors signatures must chain to; with none, a signature is checked but its signer is
 *                not authenticated (a warning)
 * @param limits the zip bomb limits
 * @param requireSignature refuse a package signed neither with option 1 nor option 2
 * @param now the time of verification, or null for the clock's (tests fix it)
 * @param tempDir where the CSAR inside an option-2 zip is written while it is verified (in a private folder,
 *                deleted before the verifier returns), or null for the system's temporary folder
 */
public record VerifierOptions(List<X509Certificate> trusted, ZipLimits limits, boolean requireSignature, Instant now, Path tempDir) {
    public static final VerifierOptions DEFAULT = new VerifierOptions(List.of(), ZipLimits.DEFAULT, false, null, null);

    public VerifierOptions {
        trusted = List.copyOf(trusted);
        if (limits == null) throw new IllegalArgumentException("limits must be given (ZipLimits.DEFAULT)");
    }

    public VerifierOptions trusting(List<X509Certificate> anchors) {
        return new VerifierOptions(anchors, limits, requireSignature, now, tempDir);
    }

    public VerifierOptions withLimits(ZipLimits l) {
        return new VerifierOptions(trusted, l, requireSignature, now, tempDir);
    }

    public VerifierOptions requiringSignature(boolean required) {
        return new VerifierOptions(trusted, limits, required, now, tempDir);
    }

    public VerifierOptions at(Instant time) {
        return new VerifierOptions(trusted, limits, requireSignature, time, tempDir);
    }

    public VerifierOptions withTempDir(Path folder) {
        return new VerifierOptions(trusted, limits, requireSignature, now, folder);
    }

    /** The time of verification. */
    public Instant time() {
        return now != null ? now : Instant.now();
    }
}
