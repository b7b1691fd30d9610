package org.vnfx.cli;

import java.math.BigInteger;
import org.vnfx.crypto.Keystore;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Payout;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Money: the operator funds the escrow sessions are paid from; providers withdraw what they earned. */
@Command(name = "payments", mixinStandardHelpOptions = true, description = "Escrow deposits (operator) and withdrawals (provider).",
        subcommands = {PaymentsCommand.Deposit.class, PaymentsCommand.Withdraw.class})
final class PaymentsCommand extends CommandGroup {

    @Command(name = "deposit", mixinStandardHelpOptions = true, description = "Deposit WEI into the escrow that pays providers (operator).")
    static final class Deposit extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(paramLabel = "WEI", description = "amount in wei")
        BigInteger wei;

        @Override
        int run() throws Exception {
            if (wei.signum() <= 0) throw new IllegalArgumentException("WEI must be positive");
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                Market m = s.market(who.account());
                TransactionReceipt r = m.deposit(wei);
                out().println("deposited " + Fmt.ether(wei) + "; escrow now " + Fmt.ether(m.escrow()) + " (tx " + r.getTransactionHash() + ")");
                return 0;
            }
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraw everything the provider --key has earned (sessions and licence sales).")
    static final class Withdraw extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Override
        int run() throws Exception {
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                String to = who.account().getAddress();
                Payout p = Payout.withdrawAll(s.market(who.account()), s.licensing(who.account()), to);
                if (p.nothing()) {
                    throw new IllegalStateException("nothing to withdraw: " + to + " is owed nothing for sessions (Settlement) or licence sales (Licences)");
                }
                if (p.settlementTransaction() != null) {
                    out().println("withdrew " + Fmt.ether(p.sessions()) + " of session payments to " + to + " (tx " + p.settlementTransaction() + ")");
                }
                if (p.licencesTransaction() != null) {
                    out().println("withdrew " + Fmt.ether(p.licenceSales()) + " of licence sales to " + to + " (tx " + p.licencesTransaction() + ")");
                }
                return 0;
            }
        }
    }
}
