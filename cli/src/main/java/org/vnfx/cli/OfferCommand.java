package org.vnfx.cli;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.vnfx.contracts.Identities;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.Keystore;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.mec.PackagePublisher;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.mec.runtime.ProcessPackage;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.store.KuboArtifactStore;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Offers: a provider publishes a package; the operator accepts, rejects or retires it. */
@Command(name = "offer", mixinStandardHelpOptions = true, description = "Publish VNF packages as offers (provider) and decide on them (operator).",
        subcommands = {OfferCommand.Publish.class, OfferCommand.Accept.class, OfferCommand.Reject.class, OfferCommand.Retire.class})
final class OfferCommand extends CommandGroup {

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Encrypt PACKAGE with a fresh AES-256-GCM key, put the ciphertext in the store, and advertise it on chain",
                    "with the key sealed for the operator only. PACKAGE is a file (a CSAR), or a folder: a SOL004 CSAR source",
                    "(with Definitions/vnfd.yaml, e.g. examples/suricata-ids/package) or a process package (with runtime/process.json)."})
    static final class Publish extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Option(names = "--store", paramLabel = "URL", defaultValue = "http://127.0.0.1:5001", description = "Kubo RPC endpoint of the store (default: ${DEFAULT-VALUE})")
        URI store;

        @Option(names = "--function", required = true, paramLabel = "NAME", description = "the function the VNF provides, e.g. ids")
        String function;

        @Option(names = "--price", required = true, paramLabel = "WEI_PER_SECOND", description = "base price B_v, wei per second of use")
        BigInteger price;

        @Option(names = "--vcpu-millis", defaultValue = "500", description = "required thousandths of a vCPU (default: ${DEFAULT-VALUE})")
        long vcpuMillis;

        @Option(names = "--memory-mib", defaultValue = "256", description = "required MiB of memory (default: ${DEFAULT-VALUE})")
        long memoryMiB;

        @Option(names = "--disk-mib", defaultValue = "64", description = "required MiB of disk (default: ${DEFAULT-VALUE})")
        long diskMiB;

        @Parameters(paramLabel = "PACKAGE", description = "the package file, or a folder to pack")
        Path pkg;

        @Override
        int run() throws Exception {
            if (!Files.exists(pkg)) throw new IllegalArgumentException("no such package file or folder: " + pkg);
            Requirements needs = new Requirements(vcpuMillis, memoryMiB, diskMiB);
            Keystore.Unlocked provider = key.unlock(keystore());
            Path scratch = Files.createTempDirectory("vnfx-publish-");
            try (ChainSession s = connect()) {
                DeploymentRecord record = s.suite();
                Market m = s.market(provider.account());
                Identities.Identity op = m.identity(record.operator());
                CompressedKey operatorKey = new CompressedKey((byte) op.keyPrefix.intValueExact(), op.keyX);
                Path file = !Files.isDirectory(pkg) ? pkg
                        : Files.exists(pkg.resolve(CsarBuilder.VNFD)) ? CsarBuilder.build(List.of(pkg), scratch.resolve("package.csar")).file()
                        : ProcessPackage.build(pkg, scratch.resolve("package.csar"));
                byte[] contentKey = PackageCipher.newKey();
                PackagePublisher.Published p;
                try {
                    p = PackagePublisher.publish(m, new KuboArtifactStore(store), operatorKey, file, function, needs, price, contentKey);
                } finally {
                    Arrays.fill(contentKey, (byte) 0);
                }
                byte[] digest = p.terms().packageDigest();
                TransactionReceipt r = p.receipt();
                out().println("published " + pkg + " as an offer for '" + function + "'");
                out().println("  package digest " + Numeric.toHexString(digest) + " (" + p.packageBytes() + " bytes)");
                out().println("  ciphertext     " + p.cid() + " in " + store);
                out().println("  advertise      tx " + r.getTransactionHash() + ", " + Fmt.gas(r.getGasUsed().longValueExact()) + " gas");
                out().println("next: the operator accepts it with `vnfx offer accept --key OPERATOR " + Numeric.toHexString(digest) + "`");
                return 0;
            } finally {
                Folders.delete(scratch);
            }
        }
    }

    /** accept, reject, retire: one signer, one package digest, one transaction. */
    abstract static class Decision extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(paramLabel = "DIGEST", description = "the package digest (0x + 64 hex digits)")
        String digest;

        abstract TransactionReceipt send(Market m, byte[] packageDigest) throws Exception;

        @Override
        int run() throws Exception {
            byte[] d = packageDigest(digest);
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                TransactionReceipt r = send(s.market(who.account()), d);
                String verb = getClass().getAnnotation(Command.class).name();
                out().println(verb + " " + digest + ": tx " + r.getTransactionHash() + ", " + Fmt.gas(r.getGasUsed().longValueExact()) + " gas");
                return 0;
            }
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true, description = "Accept an advertised offer (operator).")
    static final class Accept extends Decision {
        TransactionReceipt send(Market m, byte[] d) throws Exception {
            return m.accept(d);
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject an advertised offer (operator).")
    static final class Reject extends Decision {
        TransactionReceipt send(Market m, byte[] d) throws Exception {
            return m.reject(d);
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true, description = "Stop granting an offer (operator, or its provider).")
    static final class Retire extends Decision {
        TransactionReceipt send(Market m, byte[] d) throws Exception {
            return m.retire(d);
        }
    }
}
