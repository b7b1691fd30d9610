package org.vnfx.cli;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vnfx.ledger.policy.UsagePolicies;
import org.vnfx.ledger.policy.UsagePolicy;
import org.vnfx.ledger.trail.BytesVerdict;
import org.vnfx.ledger.trail.Provenance;
import org.vnfx.ledger.trail.Timeline;
import org.vnfx.ledger.trail.Trail;
import org.vnfx.ledger.trail.TrailEvent;
import org.vnfx.packages.Sha256;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.packages.csar.PackageRejectedException;
import org.vnfx.packages.csar.Pem;
import org.vnfx.packages.csar.SignatureInfo;
import org.vnfx.packages.csar.VerifiedCsar;
import org.vnfx.packages.csar.VerifierOptions;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Provenance and accountability (DESIGN.md flow 6): what the chain alone says of a package, and whether the bytes in hand match. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Answer from the chain alone: who published the package and when, its usage policy, which validators attested",
                "what, who accepted it, which licences were sold, where it was deployed and how its reputation moved. Given a FILE,",
                "also whether these bytes are a published package (GENUINE), a damaged or tampered copy (SOL004 verification fails)",
                "or an intact package never published here (UNKNOWN), and whose signature they carry. Exit code 1 unless genuine/known."})
final class VerifyCommand extends VnfxCommand {
    @Parameters(paramLabel = "FILE|DIGEST", description = "a package file, or a package digest (0x + 64 hex digits)")
    String target;

    @Option(names = "--trust", paramLabel = "CERT.pem", description = "a trusted certificate for the package's signature (PEM); repeatable")
    List<Path> trust = new ArrayList<>();

    @Override
    int run() throws Exception {
        Path file = Path.of(target);
        boolean isFile = !target.matches("(0x)?[0-9a-fA-F]{64}") && Files.isRegularFile(file);
        if (!isFile && !target.matches("(0x)?[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(target + " is neither a file nor a package digest (0x + 64 hex digits)");
        }
        String digest = "0x" + (isFile ? Sha256.of(file) : target.replaceFirst("^0x", "").toLowerCase(Locale.ROOT));
        try (ChainSession s = connect()) {
            Provenance p = Provenance.of(new Trail(s.chain(), s.suite()), digest);
            out().println("package " + digest);
            if (isFile) bytes(file, p);
            if (!p.known()) {
                if (!isFile) out().println("  UNKNOWN: no package with this digest was ever published on this chain");
                return Vnfx.EXIT_INPUT;
            }
            summary(s, p);
            out().println("timeline (" + p.events().size() + " events):");
            for (TrailEvent e : p.events()) out().println("  " + e.describe());
            return 0;
        }
    }

    private void bytes(Path file, Provenance p) throws Exception {
        List<X509Certificate> anchors = new ArrayList<>();
        for (Path t : trust) anchors.addAll(Pem.certificates(t));
        VerifiedCsar csar = null;
        String rejected = null;
        try {
            csar = new CsarVerifier(VerifierOptions.DEFAULT.trusting(anchors)).verify(file);
        } catch (PackageRejectedException e) {
            rejected = e.getMessage();
        }
        out().println("  bytes        " + BytesVerdict.of(p.known(), rejected).sentence(file.toString(), rejected));
        if (csar != null) {
            if (csar.signatures().isEmpty()) out().println("  signature    none (not signed with SOL004 security option 1 or 2)");
            for (SignatureInfo sig : csar.signatures()) {
                out().println("  signature    option " + sig.option() + ", signed by " + sig.signer() + (sig.trusted() ? ", trusted (chains to " + sig.trustAnchor() + ")"
                        : ", NOT AUTHENTICATED (no --trust certificate given; the signature is intact)"));
            }
        }
    }

    private void summary(ChainSession s, Provenance p) throws Exception {
        TrailEvent pub = p.published();
        out().println("  published    by " + pub.arg("provider") + " at " + pub.time() + " (block " + pub.block() + ", tx " + pub.transaction() + ")");
        out().println("               " + Timeline.offer(pub));
        byte[] d = Numeric.hexStringToByteArray(p.digest());
        UsagePolicies reader = s.policies(ChainSession.nobody());
        Optional<UsagePolicy> policy = reader.policy(d);
        if (policy.isEmpty()) out().println("  policy       none: every action is allowed");
        else {
            List<String> words = policy.get().inWords();
            out().println("  policy       " + words.get(0));
            for (String w : words.subList(1, words.size())) out().println("               " + w);
        }
        for (TrailEvent e : p.where("Policies", "DerivationDeclared", "child")) out().println("  derived from " + e.arg("parent"));
        for (TrailEvent e : p.where("Policies", "DerivationDeclared", "parent")) out().println("  derivative   " + e.arg("child") + " by " + e.arg("provider"));
        for (TrailEvent e : p.events("Attestations", "Attested")) {
            out().println("  validator    " + Timeline.attestation(e) + " at " + e.time() + " (reason digest " + e.arg("reasonDigest") + ")");
        }
        for (TrailEvent e : p.events("Offers", "OfferStatusChanged")) out().println("  decision     " + Timeline.decision(e) + " at " + e.time());
        for (TrailEvent e : p.events()) {
            if (e.contract().equals("Licences")) out().println("  licences     " + e.event() + " " + e.args());
        }
        for (BigInteger id : p.deployments()) out().println("  deployment   #" + id + Timeline.deployment(p, id));
        List<String> reputation = new ArrayList<>();
        for (TrailEvent e : p.events("Offers", "ReputationUpdated")) reputation.add(Timeline.reputation((BigInteger) e.arg("reputation")));
        out().println("  reputation   " + (reputation.isEmpty() ? "no session yet" : String.join(" -> ", reputation) + " after " + reputation.size() + " session(s)"));
    }
}
