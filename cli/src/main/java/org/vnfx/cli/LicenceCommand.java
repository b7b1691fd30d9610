package org.vnfx.cli;

import java.math.BigInteger;
import org.vnfx.crypto.Keystore;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Licensing.Licence;
import org.vnfx.ledger.Licensing.PackageTerms;
import org.vnfx.ledger.Licensing.Terms;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The Licenses Repository: providers set a package's licence terms, customers buy private licences. */
@Command(name = "licence", mixinStandardHelpOptions = true,
        description = "Licence terms of a package (provider), private licences (customer), and what a customer holds.",
        subcommands = {LicenceCommand.SetTerms.class, LicenceCommand.Buy.class, LicenceCommand.Show.class})
final class LicenceCommand extends CommandGroup {
    static final long DAY_SECONDS = 86_400;

    static String duration(long seconds) {
        return seconds % DAY_SECONDS == 0 ? seconds / DAY_SECONDS + " day(s)" : seconds + " s";
    }

    static String describe(Terms t) {
        if (t.kinds() == 0) return "none";
        StringBuilder b = new StringBuilder();
        if (t.open()) b.append("public (free, unlimited)");
        if (t.trial()) {
            if (!b.isEmpty()) b.append("; ");
            b.append("trial ").append(duration(t.trialSeconds())).append(", ").append(t.trialSlots()).append(" slot(s)");
        }
        if (t.privateSale()) {
            if (!b.isEmpty()) b.append("; ");
            b.append("private ").append(Fmt.ether(t.privatePrice())).append(", ").append(t.privateSlots()).append(" slot(s) per customer");
        }
        return b.toString();
    }

    @Command(name = "terms", mixinStandardHelpOptions = true,
            description = {"Set the licence terms of the offer DIGEST (its provider only; replaces earlier terms).",
                    "Licences already held keep the terms they were acquired under; new terms apply to later purchases and trials.",
                    "With no type option the package offers no licence (new instantiations and purchases stop)."})
    static final class SetTerms extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Option(names = "--public", description = "public licence: free, no instance limit")
        boolean open;

        @Option(names = "--trial-days", paramLabel = "N", description = "trial period in days from the customer's first instantiation")
        Long trialDays;

        @Option(names = "--trial-slots", paramLabel = "N", description = "simultaneous instances during a trial")
        Integer trialSlots;

        @Option(names = "--private-price", paramLabel = "WEI", description = "price of a private licence in wei (0 allowed: free, still acquired)")
        BigInteger privatePrice;

        @Option(names = "--private-slots", paramLabel = "N", description = "simultaneous instances per private licence")
        Integer privateSlots;

        @Parameters(paramLabel = "DIGEST", description = "the package digest (0x + 64 hex digits)")
        String digest;

        @Override
        int run() throws Exception {
            if ((trialDays == null) != (trialSlots == null)) throw new IllegalArgumentException("--trial-days and --trial-slots go together");
            if ((privatePrice == null) != (privateSlots == null)) throw new IllegalArgumentException("--private-price and --private-slots go together");
            if (trialDays != null && (trialDays <= 0 || trialSlots <= 0)) throw new IllegalArgumentException("--trial-days and --trial-slots must be positive");
            if (privateSlots != null && privateSlots <= 0) throw new IllegalArgumentException("--private-slots must be positive");
            Terms t = new Terms(open, trialDays == null ? 0 : Math.multiplyExact(trialDays, DAY_SECONDS), trialSlots == null ? 0 : trialSlots,
                    privatePrice == null ? BigInteger.ZERO : privatePrice, privateSlots == null ? 0 : privateSlots);
            byte[] d = packageDigest(digest);
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                TransactionReceipt r = s.licensing(who.account()).setTerms(d, t);
                out().println("licence terms of " + digest + ": " + describe(t));
                out().println("  tx " + r.getTransactionHash() + ", " + Fmt.gas(r.getGasUsed().longValueExact()) + " gas");
                return 0;
            }
        }
    }

    @Command(name = "buy", mixinStandardHelpOptions = true,
            description = "Buy the private licence of DIGEST at its current price (customer); the provider is credited in Settlement.")
    static final class Buy extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(paramLabel = "DIGEST", description = "the package digest (0x + 64 hex digits)")
        String digest;

        @Override
        int run() throws Exception {
            byte[] d = packageDigest(digest);
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                Licensing l = s.licensing(who.account());
                BigInteger price = l.terms(d).terms().privatePrice();
                TransactionReceipt r = l.buy(d, price);
                Licence held = l.licence(who.account().getAddress(), d);
                out().println("bought the private licence of " + digest + " for " + Fmt.ether(price) + ": " + held.privateSlots() + " slot(s)");
                out().println("  tx " + r.getTransactionHash() + ", " + Fmt.gas(r.getGasUsed().longValueExact()) + " gas");
                out().println("next: `vnfx ns instantiate --key " + who.name() + " " + digest + "`");
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the licence terms of DIGEST and, with --customer, what that customer holds.")
    static final class Show extends VnfxCommand {
        @Option(names = "--customer", paramLabel = "ADDR", description = "a customer's address")
        String customer;

        @Parameters(paramLabel = "DIGEST", description = "the package digest (0x + 64 hex digits)")
        String digest;

        @Override
        int run() throws Exception {
            byte[] d = packageDigest(digest);
            try (ChainSession s = connect()) {
                Licensing l = s.licensing(org.web3j.crypto.Credentials.create(org.web3j.crypto.Keys.createEcKeyPair()));
                PackageTerms pt = l.terms(d);
                out().println("package " + digest);
                out().println("  terms     " + (pt.set() ? describe(pt.terms()) + " (set by " + pt.provider() + ")" : "none set"));
                if (customer != null) {
                    Licence h = l.licence(customer, d);
                    out().println("  customer  " + customer);
                    out().println("  private   " + (h.bought() ? "bought " + Fmt.time(BigInteger.valueOf(h.acquiredAt())) + " for " + Fmt.ether(h.paid())
                            + ", " + h.privateInUse() + " of " + h.privateSlots() + " slot(s) in use" : "not bought"));
                    out().println("  trial     " + (h.trialActivated() ? "from " + Fmt.time(BigInteger.valueOf(h.trialStart())) + " to "
                            + Fmt.time(BigInteger.valueOf(h.trialExpiry())) + ", " + h.trialInUse() + " of " + h.trialSlots() + " slot(s) in use"
                            : "not activated"));
                }
                return 0;
            }
        }
    }
}
