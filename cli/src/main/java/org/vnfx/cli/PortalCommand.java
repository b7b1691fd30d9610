package org.vnfx.cli;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.vnfx.catalogue.PostgresCatalogue;
import org.vnfx.crypto.Keystore;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.portal.PortalServer;
import org.vnfx.portal.auth.ClientRegistry;
import org.vnfx.portal.auth.OAuth;
import org.vnfx.portal.auth.Tokens;
import org.vnfx.portal.vnfpkgm.FileVnfPackages;
import org.vnfx.portal.vnfpkgm.MarketOnboarding;
import org.vnfx.portal.vnfpkgm.VnfPkgmApi;
import org.vnfx.portal.web.Actor;
import org.vnfx.portal.web.LicenceTerms;
import org.vnfx.portal.web.SuiteOnChain;
import org.vnfx.portal.web.WebGui;
import org.vnfx.store.KuboArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** dPortal: the web GUI and the SOL005 VNF package management API, and the OAuth clients allowed to use the API. */
@Command(name = "portal", mixinStandardHelpOptions = true, description = "Serve dPortal (the web GUI) and the ETSI SOL005 VNF package management API; manage its OAuth clients.",
        subcommands = {PortalCommand.Serve.class, PortalCommand.Clients.class})
final class PortalCommand extends CommandGroup {
    static Path portalDir(VnfxCommand c) {
        return c.dataDir().resolve("portal");
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serve dPortal until Ctrl-C or SIGTERM: the web GUI at / (the catalogue: search, filters, a page per package;",
                    "read from the catalogue that `vnfx catalogue index` keeps, licence terms from the chain; /verify and /reputation read",
                    "the chain itself; pages update live from chain events at /api/events; a provider's page at /provider: upload and",
                    "publish, licence terms, usage policy, offers, withdraw; a MEC node's page at /mec: its deployments and free resources,",
                    "and with --mec-agent its running VNFs, their alerts and its UE requests; every action signed by --key and gated by",
                    "its role on chain)",
                    "with its JSON API under /api/,",
                    "and /vnfpkgm/v1 (SOL005) with /oauth2/token. A package uploaded through SOL005 is onboarded",
                    "as `vnfx offer publish` would (SOL004 verification, VNFD requirements, encryption, the store, an offer on chain",
                    "signed by --key); the offer's function type and price come from userDefinedData.vnfx of the package resource.",
                    "API clients authenticate with OAuth 2.0 client credentials (`vnfx portal clients add`)."})
    static final class Serve extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Mixin
        CatalogueCommand.Database database;

        @Option(names = "--store", paramLabel = "URL", defaultValue = "http://127.0.0.1:5001", description = "Kubo RPC endpoint of the store (default: ${DEFAULT-VALUE})")
        URI store;

        @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8800", description = "port, 0 for any free one (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--mec-agent", paramLabel = "URL",
                description = "when --key is a MEC node: its MEC agent (`vnfx mec run`), whose running VNFs, alerts and UE requests the /mec page shows")
        URI mecAgent;

        @Option(names = "--max-package-mib", paramLabel = "MIB", defaultValue = "4096", description = "largest package content accepted (default: ${DEFAULT-VALUE})")
        long maxPackageMiB;

        @Override
        int run() throws Exception {
            if (maxPackageMiB < 1) throw new IllegalArgumentException("--max-package-mib must be at least 1");
            Keystore.Unlocked provider = key.unlock(keystore());
            Path dir = portalDir(this);
            try (Foreground fg = new Foreground(); ChainSession s = connect(); PostgresCatalogue catalogue = database.open(this)) {
                DeploymentRecord record = s.suite();
                Market market = s.market(provider.account());
                OAuth oauth = new OAuth(new ClientRegistry(dir.resolve("clients.json")), new Tokens(Clock.systemUTC()));
                // SOL005's uploads and the web GUI's take the same onboarding path as `vnfx offer publish`, signed by --key.
                MarketOnboarding onboarding = new MarketOnboarding(market, record.operator(), new KuboArtifactStore(store), new CsarVerifier());
                WebGui web = new WebGui(catalogue, LicenceTerms.of(s.licensing(ChainSession.nobody())), new SuiteOnChain(s.chain(), record),
                        new Actor(s.chain(), record, provider.account()), onboarding, dir.resolve("uploads"), maxPackageMiB << 20);
                if (mecAgent != null) web.withMecAgent(mecAgent);
                try (FileVnfPackages packages = new FileVnfPackages(dir.resolve("vnf_packages"), onboarding);
                        PortalServer server = new PortalServer(new InetSocketAddress(bind, port),
                                PortalServer.dportal(oauth, new VnfPkgmApi(packages, oauth, maxPackageMiB << 20), web),
                                org.vnfx.store.http.RequestLimits.withMaxBody(maxPackageMiB << 20))) {
                    out().println("portal for " + provider.name() + " (" + provider.account().getAddress() + ") on " + s.describe());
                    out().println("  dPortal, the web GUI           " + server.url() + "/");
                    out().println("  catalogue                      " + catalogue.describe());
                    out().println("  SOL005 VNF package management  " + server.url() + VnfPkgmApi.ROOT + "/vnf_packages");
                    out().println("  OAuth 2.0 token endpoint       " + server.url() + "/oauth2/token");
                    out().println("  store                          " + store);
                    if (mecAgent != null) out().println("  MEC agent (the /mec page)      " + mecAgent);
                    out().println("Ctrl-C to stop");
                    out().flush();
                    fg.await();
                    return 0;
                }
            }
        }
    }

    @Command(name = "clients", mixinStandardHelpOptions = true, description = "The OAuth 2.0 clients allowed to call the portal's APIs.",
            subcommands = {Clients.Add.class, Clients.List.class})
    static final class Clients extends CommandGroup {
        @Command(name = "add", mixinStandardHelpOptions = true,
                description = "Register a client (client credentials grant) and print its secret: the only time it is shown.")
        static final class Add extends VnfxCommand {
            @Parameters(paramLabel = "ID", description = "client id: 1-64 of A-Z a-z 0-9 . _ -")
            String id;

            @Option(names = "--role", required = true, description = "what it may do: provider, operator, mec, customer, validator or reader")
            String role;

            @Option(names = "--account", paramLabel = "ADDRESS", description = "the chain identity it acts for, if any")
            String account;

            @Override
            int run() throws Exception {
                String secret = new ClientRegistry(portalDir(this).resolve("clients.json")).add(id, role, account);
                out().println("client " + id + " (" + role + ") registered");
                out().println("  client_secret " + secret);
                out().println("  get a token:  curl -u " + id + ":SECRET -d grant_type=client_credentials http://127.0.0.1:8800/oauth2/token");
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered clients (never their secrets).")
        static final class List extends VnfxCommand {
            @Override
            int run() throws Exception {
                Fmt.Table t = new Fmt.Table("CLIENT", "ROLE", "ACCOUNT");
                for (ClientRegistry.Client c : new ClientRegistry(portalDir(this).resolve("clients.json")).clients()) {
                    t.row(c.id(), c.role(), c.account() == null ? "-" : c.account());
                }
                t.print(out(), "");
                return 0;
            }
        }
    }
}
