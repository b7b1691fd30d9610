package org.vnfx.cli;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.crypto.Keystore;
import org.vnfx.packages.csar.Pem;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.validator.ValidatorAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a validator agent in the foreground. */
@Command(name = "validator", mixinStandardHelpOptions = true,
        description = {"Run a validator agent (validator): for every package key the operator shares with this validator, fetch the",
                "package from the store, decrypt it, check its digest, SOL004 signature and descriptor, and attest pass or fail on",
                "chain with the SHA-256 of the findings (kept in DATA_DIR/validator/findings). A package the store cannot serve yet",
                "is retried, never failed. Runs until Ctrl-C or SIGTERM and resumes from DATA_DIR/validator/checkpoint.json."})
final class ValidatorCommand extends VnfxCommand {
    @Mixin
    KeyOption key;

    @Option(names = "--store", paramLabel = "URL", defaultValue = "http://127.0.0.1:5001", description = "Kubo RPC endpoint of the store (default: ${DEFAULT-VALUE})")
    URI store;

    @Option(names = "--trust", paramLabel = "CERT.pem", description = "a trusted certificate for package signatures (PEM); repeatable")
    List<Path> trust = new ArrayList<>();

    @Override
    int run() throws Exception {
        Keystore.Unlocked validator = key.unlock(keystore());
        List<X509Certificate> anchors = new ArrayList<>();
        for (Path t : trust) anchors.addAll(Pem.certificates(t));
        Path state = dataDir().resolve("validator");
        try (Foreground fg = new Foreground(); ChainSession s = connect();
                ValidatorAgent agent = new ValidatorAgent(s.chain(), s.suite(), validator.account(), validator.encryption(),
                        new KuboArtifactStore(store), VerifierOptions.DEFAULT.trusting(anchors), state, r -> {
                            out().println(r);
                            out().flush();
                        })) {
            out().println("validator " + validator.name() + " (" + validator.account().getAddress() + ") on " + s.describe());
            out().flush();
            agent.start();
            out().println("  checkpoint block " + agent.checkpoint() + " (" + state + ")");
            out().println("Ctrl-C to stop");
            out().flush();
            fg.await();
            out().println("stopping ...");
            return 0;
        }
    }
}
