package org.vnfx.cli;

import java.util.Optional;
import org.vnfx.crypto.Keystore;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.SuiteDeployer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Deploys the contract suite once per chain, with the given identity as its operator. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy the vnfx contract suite with identity --key as its operator, and record it in DATA_DIR/deployments.",
                "Idempotent: when the recorded suite is still live on the chain nothing is sent.",
                "On the embedded node the operator is first funded from the development faucet."})
final class DeployCommand extends VnfxCommand {
    static final long OPERATOR_FUNDING_ETHER = 1000;

    @Mixin
    KeyOption key;

    @Override
    int run() throws Exception {
        Keystore.Unlocked operator = key.unlock(keystore());
        try (ChainSession s = connect()) {
            Optional<DeploymentRecord> existing = s.liveSuite();
            DeploymentRecord record;
            boolean deployed;
            if (existing.isPresent()) {
                record = existing.get();
                deployed = false;
            } else {
                if (s.fundIfEmbedded(operator.account().getAddress(), OPERATOR_FUNDING_ETHER)) {
                    out().println("funded " + operator.name() + " (" + operator.account().getAddress() + ") from the dev faucet");
                }
                record = SuiteDeployer.ensure(s.chain(), s.dataDir(), operator.account(), operator.encryptionKey());
                deployed = true;
            }
            out().println((deployed ? "deployed a new vnfx suite" : "found an existing live vnfx suite (nothing sent)")
                    + " on " + s.describe());
            out().println("  block      " + record.blockNumber() + " (" + record.blockHash() + ")");
            out().println("  operator   " + record.operator()
                    + (record.operator().equalsIgnoreCase(operator.account().getAddress()) ? " (" + operator.name() + ")" : " (not " + operator.name() + ")"));
            out().println("  compiler   " + record.compiler());
            out().println("  deployed   " + record.deployedAt());
            out().println("  record     " + DeploymentRecord.file(s.dataDir(), s.chain().chainId()));
            Fmt.Table t = new Fmt.Table("CONTRACT", "ADDRESS", "DEPLOYMENT GAS");
            for (String c : SuiteDeployer.CONTRACTS) {
                t.row(c, record.address(c), Fmt.gas(record.deploymentGas().getOrDefault(c, 0L)));
            }
            t.row("total", "", Fmt.gas(record.totalDeploymentGas()));
            t.print(out(), "  ");
            return 0;
        }
    }
}
