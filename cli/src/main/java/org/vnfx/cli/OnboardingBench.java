package org.vnfx.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.portal.auth.Tokens;
import org.vnfx.portal.vnfpkgm.MarketOnboarding;
import org.vnfx.store.LocalArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Onboarding throughput: a large VNF package (the IDS exemplar plus a software image of random bytes) is
 * verified alone (SOL004: every entry inflated, CRC-checked and hashed against the manifest) and onboarded
 * whole (verification, VNFD, AES-256-GCM encryption, the store, an offer on a fresh anvil), next to the
 * baseline measured in the same run: plain SHA-256 of the same file (the JDK's, and coreutils'
 * {@code sha256sum} when present).
 */
@Command(name = "onboarding", mixinStandardHelpOptions = true,
        description = {"Measure onboarding throughput (MB/s) of a large package: SOL004 verification alone and the whole",
                "onboarding (verify, VNFD, encrypt, store, advertise on a fresh anvil), against plain SHA-256 of the same file."})
final class OnboardingBench extends VnfxCommand {
    @Option(names = "--image-mib", paramLabel = "MIB", defaultValue = "512", description = "size of the software image in the package (default: ${DEFAULT-VALUE})")
    int imageMiB;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "measured runs of each, after one warm-up (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    int run() throws Exception {
        if (imageMiB < 1 || imageMiB > 8192) throw new IllegalArgumentException("--image-mib must be in 1..8192");
        if (runs < 1 || runs > 20) throw new IllegalArgumentException("--runs must be in 1..20");
        Path work = Files.createTempDirectory("vnfx-bench-onboarding-");
        try {
            Path csar = largePackage(work);
            long bytes = Files.size(csar);
            err().println("package " + csar.getFileName() + ": " + bytes + " bytes");
            long[] sha = new long[runs], sum = new long[runs], verify = new long[runs], onboard = new long[runs];
            boolean coreutils = sha256sum(csar) >= 0;
            for (int i = -1; i < runs; i++) {
                long t = System.nanoTime();
                sha256(csar);
                long a = System.nanoTime() - t;
                long b = coreutils ? sha256sum(csar) : 0;
                t = System.nanoTime();
                new CsarVerifier().verify(csar);
                long c = System.nanoTime() - t;
                if (i >= 0) {
                    sha[i] = a;
                    sum[i] = b;
                    verify[i] = c;
                }
                err().println("  run " + (i < 0 ? "warm-up" : i + 1) + ": sha256 " + a / 1_000_000 + " ms, verify " + c / 1_000_000 + " ms");
            }
            // Whole onboarding. A package is offered once per suite, so each run deploys a fresh suite on the same anvil (not timed).
            try (Chain chain = Chain.connect(AnvilNode.start(AnvilNode.Options.ephemeral(work.resolve("chain"), 0)))) {
                DemoCommand.Actor operator = DemoCommand.actor("operator");
                DemoCommand.Actor provider = DemoCommand.actor("provider");
                for (DemoCommand.Actor a : List.of(operator, provider)) chain.fundFromDevFaucet(a.address(), BigInteger.TEN);
                Tokens.Principal who = new Tokens.Principal("bench", "provider", provider.address());
                Map<String, Object> terms = Map.of("vnfx", Map.of("functionType", "ids", "pricePerSecond", "1000"));
                for (int i = -1; i < runs; i++) {
                    DeploymentRecord record = SuiteDeployer.deploy(chain, operator.account(), operator.encryptionKey());
                    Market p = new Market(chain, record, provider.account());
                    p.register(Role.PROVIDER, provider.encryptionKey());
                    new Market(chain, record, operator.account()).approve(provider.address());
                    MarketOnboarding onboarding = new MarketOnboarding(p, record.operator(), new LocalArtifactStore(work.resolve("store" + i)),
                            new CsarVerifier());
                    long t = System.nanoTime();
                    onboarding.onboard(csar, terms, who);
                    long d = System.nanoTime() - t;
                    if (i >= 0) onboard[i] = d;
                    err().println("  onboarding run " + (i < 0 ? "warm-up" : i + 1) + ": " + d / 1_000_000 + " ms");
                    Folders.delete(work.resolve("store" + i));
                }
            }
            double mb = bytes / 1e6;
            double shaRate = mb / seconds(median(sha));
            out().println("onboarding throughput, " + String.format(Locale.ROOT, "%.1f", mb) + " MB package (IDS exemplar + " + imageMiB
                    + " MiB image), median of " + runs + " runs after a warm-up");
            Fmt.Table t = new Fmt.Table("WHAT", "MEDIAN MS", "MB/S", "VS SHA-256 (JDK)");
            t.row("baseline: SHA-256 of the file (JDK)", ms(sha), rate(mb, sha), "1.00");
            if (coreutils) t.row("baseline: sha256sum (coreutils)", ms(sum), rate(mb, sum), ratio(mb / seconds(median(sum)), shaRate));
            t.row("SOL004 verification", ms(verify), rate(mb, verify), ratio(mb / seconds(median(verify)), shaRate));
            t.row("whole onboarding (verify+encrypt+store+offer)", ms(onboard), rate(mb, onboard), ratio(mb / seconds(median(onboard)), shaRate));
            t.print(out(), "  ");
            return 0;
        } finally {
            Folders.delete(work);
        }
    }

    /** The IDS exemplar with a {@code imageMiB} image of random bytes (incompressible, as real images mostly are). */
    private Path largePackage(Path work) throws Exception {
        Path layer = Files.createDirectories(work.resolve("image-layer/Files/images"));
        SplittableRandom random = new SplittableRandom(42);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(layer.resolve("suricata.img"))) {
            for (int i = 0; i < imageMiB; i++) {
                for (int k = 0; k < buf.length; k += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) buf[k + j] = (byte) (v >>> (8 * j));
                }
                out.write(buf);
            }
        }
        Path ids = DemoCommand.home().resolve("examples/suricata-ids/package");
        return CsarBuilder.build(List.of(ids, layer.getParent().getParent()), work.resolve("large.csar")).file();
    }

    static void sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        md.digest();
    }

    /** Nanoseconds of {@code sha256sum FILE}, or -1 without coreutils. */
    static long sha256sum(Path file) {
        try {
            long t = System.nanoTime();
            Process p = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? System.nanoTime() - t : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String ms(long[] v) {
        return Long.toString(median(v) / 1_000_000);
    }

    private static String rate(double mb, long[] v) {
        return String.format(Locale.ROOT, "%.0f", mb / seconds(median(v)));
    }

    private static String ratio(double rate, double baseline) {
        return String.format(Locale.ROOT, "%.2f", rate / baseline);
    }
}
