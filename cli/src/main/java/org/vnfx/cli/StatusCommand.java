package org.vnfx.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vnfx.contracts.Identities;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The marketplace at a glance: chain, suite, identities, offers, recent deployments, money. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the chain, the deployed suite, identities, offers, recent deployments, escrow and provider balances.",
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
            Market m = s.reader();
            Scan scan = new Scan(s, rec);

            // identities
            Set<String> accounts = new LinkedHashSet<>();
            accounts.add(rec.operator().toLowerCase());
            for (Log l : scan.logs("Identities", Identities.REGISTERED_EVENT)) accounts.add(Identities.getRegisteredEventFromLog(l).account.toLowerCase());
            out().println();
            out().println("identities (" + accounts.size() + ")");
            Fmt.Table ids = new Fmt.Table("ADDRESS", "ROLE", "STATUS", "REGISTERED");
            for (String a : accounts) {
                Identities.Identity id = m.identity(a);
                ids.row(a, Role.of(id.role).label(), IdentityCommand.Status.of(id.status).label(), Fmt.time(id.registeredAt));
            }
            ids.print(out(), "  ");

            // offers
            Map<String, byte[]> digests = new LinkedHashMap<>();
            for (Log l : scan.logs("Offers", Offers.OFFERADVERTISED_EVENT)) {
                byte[] d = Offers.getOfferAdvertisedEventFromLog(l).packageDigest;
                digests.put(Fmt.hex(d), d);
            }
            long statusChanges = scan.logs("Offers", Offers.OFFERSTATUSCHANGED_EVENT).size();
            out().println();
            out().println("offers (" + digests.size() + ", " + statusChanges + " status changes)");
            Set<String> providers = new LinkedHashSet<>();
            Map<String, String> offerNames = new LinkedHashMap<>();
            if (!digests.isEmpty()) {
                Fmt.Table offers = new Fmt.Table("DIGEST", "FUNCTION", "PROVIDER", "PRICE/S", "STATUS", "REPUTATION", "SESSIONS");
                for (byte[] d : digests.values()) {
                    Offers.Offer o = m.offer(d);
                    providers.add(o.provider.toLowerCase());
                    offerNames.put(Fmt.hex(d), Fmt.shortHex(d));
                    offers.row(Fmt.shortHex(d), FunctionType.fromBytes32(o.functionType), o.provider + (o.operatorOwned ? " (operator)" : ""),
                            Fmt.gwei(o.basePricePerSecond), Market.OfferStatus.values()[o.status.intValueExact()].name().toLowerCase(),
                            Fmt.reputation(o.reputation), o.sessions);
                }
                offers.print(out(), "  ");
            }

            // deployments
            BigInteger count = m.suite().orchestration().deploymentCount().send();
            out().println();
            out().println("deployments (" + count + " in all" + (count.compareTo(BigInteger.valueOf(lastDeployments)) > 0 ? ", latest " + lastDeployments : "") + ")");
            if (count.signum() > 0 && lastDeployments > 0) {
                Fmt.Table deps = new Fmt.Table("ID", "MEC", "FUNCTION", "STATUS", "OFFER");
                BigInteger first = count.subtract(BigInteger.valueOf(lastDeployments - 1L)).max(BigInteger.ONE);
                for (BigInteger id = first; id.compareTo(count) <= 0; id = id.add(BigInteger.ONE)) {
                    Orchestration.Deployment d = m.deployment(id);
                    boolean hasOffer = d.offer != null && new BigInteger(1, d.offer).signum() != 0;
                    deps.row("#" + id, d.mec, FunctionType.fromBytes32(d.functionType), Market.status(d).name().toLowerCase()
                                    + (d.amountDue.signum() > 0 ? " (due " + Fmt.ether(d.amountDue) + ")" : ""),
                            hasOffer ? Fmt.shortHex(d.offer) : "-");
                }
                deps.print(out(), "  ");
            }

            // money
            out().println();
            out().println("settlement");
            out().println("  escrow    " + Fmt.ether(m.escrow()));
            out().println("  owed      " + Fmt.ether(m.owed()) + " (earned by providers, not yet withdrawn)");
            if (!providers.isEmpty()) {
                Fmt.Table bal = new Fmt.Table("PROVIDER", "OWED", "WALLET");
                for (String p : providers) bal.row(p, Fmt.ether(m.balanceOf(p)), Fmt.ether(s.chain().balance(p)));
                bal.print(out(), "  ");
            }
            return 0;
        }
    }

    /** eth_getLogs over the suite's contracts, from the deployment block to the latest. */
    private static final class Scan {
        private final ChainSession session;
        private final DeploymentRecord record;

        Scan(ChainSession session, DeploymentRecord record) {
            this.session = session;
            this.record = record;
        }

        List<Log> logs(String contract, Event event) throws IOException {
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(record.blockNumber())),
                    DefaultBlockParameterName.LATEST, record.address(contract));
            filter.addSingleTopic(EventEncoder.encode(event));
            try {
                return session.chain().logs(filter);
            } catch (IOException e) {
                throw new IOException(contract + "." + event.getName() + ": " + e.getMessage(), e);
            }
        }
    }
}
