package org.vnfx.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.vnfx.crypto.Keystore;
import org.vnfx.ledger.policy.PolicyFile;
import org.vnfx.ledger.policy.UsagePolicies;
import org.vnfx.ledger.policy.UsagePolicy;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Usage policies: compile a policy file, attach it to a package, show it back in plain words; regions; derived packages. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Data-usage policies of packages: which actions are allowed (instantiate, redistribute, modify), for which",
                "customers and regions, how many instances at a time and until when. The contracts enforce them at licence sale,",
                "instantiation and grant: a non-compliant transaction reverts and records nothing."},
        subcommands = {PolicyCommand.Compile.class, PolicyCommand.Attach.class, PolicyCommand.Show.class, PolicyCommand.Region.class,
                PolicyCommand.Derive.class})
final class PolicyCommand extends CommandGroup {

    static void print(VnfxCommand c, UsagePolicy p) {
        for (String line : p.inWords()) c.out().println("  " + line);
    }

    @Command(name = "compile", mixinStandardHelpOptions = true,
            description = "Check a policy file and show what it compiles to, in plain words and as the contract's terms (no chain needed).")
    static final class Compile extends VnfxCommand {
        @Parameters(paramLabel = "FILE", description = "the policy (YAML or JSON)")
        Path file;

        @Override
        int run() throws Exception {
            UsagePolicy p = PolicyFile.read(file);
            out().println(file + ":");
            print(this, p);
            out().println("on chain: actions " + p.actionBits() + ", " + p.customers().size() + " customer(s), " + p.regions().size()
                    + " region(s), maxInstances " + p.maxInstances() + ", notAfter " + (p.until() == null ? 0 : p.until().getEpochSecond()));
            return 0;
        }
    }

    @Command(name = "attach", mixinStandardHelpOptions = true, description = "Attach a policy to your package (its offer's provider; once, never changed).")
    static final class Attach extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(index = "0", paramLabel = "DIGEST", description = "the package digest (0x + 64 hex digits)")
        String digest;

        @Parameters(index = "1", paramLabel = "FILE", description = "the policy (YAML or JSON)")
        Path file;

        @Override
        int run() throws Exception {
            UsagePolicy p = PolicyFile.read(file); // a bad file is refused before anything is signed
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                TransactionReceipt r = s.policies(who.account()).attach(packageDigest(digest), p);
                out().println("policy attached to " + digest + ": tx " + r.getTransactionHash() + ", " + Fmt.gas(r.getGasUsed().longValueExact()) + " gas");
                print(this, p);
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A package's policy, read from the chain alone, in plain words.")
    static final class Show extends VnfxCommand {
        @Parameters(paramLabel = "DIGEST", description = "the package digest")
        String digest;

        @Override
        int run() throws Exception {
            try (ChainSession s = connect()) {
                UsagePolicies reader = s.policies(ChainSession.nobody());
                byte[] d = packageDigest(digest);
                Optional<UsagePolicy> p = reader.policy(d);
                if (p.isEmpty()) out().println(digest + " has no usage policy: every action is allowed.");
                else {
                    out().println(digest + ":");
                    print(this, p.get());
                }
                Optional<byte[]> parent = reader.derivedFrom(d);
                parent.ifPresent(b -> out().println("derived from 0x" + Numeric.toHexStringNoPrefix(b)));
                return 0;
            }
        }
    }

    @Command(name = "region", mixinStandardHelpOptions = true, description = "Place a customer or MEC node in a region (operator).")
    static final class Region extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the account (0x...)")
        String account;

        @Parameters(index = "1", paramLabel = "REGION", description = "a short name, e.g. eu-west-1")
        String region;

        @Override
        int run() throws Exception {
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                TransactionReceipt r = s.policies(who.account()).assignRegion(account, region);
                out().println(account + " is in region " + region + ": tx " + r.getTransactionHash());
                return 0;
            }
        }
    }

    @Command(name = "derive", mixinStandardHelpOptions = true,
            description = "Declare your package CHILD a modification of PARENT, as PARENT's policy must allow (modify).")
    static final class Derive extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(index = "0", paramLabel = "CHILD", description = "your package's digest")
        String child;

        @Parameters(index = "1", paramLabel = "PARENT", description = "the package it is derived from")
        String parent;

        @Override
        int run() throws Exception {
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                TransactionReceipt r = s.policies(who.account()).declareDerivation(packageDigest(child), packageDigest(parent));
                out().println(child + " declared derived from " + parent + ": tx " + r.getTransactionHash());
                return 0;
            }
        }
    }
}
