package org.vnfx.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one verifier's check of one package: the repository's SOL004 checks and descriptor validation,
 * run by the portal at onboarding, by the indexer, or (issue 6) by a validator. One record per (package, verifier):
 * a later check by the same verifier replaces the earlier one.
 *
 * @param digest     the package checked
 * @param verifier   who checked: "portal", "indexer", or a validator's account
 * @param passed     whether every check passed
 * @param signers    subject names of the certificates whose signatures verified (empty for an unsigned package)
 * @param findings   the findings, one line each ("ERROR file:line: message"), errors first; empty when clean
 * @param verifiedAt when (a block timestamp for the indexer and validators)
 */
public record VerificationEntry(String digest, String verifier, boolean passed, List<String> signers, List<String> findings, Instant verifiedAt) {
    public VerificationEntry {
        Digests.check(digest);
        Objects.requireNonNull(verifier, "verifier");
        signers = List.copyOf(signers);
        findings = List.copyOf(findings);
        Objects.requireNonNull(verifiedAt, "verifiedAt");
    }
}
