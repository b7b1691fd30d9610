package org.vnfx.cli;

import java.math.BigInteger;
import org.vnfx.contracts.Identities;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.Keystore;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.IdentityStatus;
import org.vnfx.ledger.suite.Role;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** On-chain identities: register, approve, revoke, show. */
@Command(name = "identity", mixinStandardHelpOptions = true,
        description = "Register identities on chain with a role, approve or revoke them (operator), and show them.",
        subcommands = {IdentityCommand.Register.class, IdentityCommand.Approve.class, IdentityCommand.Revoke.class, IdentityCommand.Show.class})
final class IdentityCommand extends CommandGroup {
    static final long MEMBER_FUNDING_ETHER = 10;

    static final class RoleConverter implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** An 0x address, or the name of an identity in the keystore. */
    static String resolve(Keystore keystore, String addressOrName) throws java.io.IOException {
        if (addressOrName.startsWith("0x") || addressOrName.startsWith("0X")) {
            if (!WalletUtils.isValidAddress(addressOrName)) throw new IllegalArgumentException("'" + addressOrName + "' is not a 20-byte 0x address");
            return addressOrName.toLowerCase(java.util.Locale.ROOT);
        }
        return keystore.entry(addressOrName).address();
    }

    static void printReceipt(java.io.PrintWriter out, String what, TransactionReceipt r) {
        out.println("  " + what + ": tx " + r.getTransactionHash() + ", block " + r.getBlockNumber() + ", " + Fmt.gas(r.getGasUsed().longValueExact()) + " gas");
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Register identity --key on chain with ROLE and its encryption key.",
                    "Customers are approved at once; every other role waits for an operator's `vnfx identity approve`.",
                    "On the embedded node the account is first funded from the development faucet."})
    static final class Register extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Option(names = "--role", required = true, paramLabel = "ROLE", converter = RoleConverter.class,
                description = "operator, provider, mec, customer or validator")
        Role role;

        @Override
        int run() throws Exception {
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                Market m = s.market(who.account());
                Identities.Identity id = m.identity(who.account().getAddress());
                if (IdentityStatus.of(id.status) != IdentityStatus.NONE) {
                    throw new IllegalStateException(who.name() + " (" + who.account().getAddress() + ") is already registered as "
                            + Role.of(id.role).label() + " (" + IdentityStatus.of(id.status).label() + ")");
                }
                if (s.fundIfEmbedded(who.account().getAddress(), MEMBER_FUNDING_ETHER)) {
                    out().println("funded " + who.name() + " from the dev faucet");
                }
                TransactionReceipt r = m.register(role, who.encryptionKey());
                IdentityStatus now = IdentityStatus.of(m.identity(who.account().getAddress()).status);
                out().println("registered " + who.name() + " (" + who.account().getAddress() + ") as " + role.label() + ": " + now.label()
                        + (now == IdentityStatus.PENDING ? " (an operator approves it with `vnfx identity approve --key OPERATOR " + who.name() + "`)" : ""));
                printReceipt(out(), "register", r);
                return 0;
            }
        }
    }

    /** An operator's decision on one identity: checked against its current status first, for a plain-words refusal. */
    abstract static class OperatorDecision extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(paramLabel = "ADDRESS_OR_KEYNAME", description = "0x address, or the name of an identity in the keystore")
        String target;

        /** The status the identity must be in, and how to say that it is not. */
        abstract IdentityStatus required();

        abstract String requiredLabel();

        abstract String done();

        abstract TransactionReceipt send(Market m, String account) throws Exception;

        @Override
        int run() throws Exception {
            String account = resolve(keystore(), target);
            Keystore.Unlocked operator = key.unlock(keystore());
            try (ChainSession s = connect()) {
                Market m = s.market(operator.account());
                Identities.Identity id = m.identity(account);
                IdentityStatus st = IdentityStatus.of(id.status);
                if (st != required()) {
                    throw new IllegalStateException(account + " is not " + requiredLabel() + " ("
                            + (st == IdentityStatus.NONE ? "not registered" : Role.of(id.role).label() + ", " + st.label()) + ")");
                }
                TransactionReceipt r = send(m, account);
                out().println(done() + " " + account + " as " + Role.of(id.role).label());
                printReceipt(out(), commandName(), r);
                return 0;
            }
        }

        private String commandName() {
            return getClass().getAnnotation(Command.class).name();
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a pending identity (operator only).")
    static final class Approve extends OperatorDecision {
        IdentityStatus required() { return IdentityStatus.PENDING; }

        String requiredLabel() { return "pending approval"; }

        String done() { return "approved"; }

        TransactionReceipt send(Market m, String account) throws Exception { return m.approve(account); }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an approved identity's role (operator only).")
    static final class Revoke extends OperatorDecision {
        IdentityStatus required() { return IdentityStatus.APPROVED; }

        String requiredLabel() { return "approved"; }

        String done() { return "revoked"; }

        TransactionReceipt send(Market m, String account) throws Exception { return m.revoke(account); }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an identity as the chain records it.")
    static final class Show extends VnfxCommand {
        @Parameters(paramLabel = "ADDRESS_OR_KEYNAME", description = "0x address, or the name of an identity in the keystore")
        String target;

        @Override
        int run() throws Exception {
            String account = resolve(keystore(), target);
            try (ChainSession s = connect()) {
                Market m = s.reader();
                Identities.Identity id = m.identity(account);
                IdentityStatus st = IdentityStatus.of(id.status);
                out().println("identity " + account + (target.startsWith("0x") ? "" : " (" + target + ")"));
                if (st == IdentityStatus.NONE) {
                    out().println("  not registered on chain " + s.chain().chainId());
                } else {
                    out().println("  role            " + Role.of(id.role).label());
                    out().println("  status          " + st.label());
                    out().println("  registered at   " + Fmt.time(id.registeredAt));
                    out().println("  encryption key  " + new CompressedKey((byte) id.keyPrefix.intValueExact(), id.keyX).hex());
                }
                out().println("  balance         " + Fmt.ether(s.chain().balance(account)));
                if (Role.of(id.role) == Role.PROVIDER) out().println("  earnings owed   " + Fmt.ether(m.balanceOf(account)));
                return 0;
            }
        }
    }
}
