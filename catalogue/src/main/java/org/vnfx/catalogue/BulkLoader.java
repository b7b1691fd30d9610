package org.vnfx.catalogue;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.vnfx.packages.descriptor.Descriptor;
import org.vnfx.packages.descriptor.Vdu;

/**
 * Loads many packages, offers and licences into an empty catalogue in one transaction, with COPY: packages stream
 * into a staging table as they are added; at {@link #commit()} descriptors and packages are inserted from it, offers
 * and licences copied, and the listing built once (the per-row triggers are off meanwhile). For benchmarks and
 * imports; the chain indexer uses {@link CatalogueWriter}. Not checked as thoroughly as the writer: the database's
 * constraints still hold, and a failure rolls everything back.
 */
public final class BulkLoader implements AutoCloseable {
    private static final int FLUSH_BYTES = 1 << 20;
    private static final String[] TRIGGERED_TABLES = {"package", "offer", "licence"};

    private final Connection connection;
    private final CopyIn packages;
    private final StringBuilder packageRows = new StringBuilder();
    private final StringBuilder offerRows = new StringBuilder();
    private final StringBuilder licenceRows = new StringBuilder();
    private boolean done;

    private BulkLoader(Connection connection, CopyIn packages) {
        this.connection = connection;
        this.packages = packages;
    }

    public static BulkLoader begin(PostgresCatalogue catalogue) {
        Connection c = null;
        try {
            c = catalogue.dataSource().getConnection();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                try (var rs = st.executeQuery("SELECT count(*) FROM package")) {
                    rs.next();
                    if (rs.getLong(1) != 0) throw new IllegalStateException("a bulk load needs an empty catalogue; this one has " + rs.getLong(1) + " packages");
                }
                st.execute("CREATE TEMP TABLE stage_package (digest text, kind text, provider text, product text, version text, size_bytes bigint, "
                        + "dialect text, descriptor_id text, descriptor_version text, software_version text, description text, vcpu_millis bigint, "
                        + "memory_mib bigint, disk_mib bigint, vdu_names text[], image_names text[], document_text text, onboarded_at timestamptz) "
                        + "ON COMMIT DROP");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            return new BulkLoader(c, copy.copyIn("COPY stage_package FROM STDIN"));
        } catch (SQLException | RuntimeException e) {
            if (c != null) {
                try {
                    c.rollback();
                    c.close();
                } catch (SQLException ignored) {
                    // The load failed already; that error is the one to report.
                }
            }
            if (e instanceof RuntimeException r) throw r;
            throw new CatalogueException("cannot begin a bulk load: " + e.getMessage(), e);
        }
    }

    public void addPackage(PackageEntry e) {
        Descriptor d = e.descriptor();
        StringBuilder vdus = new StringBuilder("{");
        StringBuilder images = new StringBuilder("{");
        for (Vdu v : d.vdus()) {
            element(vdus, v.id());
            if (v.name() != null && !v.name().equals(v.id())) element(vdus, v.name());
            if (v.image() != null) element(images, v.image().name());
        }
        row(packageRows, e.digest(), d.kind().name(), d.provider(), d.product(), e.version(), e.sizeBytes(), d.dialect().name(), d.id(),
                d.descriptorVersion(), d.softwareVersion(), d.description(), d.needs().vcpuMillis(), d.needs().memoryMiB(), d.needs().diskMiB(),
                vdus.append('}'), images.append('}'), DocumentJson.write(d.document()), e.onboardedAt());
        if (packageRows.length() >= FLUSH_BYTES) flush();
    }

    /** An offer with its state as of {@code block}: status, and reputation (null if unrated) after {@code sessions}. */
    public void addOffer(OfferEntry o, OfferStatus status, Double reputation, long sessions, long block, Instant at) {
        row(offerRows, o.digest(), o.provider(), o.functionType(), new BigDecimal(o.pricePerSecondWei()), o.cid(), status.name(), block, at,
                reputation, sessions, reputation == null ? null : block, reputation == null ? null : at, o.advertisedBlock(), o.advertisedAt());
    }

