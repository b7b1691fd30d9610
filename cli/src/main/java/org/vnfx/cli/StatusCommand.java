package org.vnfx.cli;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.vnfx.ledger.view.MarketView;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The marketplace at a glance ({@link MarketView}): chain, suite, identities, offers, deployments, MEC nodes, money, licences. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the chain, the deployed suite, identities, offers with their validators' tally, recent deployments, MEC nodes'",
                "free resources, escrow, what providers are owed (sessions and licence sales) and the licences customers hold.",
                "Identities and offers are found from contract events since the deployment block; their state is read from the contracts."})
final class StatusCommand extends VnfxCommand {
    @Option(names = "--deployments", paramLabel = "N", defaultValue = "20", description = "how many of the latest deployments to list (default: ${DEFAULT-VALUE})")
    int lastDeployments;

    @Override
    int run() throws Exception {
        if (lastDeployments < 0) throw new IllegalArgumentException("--deployments must be >= 0");
        try (ChainSession s = connect()) {
            out().println("chain     " + s.describe());
            out().println("block     " + s.chain().blockNumber());
            Optional<DeploymentRecord> live = s.liveSuite();
            if (live.isEmpty()) {
                out().println("suite     none deployed on this chain (run `vnfx deploy --key OPERATOR`)");
                return 0;
            }
            DeploymentRecord rec = live.get();
            out().println("suite     deployed at block " + rec.blockNumber() + " on " + rec.deployedAt() + " by " + rec.operator() + " (" + rec.compiler() + ")");
            for (String c : SuiteDeployer.CONTRACTS) out().println("  " + String.format("%-14s", c) + rec.address(c));
            MarketView v = MarketView.read(s.chain(), rec, lastDeployments);

            out().println();
            out().println("identities (" + v.members().size() + ")");
            Fmt.Table ids = new Fmt.Table("ADDRESS", "ROLE", "STATUS", "REGISTERED");
            for (MarketView.Member a : v.members()) ids.row(a.address(), a.role().label(), a.status().label(), Fmt.time(BigInteger.valueOf(a.registeredAt())));
            ids.print(out(), "  ");

            out().println();
            out().println("offers (" + v.offers().size() + ")");
            if (!v.offers().isEmpty()) {
                Fmt.Table offers = new Fmt.Table("DIGEST", "FUNCTION", "PROVIDER", "PRICE/S", "STATUS", "VALIDATORS", "REPUTATION", "SESSIONS");
                for (MarketView.OfferState o : v.offers()) {
                    Attestation.Tally t = o.tally();
                    offers.row(Fmt.shortHex(Numeric.hexStringToByteArray(o.digest())), o.function(), o.provider() + (o.operatorOwned() ? " (operator)" : ""),
                            Fmt.gwei(o.basePricePerSecond()), o.status().name().toLowerCase(Locale.ROOT),
                            t.passes() + " pass, " + t.fails() + " fail", Fmt.reputation(o.reputation()), o.sessions());
                }
                offers.print(out(), "  ");
            }

            out().println();
            out().println("deployments (" + v.deploymentCount() + " in all"
                    + (v.deploymentCount() > lastDeployments ? ", latest " + lastDeployments : "") + ")");
            if (!v.deployments().isEmpty()) {
                Fmt.Table deps = new Fmt.Table("ID", "MEC", "FUNCTION", "STATUS", "OFFER");
                for (MarketView.DeploymentState d : v.deployments()) {
                    deps.row("#" + d.id(), d.mec(), d.function(), d.status().name().toLowerCase(Locale.ROOT)
                                    + (d.amountDue().signum() > 0 ? " (due " + Fmt.ether(d.amountDue()) + ")" : ""),
                            d.offer() == null ? "-" : Fmt.shortHex(Numeric.hexStringToByteArray(d.offer())));
                }
                deps.print(out(), "  ");
            }
            if (!v.mecNodes().isEmpty()) {
                out().println();
                out().println("MEC nodes (" + v.mecNodes().size() + ")");
                Fmt.Table nodes = new Fmt.Table("ADDRESS", "STATUS", "FREE");
                for (MarketView.MecNode n : v.mecNodes()) nodes.row(n.address(), n.status().label(), n.free().toString());
                nodes.print(out(), "  ");
            }

            out().println();
            out().println("settlement");
            out().println("  escrow    " + Fmt.ether(v.money().escrow()));
            out().println("  owed      " + Fmt.ether(v.money().owed()) + " (earned by providers in sessions, not yet withdrawn)");
            if (!v.money().providers().isEmpty()) {
                Fmt.Table bal = new Fmt.Table("PROVIDER", "SESSIONS", "LICENCE SALES", "WALLET");
                for (MarketView.Earnings e : v.money().providers()) {
                    bal.row(e.provider(), Fmt.ether(e.sessions()), Fmt.ether(e.licenceSales()), Fmt.ether(s.chain().balance(e.provider())));
                }
                bal.print(out(), "  ");
            }
            if (!v.licences().isEmpty()) {
                out().println();
                out().println("licences held (" + v.licences().size() + ")");
                Fmt.Table lic = new Fmt.Table("CUSTOMER", "PACKAGE", "PRIVATE", "TRIAL");
                for (MarketView.LicenceHolding h : v.licences()) {
                    Licensing.Licence l = h.licence();
                    lic.row(h.customer(), Fmt.shortHex(Numeric.hexStringToByteArray(h.packageDigest())),
                            l.bought() ? l.privateInUse() + " of " + l.privateSlots() + " in use" : "-",
                            l.trialActivated() ? l.trialInUse() + " of " + l.trialSlots() + " in use, ends " + Fmt.time(BigInteger.valueOf(l.trialExpiry())) : "-");
                }
                lic.print(out(), "  ");
            }
            return 0;
        }
    }
}
