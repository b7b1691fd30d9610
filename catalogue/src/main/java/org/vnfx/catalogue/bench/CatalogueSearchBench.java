package org.vnfx.catalogue.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.vnfx.catalogue.BulkLoader;
import org.vnfx.catalogue.PostgresCatalogue;
import org.vnfx.catalogue.SearchQuery;

/**
 * Catalogue search latency on a synthetic marketplace ({@link SyntheticCatalogue}), against the project's target
 * of p95 &lt; 20 ms on 100,000 VNF descriptors (DESIGN.md). Each query kind runs a warm-up, then
 * {@value #TIMED_QUERIES} timed queries with varied parameters, each timed end to end through
 * {@link PostgresCatalogue} (JDBC round trip and mapping included), one at a time.
 */
public final class CatalogueSearchBench {
    public static final double TARGET_P95_MILLIS = 20.0;
    static final int WARMUP_QUERIES = 50;
    static final int TIMED_QUERIES = 300;
    static final int DEEP_OFFSET = 5_000;
    private static final String MARKER = "bench-dataset";

    private CatalogueSearchBench() {}

    /** One kind of query: its name and how to make its i-th query. */
    private record Kind(String name, Function<Random, Runnable> query) {}

    public static void run(PrintWriter out, Path dataDir, int descriptors) {
        SyntheticCatalogue data = new SyntheticCatalogue(SyntheticCatalogue.SEED, descriptors);
        out.printf(Locale.ROOT, "catalogue search: %,d synthetic descriptors (seed %d), embedded PostgreSQL in %s%n", descriptors, data.seed(),
                dataDir);
        out.flush();
        try (PostgresCatalogue cat = PostgresCatalogue.openEmbedded(dataDir)) {
            load(out, cat, data, dataDir);
            prewarm(out, cat);
            List<String> digests = sampleDigests(cat);
            List<String> providers = data.providers();
            List<Kind> kinds = List.of(
                    new Kind("baseline (digest)", r -> {
                        String d = digests.get(r.nextInt(digests.size()));
                        return () -> cat.listing(d).orElseThrow();
                    }),
                    new Kind("metadata exact", r -> {
                        SearchQuery q = SearchQuery.builder().provider(providers.get(r.nextInt(providers.size())))
                                .functionType(SyntheticCatalogue.FUNCTION_TYPES.get(r.nextInt(SyntheticCatalogue.FUNCTION_TYPES.size()))).build();
                        return () -> cat.search(q);
                    }),
                    new Kind("requirement ranges", r -> {
                        long vcpu = 250L << r.nextInt(6);
                        long mem = 256L << r.nextInt(7);
                        SearchQuery q = SearchQuery.builder().vcpuMillis(vcpu, vcpu * 4).memoryMiB(mem, mem * 8).build();
                        return () -> cat.search(q);
                    }),
                    new Kind("full text", r -> {
                        String text = data.commonishWord(r) + (r.nextBoolean() ? " " + data.commonishWord(r) : "");
                        SearchQuery q = SearchQuery.builder().text(text).build();
                        return () -> cat.search(q);
                    }),
                    new Kind("combined", r -> {
                        long vcpu = 250L << r.nextInt(5);
                        SearchQuery q = SearchQuery.builder().text(data.commonishWord(r)).vcpuMillis(vcpu, vcpu * 8)
                                .minReputation(r.nextInt(8) / 10.0).build();
                        return () -> cat.search(q);
                    }),
                    new Kind("browse (newest)", r -> {
                        SearchQuery q = SearchQuery.builder().sort(SearchQuery.Sort.NEWEST).offset(20 * r.nextInt(10)).build();
                        return () -> cat.search(q);
                    }),
                    new Kind("deep page (offset " + DEEP_OFFSET + ")", r -> {
                        SearchQuery q = SearchQuery.builder().sort(SearchQuery.Sort.NEWEST).offset(DEEP_OFFSET + 20 * r.nextInt(5)).build();
                        return () -> cat.search(q);
                    }));
            out.printf(Locale.ROOT, "%-26s %7s %8s %8s %8s %13s  %s%n", "query", "queries", "p50 ms", "p95 ms", "p99 ms", "p95/baseline",
                    "target p95 < " + (int) TARGET_P95_MILLIS + " ms");
            double baselineP95 = 0;
            for (Kind kind : kinds) {
                Random r = new Random(kind.name().hashCode());
                for (int i = 0; i < WARMUP_QUERIES; i++) kind.query().apply(r).run();
                double[] millis = new double[TIMED_QUERIES];
                for (int i = 0; i < TIMED_QUERIES; i++) {
                    Runnable q = kind.query().apply(r);
                    long t = System.nanoTime();
                    q.run();
                    millis[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(millis);
                double p50 = percentile(millis, 50), p95 = percentile(millis, 95), p99 = percentile(millis, 99);
                if (baselineP95 == 0) baselineP95 = p95;
                out.printf(Locale.ROOT, "%-26s %7d %8.2f %8.2f %8.2f %13.1f  %s%n", kind.name(), TIMED_QUERIES, p50, p95, p99, p95 / baselineP95,
                        p95 < TARGET_P95_MILLIS ? "met" : "MISSED");
                out.flush();
            }
        }
    }

    private static void load(PrintWriter out, PostgresCatalogue cat, SyntheticCatalogue data, Path dataDir) {
        Path marker = dataDir.resolve(MARKER);
        String expected = "seed=" + data.seed() + " descriptors=" + data.descriptors() + " generator=1";
        long t = System.nanoTime();
        try {
            List<String> lines = Files.exists(marker) ? Files.readAllLines(marker) : List.of();
            if (!lines.isEmpty() && lines.get(0).equals(expected) && count(cat) == data.descriptors()) {
                String loaded = lines.size() > 1 ? lines.get(1) : "loaded earlier";
                out.printf(Locale.ROOT, "load: reused the catalogue already in %s (%s; checked in %.1f s)%n", dataDir, loaded,
                        (System.nanoTime() - t) / 1e9);
                out.flush();
                return;
            }
            Files.deleteIfExists(marker);
            empty(cat);
            int[] offers = {0};
            int[] licences = {0};
            try (BulkLoader loader = BulkLoader.begin(cat)) {
                data.generate(item -> {
                    loader.addPackage(item.pkg());
                    if (item.offer() != null) {
                        loader.addOffer(item.offer(), item.status(), item.reputation(), item.sessions(), item.stateBlock(),
                                item.offer().advertisedAt().plusSeconds(10));
                        offers[0]++;
                    }
                    item.licences().forEach(loader::addLicence);
                    licences[0] += item.licences().size();
                });
                loader.commit();
            }
            analyze(cat);
            String loaded = String.format(Locale.ROOT, "%,d packages, %,d offers, %,d licences generated and bulk-loaded (COPY) in %.1f s",
                    data.descriptors(), offers[0], licences[0], (System.nanoTime() - t) / 1e9);
            Files.writeString(marker, expected + "\n" + loaded + "\n");
            out.println("load: " + loaded);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the bench marker " + marker, e);
        }
        out.flush();
    }

    /**
     * Reads the search table and its indexes into shared buffers (pg_prewarm), as a catalogue in use has them: the
     * figures are for a warm server, not for the first queries after a restart.
     */
    private static void prewarm(PrintWriter out, PostgresCatalogue cat) {
        long t = System.nanoTime();
        try (Connection c = cat.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
            long blocks;
            try (ResultSet rs = st.executeQuery("SELECT sum(pg_prewarm(oid)) FROM pg_class WHERE oid = 'listing'::regclass "
                    + "OR oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'listing'::regclass)")) {
                rs.next();
                blocks = rs.getLong(1);
            }
            out.printf(Locale.ROOT, "prewarm: listing and its indexes, %,d blocks (%,d MiB) in %.1f s%n", blocks, blocks * 8 / 1024,
                    (System.nanoTime() - t) / 1e9);
        } catch (SQLException e) {
            out.println("prewarm: not done (" + e.getMessage().strip() + "): the first queries read from disk");
        }
        out.flush();
    }

    private static long count(PostgresCatalogue cat) {
        return query(cat, "SELECT count(*) FROM package", rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    private static void empty(PostgresCatalogue cat) {
        try (Connection c = cat.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE listing, verification, licence, offer, package, descriptor, checkpoint");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the bench catalogue: " + e.getMessage(), e);
        }
    }

    private static void analyze(PostgresCatalogue cat) {
        try (Connection c = cat.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE");
        } catch (SQLException e) {
            throw new IllegalStateException("ANALYZE failed: " + e.getMessage(), e);
        }
    }

    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T query(PostgresCatalogue cat, String sql, Rows<T> rows) {
        try (Connection c = cat.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(sql)) {
                return rows.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("bench query failed: " + e.getMessage(), e);
        }
    }

    /** Digests to look up, spread over the whole catalogue. */
    private static List<String> sampleDigests(PostgresCatalogue cat) {
        return query(cat, "SELECT digest FROM listing ORDER BY md5(digest || 'sample') LIMIT 2000", rs -> {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            if (out.isEmpty()) throw new IllegalStateException("the bench catalogue is empty");
            return out;
        });
    }

    /** {@code CatalogueSearchBench DATA_DIR [DESCRIPTORS]}: the same as {@code vnfx bench catalogue}. */
    public static void main(String[] args) {
        if (args.length < 1) throw new IllegalArgumentException("usage: CatalogueSearchBench DATA_DIR [DESCRIPTORS]");
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 100_000);
    }

    static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
