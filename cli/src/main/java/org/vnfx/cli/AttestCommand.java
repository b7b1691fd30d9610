package org.vnfx.cli;

import java.util.HexFormat;
import java.util.List;
import org.vnfx.crypto.Keystore;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "attest", mixinStandardHelpOptions = true,
        description = {"Validators' attestations: a package is listed, and can be accepted, once K validators passed it and none",
                "failed it (K = 0: no validators needed). Validators attest with `vnfx validator`."},
        subcommands = {AttestCommand.Status.class, AttestCommand.Threshold.class, AttestCommand.Strike.class})
final class AttestCommand extends CommandGroup {

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a package's attestations: tally, threshold, each validator's verdict.")
    static final class Status extends VnfxCommand {
        @Parameters(paramLabel = "DIGEST", description = "the package digest (0x + 64 hex digits)")
        String digest;

        @Override
        int run() throws Exception {
            byte[] d = packageDigest(digest);
            try (ChainSession s = connect()) {
                DeploymentRecord record = s.suite();
                Attestation reader = new Attestation(s.chain(), record, ChainSession.nobody());
                Attestation.Tally t = reader.tally(d);
                out().println("package " + digest + ": " + t);
                List<Attestation.Verdict> verdicts = reader.verdicts(d, record.blockNumber());
                for (Attestation.Verdict v : verdicts) {
                    boolean struck = reader.vote(d, v.validator()) == Attestation.Vote.NONE;
                    out().println("  " + v.validator() + "  " + (v.passed() ? "pass" : "FAIL") + "  reason 0x"
                            + HexFormat.of().formatHex(v.reasonDigest()) + "  (block " + v.block() + ")"
                            + (struck ? "  struck: the validator was revoked" : ""));
                }
                List<Attestation.SharedKey> shared = reader.sharedKeys(d, null, record.blockNumber());
                out().println("  key shared with " + shared.size() + " validator(s)");
                return 0;
            }
        }
    }

    @Command(name = "threshold", mixinStandardHelpOptions = true,
            description = "Set K, the passes a package needs before the operator can accept it (operator); 0 turns the requirement off.")
    static final class Threshold extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(paramLabel = "K", description = "passes needed (0..65535)")
        int k;

        @Override
        int run() throws Exception {
            Keystore.Unlocked operator = key.unlock(keystore());
            try (ChainSession s = connect()) {
                TransactionReceipt r = new Attestation(s.chain(), s.suite(), operator.account()).setThreshold(k);
                out().println("threshold " + k + ": tx " + r.getTransactionHash() + ", " + Fmt.gas(r.getGasUsed().longValueExact()) + " gas");
                return 0;
            }
        }
    }

    @Command(name = "strike", mixinStandardHelpOptions = true,
            description = "Strike the votes of revoked validators from a package's tally (anyone may; do it before accepting).")
    static final class Strike extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(paramLabel = "DIGEST", description = "the package digest (0x + 64 hex digits)")
        String digest;

        @Override
        int run() throws Exception {
            byte[] d = packageDigest(digest);
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                Attestation a = new Attestation(s.chain(), s.suite(), who.account());
                List<String> struck = a.strikeRevoked(d, s.suite().blockNumber());
                if (struck.isEmpty()) out().println("no vote of a revoked validator to strike");
                for (String v : struck) out().println("struck the vote of " + v);
                out().println("package " + digest + ": " + a.tally(d));
                return 0;
            }
        }
    }
}
