package org.vnfx.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vnfx.catalogue.CatalogueEntry;
import org.vnfx.catalogue.LicenceEntry;
import org.vnfx.catalogue.LicenceType;
import org.vnfx.catalogue.Listing;
import org.vnfx.catalogue.OfferStatus;
import org.vnfx.catalogue.Page;
import org.vnfx.catalogue.PostgresCatalogue;
import org.vnfx.catalogue.SearchQuery;
import org.vnfx.catalogue.VerificationEntry;
import org.vnfx.catalogue.index.ChainIndexer;
import org.vnfx.crypto.Keystore;
import org.vnfx.packages.csar.Pem;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.packages.descriptor.Kind;
import org.vnfx.store.KuboArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The NFV Repository's catalogue: kept from the chain by the indexer, searched by anyone. */
@Command(name = "catalogue", mixinStandardHelpOptions = true,
        description = {"The catalogue of network services, VNFs, packages, offers, licences and verification records (PostgreSQL,",
                "embedded in DATA_DIR/catalogue/pg unless --jdbc-url is given). It is a read model of the chain and the store:",
                "`index` fills it, and a lost database is rebuilt by indexing again."},
        subcommands = {CatalogueCommand.Index.class, CatalogueCommand.Search.class, CatalogueCommand.Show.class})
final class CatalogueCommand extends CommandGroup {

    /** {@code --jdbc-url URL [--db-user U]}: an external PostgreSQL instead of the embedded one. */
    static final class Database {
        @Option(names = "--jdbc-url", paramLabel = "URL",
                description = "an external PostgreSQL, e.g. jdbc:postgresql://db:5432/vnfx (default: $VNFX_JDBC_URL, else the embedded server)")
        String jdbcUrl;

        @Option(names = "--db-user", paramLabel = "USER", description = "its user (default: $VNFX_DB_USER, else vnfx); the password is read from $VNFX_DB_PASSWORD")
        String user;

