package org.vnfx.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vnfx.packages.BuiltCsar;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.CsarSigning;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.packages.csar.FileDigest;
import org.vnfx.packages.csar.Finding;
import org.vnfx.packages.csar.PackageRejectedException;
import org.vnfx.packages.csar.Pem;
import org.vnfx.packages.csar.SignatureInfo;
import org.vnfx.packages.csar.SigningKey;
import org.vnfx.packages.csar.VerifiedCsar;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.packages.csar.ZipLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ETSI SOL004 packages on their own: build (and sign) a CSAR, verify one. No chain. */
@Command(name = "package", mixinStandardHelpOptions = true, description = "Build, sign and verify ETSI SOL004 VNF packages (CSARs); no chain needed.",
        subcommands = {PackageCommand.Verify.class, PackageCommand.Build.class})
final class PackageCommand extends CommandGroup {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify a SOL004 package: safe zip (paths, links, zip bomb limits), TOSCA.meta or the root YAML, the manifest's",
                    "metadata, every file's digest, and its CMS signature (security option 1, or the signed zip of option 2) against",
                    "the --trust certificates (PKIX chain and validity; revocation is not checked). On failure every finding is printed",
                    "on one line, FILE:LINE: message, and the exit code is 1."})
    static final class Verify extends VnfxCommand {
        @Parameters(paramLabel = "FILE", description = "the CSAR, or an option-2 zip")
        Path file;

        @Option(names = "--trust", paramLabel = "CERT.pem", description = "a trusted certificate (PEM; a file may hold several); repeatable")
        List<Path> trust = new ArrayList<>();

        @Option(names = "--require-signature", description = "refuse a package signed neither with option 1 nor option 2")
        boolean requireSignature;

        @Option(names = "--max-entries", paramLabel = "N", description = "zip entries allowed (default: ${DEFAULT-VALUE})", defaultValue = "10000")
        int maxEntries;

        @Option(names = "--max-total-mib", paramLabel = "MIB", description = "uncompressed MiB allowed in all (default: ${DEFAULT-VALUE})", defaultValue = "8192")
        long maxTotalMib;

        @Option(names = "--max-ratio", paramLabel = "N", description = "compression ratio allowed per entry beyond its first MiB (default: ${DEFAULT-VALUE})",
                defaultValue = "100")
        int maxRatio;

        @Override
        int run() throws Exception {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such package file: " + file);
            List<X509Certificate> anchors = new ArrayList<>();
            for (Path t : trust) anchors.addAll(Pem.certificates(t));
            ZipLimits limits;
            try {
                limits = new ZipLimits(maxEntries, Math.multiplyExact(maxTotalMib, 1L << 20), maxRatio, ZipLimits.DEFAULT.ratioFreeBytes());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("--max-total-mib " + maxTotalMib + " is too large");
            }
            VerifierOptions options = VerifierOptions.DEFAULT.trusting(anchors).withLimits(limits).requiringSignature(requireSignature);
            VerifiedCsar v;
            try {
                v = new CsarVerifier(options).verify(file);
            } catch (PackageRejectedException e) {
                for (Finding f : e.report().findings()) err().println(f);
                int errors = e.report().errors().size();
                err().println("error: " + file + " failed verification: " + errors + (errors == 1 ? " error" : " errors"));
                return Vnfx.EXIT_INPUT;
            }
            for (Finding f : v.report().warnings()) err().println(f);
            print(v);
            return 0;
        }

        private void print(VerifiedCsar v) {
            out().println("verified " + v.file() + (v.innerCsar() != null ? " (option-2 zip holding " + v.innerCsar() + ")" : ""));
            out().println("  sha256            " + v.sha256());
            out().println("  layout            " + (v.hasToscaMetadata() ? "TOSCA-Metadata/TOSCA.meta" : "no TOSCA-Metadata: the root YAML and its manifest"));
            out().println("  entry definitions " + v.entryDefinitions());
            out().println("  manifest          " + v.manifest());
            out().println("  kind              " + v.kind());
            if (v.hasToscaMetadata()) {
                out().println("TOSCA.meta:");
                v.toscaMeta().forEach((k, val) -> out().println("  " + k + ": " + val));
            }
            out().println("metadata:");
            v.metadata().forEach((k, val) -> out().println("  " + k + ": " + val));
            for (Map.Entry<String, List<String>> set : v.nonManoArtifactSets().entrySet()) {
                out().println("non-MANO artifact set " + set.getKey() + ": " + String.join(", ", set.getValue()));
            }
            out().println("files (" + v.files().size() + "):");
            Fmt.Table table = new Fmt.Table("PATH", "BYTES", "MANIFEST", "SHA-256");
            for (FileDigest f : v.files()) table.row(f.path(), f.size(), f.algorithm() == null ? "(the manifest)" : f.algorithm() + " ok", f.sha256());
            table.print(out(), "  ");
            if (v.signatures().isEmpty()) {
                out().println("signature: none (not signed with security option 1 or 2)");
            }
            for (SignatureInfo s : v.signatures()) {
                out().println("signature: security option " + s.option() + " (" + s.file() + "), " + s.digestAlgorithm());
                out().println("  signer      " + s.signer() + " (serial " + s.serial() + ", valid " + s.notBefore() + " to " + s.notAfter() + ")");
                out().println("  chain       " + String.join(" <- ", s.chain()) + (s.trusted() ? " <- " + s.trustAnchor() : ""));
                out().println("  checked at  " + s.checkedAt() + (s.signingTime() != null ? " (the signing time)" : " (now: no signing time in the CMS)"));
                out().println("  trust       " + (s.trusted() ? "trusted: chains to " + s.trustAnchor() + " (PKIX; revocation not checked)"
                        : "NOT AUTHENTICATED: no --trust certificate given; the signature is intact"));
            }
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Build a reproducible SOL004 CSAR from LAYER_DIR folders (a later layer's file replaces an earlier one's); the first",
                    "must hold Definitions/vnfd.yaml. With --sign-key and --sign-cert, sign it: security option 1 (a CMS signature of the",
                    "manifest ends the manifest; the certificates go into the package as vnfd.cert), or with --option2 a zip of NAME.csar,",
                    "NAME.cms and NAME.cert (NAME: --out's file name without its extension). Signatures carry no signing time, so the same",
                    "sources and key give the same bytes. Prints the package's SHA-256."})
    static final class Build extends VnfxCommand {
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the package to write (replaced atomically)")
        Path out;

        @Option(names = "--sign-key", paramLabel = "KEY.pem", description = "the signer's private key (unencrypted PEM: PKCS#8, RSA or EC)")
        Path signKey;

        @Option(names = "--sign-cert", paramLabel = "CERT.pem", description = "the signer's certificate (PEM; may be followed by its intermediates)")
        Path signCert;

        @Option(names = "--chain", paramLabel = "CA.pem", description = "intermediate CA certificates to include (PEM); repeatable")
        List<Path> chain = new ArrayList<>();

        @Option(names = "--option2", description = "security option 2: sign the whole CSAR and wrap it in a zip with the signature and certificates")
        boolean option2;

        @Parameters(paramLabel = "LAYER_DIR", arity = "1..*", description = "package source folders, applied in order")
        List<Path> layers;

        @Override
        int run() throws Exception {
            if ((signKey == null) != (signCert == null)) throw new IllegalArgumentException("--sign-key and --sign-cert go together");
            if (signKey == null && (option2 || !chain.isEmpty())) {
                throw new IllegalArgumentException((option2 ? "--option2" : "--chain") + " needs a signer: give --sign-key and --sign-cert");
            }
            CsarSigning signing = null;
            if (signKey != null) {
                SigningKey key = SigningKey.fromPem(signKey, signCert, chain);
                signing = option2 ? CsarSigning.option2(key) : CsarSigning.option1(key);
            }
            BuiltCsar csar = CsarBuilder.build(layers, out, signing);
            out().println("wrote " + csar.file() + " (" + csar.entries().size() + " entries)");
            out().println("  sha256 " + csar.sha256());
            if (signing != null) {
                out().println("  signed with security option " + (option2 ? "2" : "1") + " by "
                        + signing.key().certificate().getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253));
            }
            if (csar.inner() != null) out().println("  holds " + csar.inner().file() + " (sha256 " + csar.inner().sha256() + ")");
            return 0;
        }
    }
}