    public void addLicence(LicenceEntry l) {
        row(licenceRows, l.id(), l.digest(), l.customer(), l.type().name(), l.paymentReference(), new BigDecimal(l.paidWei()), l.acquiredBlock(),
                l.acquiredAt());
    }

    /** Stores everything added and builds the listing; run ANALYZE afterwards for good plans. */
    public void commit() {
        try {
            flush();
            packages.endCopy();
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (Statement st = connection.createStatement()) {
                for (String t : TRIGGERED_TABLES) st.execute("ALTER TABLE " + t + " DISABLE TRIGGER USER");
                st.execute("INSERT INTO descriptor (kind, provider, product, version) SELECT kind, provider, product, version FROM stage_package "
                        + "ORDER BY onboarded_at, digest");
                st.execute("INSERT INTO package (digest, descriptor_ref, size_bytes, dialect, descriptor_id, descriptor_version, software_version, "
                        + "description, vcpu_millis, memory_mib, disk_mib, vdu_names, image_names, document, document_text, onboarded_at) "
                        + "SELECT s.digest, d.id, s.size_bytes, s.dialect, s.descriptor_id, s.descriptor_version, s.software_version, s.description, "
                        + "s.vcpu_millis, s.memory_mib, s.disk_mib, s.vdu_names, s.image_names, s.document_text::jsonb, s.document_text, s.onboarded_at "
                        + "FROM stage_package s JOIN descriptor d USING (kind, provider, product, version) ORDER BY s.onboarded_at, s.digest");
                copy.copyIn("COPY offer (digest, provider_account, function_type, price_per_second_wei, cid, status, status_block, status_at, "
                        + "reputation, sessions, reputation_block, reputation_at, advertised_block, advertised_at) FROM STDIN",
                        new StringReader(offerRows.toString()));
                copy.copyIn("COPY licence (id, digest, customer, type, payment_reference, paid_wei, acquired_block, acquired_at) FROM STDIN",
                        new StringReader(licenceRows.toString()));
                // Building the listing's secondary indexes once afterwards is several times faster than row by row.
                List<String> names = new ArrayList<>();
                List<String> definitions = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                        + "WHERE indrelid = 'listing'::regclass AND NOT indisprimary")) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                        definitions.add(rs.getString(2));
                    }
                }
                for (String name : names) st.execute("DROP INDEX " + name);
                st.execute("SELECT listing_rebuild()");
                for (String definition : definitions) st.execute(definition);
                for (String t : TRIGGERED_TABLES) st.execute("ALTER TABLE " + t + " ENABLE TRIGGER USER");
            }
            connection.commit();
            done = true;
        } catch (SQLException | IOException e) {
            throw new CatalogueException("bulk load failed: " + e.getMessage(), e);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            if (!done) {
                if (packages.isActive()) packages.cancelCopy();
                connection.rollback();
            }
            connection.close();
        } catch (SQLException e) {
            throw new CatalogueException("cannot end the bulk load: " + e.getMessage(), e);
        }
    }

    private void flush() {
        if (packageRows.length() == 0) return;
        byte[] bytes = packageRows.toString().getBytes(StandardCharsets.UTF_8);
        try {
            packages.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new CatalogueException("bulk load of packages failed: " + e.getMessage(), e);
        }
        packageRows.setLength(0);
    }

    /** One line of COPY text format. */
    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) out.append('\t');
            Object v = values[i];
            if (v == null) {
                out.append("\\N");
            } else if (v instanceof Instant t) {
                out.append(t);
            } else if (v instanceof BigDecimal n) {
                out.append(n.toPlainString());
            } else {
                String s = v.toString();
                if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("a NUL character in a bulk-loaded value: " + s);
                for (int k = 0; k < s.length(); k++) {
                    char ch = s.charAt(k);
                    switch (ch) {
                        case '\\': out.append("\\\\"); break;
                        case '\t': out.append("\\t"); break;
                        case '\n': out.append("\\n"); break;
                        case '\r': out.append("\\r"); break;
                        default: out.append(ch);
                    }
                }
            }
        }
        out.append('\n');
    }

    /** An element of a text[] literal, quoted. */
    private static void element(StringBuilder array, String value) {
        if (array.length() > 1) array.append(',');
        array.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
}