        PostgresCatalogue open(VnfxCommand c) throws Exception {
            String url = jdbcUrl != null ? jdbcUrl : System.getenv("VNFX_JDBC_URL");
            if (url == null || url.isBlank()) return PostgresCatalogue.openEmbedded(c.dataDir().resolve("catalogue").resolve("pg"));
            String u = user != null ? user : System.getenv().getOrDefault("VNFX_DB_USER", "vnfx");
            return PostgresCatalogue.openExternal(url, u, System.getenv("VNFX_DB_PASSWORD"));
        }
    }

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = {"Bring the catalogue up to the chain head: every advertised package is fetched from the store, decrypted with",
                    "the operator's key, verified (SOL004, descriptor) and catalogued with its offer; status changes and reputation",
                    "follow. Resumes from the checkpoint kept in the catalogue. With --follow, keeps following until Ctrl-C."})
    static final class Index extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Mixin
        Database database;

        @Option(names = "--store", paramLabel = "URL", defaultValue = "http://127.0.0.1:5001", description = "Kubo RPC endpoint of the store (default: ${DEFAULT-VALUE})")
        URI store;

        @Option(names = "--trust", paramLabel = "CERT.pem", description = "a trusted certificate for package signatures (PEM); repeatable")
        List<Path> trust = new ArrayList<>();

        @Option(names = "--follow", description = "keep following new blocks until Ctrl-C or SIGTERM")
        boolean follow;

        @Override
        int run() throws Exception {
            Keystore.Unlocked operator = key.unlock(keystore());
            List<X509Certificate> anchors = new ArrayList<>();
            for (Path t : trust) anchors.addAll(Pem.certificates(t));
            try (ChainSession s = connect(); PostgresCatalogue catalogue = database.open(this);
                    ChainIndexer indexer = new ChainIndexer(s.chain(), s.suite(), new KuboArtifactStore(store), operator.encryption(), catalogue,
                            VerifierOptions.DEFAULT.trusting(anchors), dataDir().resolve("catalogue").resolve("scratch"))) {
                long t0 = System.nanoTime();
                int events = indexer.catchUp();
                out().printf(Locale.ROOT, "indexed %d events up to block %d in %d ms (%s)%n", events, indexer.checkpoint(),
                        (System.nanoTime() - t0) / 1_000_000, catalogue.describe());
                if (!follow) return 0;
                try (Foreground fg = new Foreground()) {
                    indexer.start(Duration.ofSeconds(1), e -> {
                        err().println("indexer: " + e.getMessage());
                        err().flush();
                    });
                    out().println("following the chain; Ctrl-C to stop");
                    out().flush();
                    fg.await();
                }
                return 0;
            }
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = {"Search the catalogue by metadata and full text. Every criterion given must hold; ranges are MIN..MAX",
                    "(either side may be left out: 1000.., ..512)."})
    static final class Search extends VnfxCommand {
        @Mixin
        Database database;

        @Parameters(paramLabel = "WORDS", arity = "0..*", description = "full-text words, all required (product, provider, description, VDU and image names)")
        List<String> words = new ArrayList<>();

        @Option(names = "--kind", description = "VNF or NS") Kind kind;
        @Option(names = "--provider") String provider;
        @Option(names = "--product") String product;
        @Option(names = "--product-version", paramLabel = "VERSION", description = "software version (VNF) or descriptor version (NS)") String version;
        @Option(names = "--function", paramLabel = "TYPE", description = "the offer's function type, e.g. ids") String function;
        @Option(names = "--status", description = "the offer's status: ${COMPLETION-CANDIDATES}") OfferStatus status;
        @Option(names = "--licence", description = "a licence of this type was acquired: ${COMPLETION-CANDIDATES}") LicenceType licence;
        @Option(names = "--vcpu", paramLabel = "MIN..MAX", description = "vCPU needs in thousandths (1000 = one vCPU)") String vcpu;
        @Option(names = "--memory", paramLabel = "MIN..MAX", description = "memory needs in MiB") String memory;
        @Option(names = "--disk", paramLabel = "MIN..MAX", description = "disk needs in MiB") String disk;
        @Option(names = "--min-reputation", paramLabel = "R", description = "reputation at least R (0..1)") Double minReputation;
        @Option(names = "--sort", defaultValue = "RELEVANCE", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})") SearchQuery.Sort sort;
        @Option(names = "--offset", defaultValue = "0") int offset;
        @Option(names = "--limit", defaultValue = "20", description = "page size, 1..100 (default: ${DEFAULT-VALUE})") int limit;
        @Option(names = "--json", description = "print the page as JSON") boolean json;

        @Override
        int run() throws Exception {
            long[] v = range("--vcpu", vcpu), m = range("--memory", memory), d = range("--disk", disk);
            SearchQuery q = SearchQuery.builder().text(String.join(" ", words)).kind(kind).provider(provider).product(product).version(version)
                    .functionType(function).offerStatus(status).licenceType(licence).vcpuMillis(box(v[0]), box(v[1])).memoryMiB(box(m[0]), box(m[1]))
                    .diskMiB(box(d[0]), box(d[1])).minReputation(minReputation).sort(sort).offset(offset).limit(limit).build();
            try (PostgresCatalogue catalogue = database.open(this)) {
                Page<Listing> page = catalogue.search(q);
                if (json) {
                    out().println(CatalogueCommand.json().writeValueAsString(page));
                    return 0;
                }
                if (page.items().isEmpty()) {
                    out().println("no package matches" + (page.offset() > 0 ? " from result " + (page.offset() + 1) : ""));
                    return 0;
                }
                Fmt.Table t = new Fmt.Table("DIGEST", "KIND", "PROVIDER", "PRODUCT", "VERSION", "FUNCTION", "STATUS", "REPUTATION", "NEEDS");
                for (Listing l : page.items()) {
                    t.row(l.digest().substring(0, 12), l.kind().name(), l.provider(), l.product(), l.version(), dash(l.functionType()),
                            l.offerStatus() == null ? "-" : l.offerStatus().name().toLowerCase(Locale.ROOT),
                            l.reputation() == null ? "-" : String.format(Locale.ROOT, "%.3f", l.reputation()), needs(l));
                }
                t.print(out(), "");
                out().println("results " + (page.offset() + 1) + ".." + (page.offset() + page.items().size())
                        + (page.more() ? "; more with --offset " + (page.offset() + page.items().size()) : ""));
                return 0;
            }
        }

        private static Long box(long v) {
            return v < 0 ? null : v;
        }

        /** "MIN..MAX", "MIN..", "..MAX" or a single value; -1 for an open side. */
        static long[] range(String option, String text) {
            if (text == null) return new long[] {-1, -1};
            int dots = text.indexOf("..");
            try {
                if (dots < 0) {
                    long x = Long.parseLong(text.trim());
                    return new long[] {x, x};
                }
                String lo = text.substring(0, dots).trim(), hi = text.substring(dots + 2).trim();
                return new long[] {lo.isEmpty() ? -1 : Long.parseLong(lo), hi.isEmpty() ? -1 : Long.parseLong(hi)};
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be MIN..MAX in whole numbers (either side may be left out), got " + text);
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Everything the catalogue holds of one package: metadata, offer, verification records, licences.")
    static final class Show extends VnfxCommand {
        @Mixin
        Database database;

        @Parameters(paramLabel = "DIGEST", description = "the package's SHA-256 (hex, 0x optional)")
        String digest;

        @Option(names = "--json", description = "print the entry as JSON, with the whole descriptor") boolean json;

        @Override
        int run() throws Exception {
            String d = digest.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
            try (PostgresCatalogue catalogue = database.open(this)) {
                var entry = catalogue.entry(d);
                List<VerificationEntry> checks = catalogue.verifications(d);
                if (entry.isEmpty() && checks.isEmpty()) throw new IllegalArgumentException("package 0x" + d + " is not in the catalogue");
                if (json) {
                    out().println(CatalogueCommand.json().writeValueAsString(entry.isPresent() ? entry.get() : checks));
                    return 0;
                }
                if (entry.isPresent()) print(entry.get());
                else out().println("package 0x" + d + " is not listed");
                for (VerificationEntry v : checks) {
                    out().println("verified by " + v.verifier() + " at " + v.verifiedAt() + ": " + (v.passed() ? "passed" : "FAILED")
                            + (v.signers().isEmpty() ? "" : ", signed by " + String.join("; ", v.signers())));
                    for (String f : v.findings()) out().println("  " + f);
                }
                return 0;
            }
        }

        private void print(CatalogueEntry e) {
            Listing l = e.listing();
            out().println("package     0x" + l.digest() + " (" + l.sizeBytes() + " bytes, onboarded " + l.onboardedAt() + ")");
            out().println(String.format(Locale.ROOT, "%-11s %s %s %s by %s (%s, descriptor %s)", "descriptor", l.kind(), l.product(), l.version(),
                    l.provider(), l.dialect(), l.descriptorId()));
            if (l.description() != null) out().println("description " + l.description());
            out().println("needs       " + needs(l));
            if (l.offerStatus() != null) {
                out().println("offer       " + l.functionType() + ", " + l.offerStatus().name().toLowerCase(Locale.ROOT) + ", " + l.pricePerSecondWei()
                        + " wei/s, reputation " + (l.reputation() == null ? "none yet" : String.format(Locale.ROOT, "%.4f after %d sessions",
                        l.reputation(), l.sessions())));
            }
            for (LicenceEntry lic : e.licences()) {
                out().println("licence     " + lic.type() + " to " + lic.customer() + ", paid " + lic.paidWei() + " wei (" + lic.paymentReference() + ")");
            }
        }
    }

    static String needs(Listing l) {
        return String.format(Locale.ROOT, "%.3f vCPU, %d MiB, %d MiB disk", l.needs().vcpuMillis() / 1000.0, l.needs().memoryMiB(), l.needs().diskMiB());
    }

    static String dash(String s) {
        return s == null ? "-" : s;
    }

    static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
