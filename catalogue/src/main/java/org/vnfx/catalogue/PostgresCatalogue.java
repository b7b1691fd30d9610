package org.vnfx.catalogue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.vnfx.packages.descriptor.Descriptor;
import org.vnfx.packages.descriptor.Kind;
import org.vnfx.packages.descriptor.ResourceNeeds;
import org.vnfx.packages.descriptor.Vdu;

/**
 * The catalogue in PostgreSQL: on an embedded server of its own ({@link #openEmbedded}) or on an external one
 * ({@link #openExternal}). Opening migrates the schema (Flyway, {@code db/migration}). Writes go to the base
 * tables; triggers keep the {@code listing} table, which every search reads, in step.
 */
public final class PostgresCatalogue implements Catalogue, CatalogueWriter, AutoCloseable {
    private static final int POOL_SIZE = 4;
    private static final long CONNECTION_TIMEOUT_MILLIS = 30_000;
    private static final String LISTING_COLUMNS = "digest, kind, provider, product, version, descriptor_id, dialect, description, vcpu_millis, "
            + "memory_mib, disk_mib, size_bytes, onboarded_at, function_type, offer_status, price_per_second_wei, reputation, sessions, licence_types";

    private final HikariDataSource dataSource;
    private final PostgresServer server;

    private PostgresCatalogue(HikariDataSource dataSource, PostgresServer server) {
        this.dataSource = dataSource;
        this.server = server;
    }

    /** The catalogue on its own PostgreSQL, kept in {@code dir} (e.g. {@code DATA_DIR/catalogue/pg}), on a free loopback port. */
    public static PostgresCatalogue openEmbedded(Path dir) {
        return openEmbedded(dir, 0);
    }

    public static PostgresCatalogue openEmbedded(Path dir, int port) {
        QuietLogging.apply();
        PostgresServer server;
        try {
            server = PostgresServer.start(dir, port);
        } catch (IllegalStateException busy) {
            // Another process serves this cluster (e.g. `vnfx catalogue index --follow`): use its server.
            PostgresServer.Serving s = PostgresServer.serving(dir).orElseThrow(() -> busy);
            return open(s.jdbcUrl(), s.user(), s.password(), null);
        }
        try {
            return open(server.jdbcUrl(), server.user(), server.password(), server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The catalogue in the database of {@code jdbcUrl} (e.g. {@code jdbc:postgresql://db:5432/vnfx}); the user must be able to create tables. */
    public static PostgresCatalogue openExternal(String jdbcUrl, String user, String password) {
        QuietLogging.apply();
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), got " + jdbcUrl);
        }
        return open(jdbcUrl, user, password, null);
    }

    private static PostgresCatalogue open(String jdbcUrl, String user, String password, PostgresServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setPoolName("vnfx-catalogue");
        config.setDriverClassName(org.postgresql.Driver.class.getName());
        // Unnamed statements every time: each search is planned for its own values (a generic plan made for one
        // word or range would be reused for very different ones).
        config.addDataSourceProperty("prepareThreshold", "0");
        config.addDataSourceProperty("ApplicationName", "vnfx-catalogue");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new CatalogueException("cannot connect to the catalogue's PostgreSQL at " + jdbcUrl + " as " + user + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new CatalogueException("cannot migrate the catalogue's schema at " + jdbcUrl + ": " + rootMessage(e), e);
        }
        return new PostgresCatalogue(ds, server);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    /** The connection pool, for bulk loads and benchmarks. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The embedded server, or empty for an external one. */
    public Optional<PostgresServer> server() {
        return Optional.ofNullable(server);
    }

    @Override
    public void close() {
        try {
            dataSource.close();
        } finally {
            if (server != null) server.close();
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public Upsert putPackage(PackageEntry entry) {
        if (entry == null) throw new IllegalArgumentException("entry is missing");
        Descriptor d = entry.descriptor();
        String provider = Inputs.nonBlank("descriptor.provider", d.provider());
        String product = Inputs.nonBlank("descriptor.product", d.product());
        String version = Inputs.nonBlank("version", entry.version());
        Inputs.nonBlank("descriptor.id", d.id());
        Inputs.text("descriptor.descriptorVersion", d.descriptorVersion());
        Inputs.optionalText("descriptor.softwareVersion", d.softwareVersion());
        Inputs.optionalText("descriptor.description", d.description());
        List<String> vduNames = new ArrayList<>();
        List<String> imageNames = new ArrayList<>();
        for (Vdu v : d.vdus()) {
            vduNames.add(Inputs.text("descriptor.vdus.id", v.id()));
            if (v.name() != null && !v.name().equals(v.id())) vduNames.add(Inputs.text("descriptor.vdus.name", v.name()));
            if (v.image() != null) imageNames.add(Inputs.text("descriptor.vdus.image.name", v.image().name()));
        }
        String document = DocumentJson.write(d.document());
        return Sql.transaction(dataSource, "putPackage " + entry.digest(), c -> {
            if (Sql.exists(c, "SELECT 1 FROM package WHERE digest = ?", entry.digest())) return Upsert.UNCHANGED;
            long descriptorRef;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO descriptor (kind, provider, product, version) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT ON CONSTRAINT descriptor_identity DO NOTHING RETURNING id")) {
                ps.setString(1, d.kind().name());
                ps.setString(2, provider);
                ps.setString(3, product);
                ps.setString(4, version);
                try (ResultSet rs = ps.executeQuery()) {
                    descriptorRef = rs.next() ? rs.getLong(1) : -1;
                }
            }
            if (descriptorRef < 0) {
                try (PreparedStatement ps = c.prepareStatement("SELECT d.id, p.digest FROM descriptor d LEFT JOIN package p ON p.descriptor_ref = d.id "
                        + "WHERE d.kind = ? AND d.provider = ? AND d.product = ? AND d.version = ?")) {
                    ps.setString(1, d.kind().name());
                    ps.setString(2, provider);
                    ps.setString(3, product);
                    ps.setString(4, version);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        descriptorRef = rs.getLong(1);
                        String holder = rs.getString(2);
                        if (holder != null) return Upsert.conflict(holder);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO package (digest, descriptor_ref, size_bytes, dialect, descriptor_id, "
                    + "descriptor_version, software_version, description, vcpu_millis, memory_mib, disk_mib, vdu_names, image_names, document, "
                    + "document_text, onboarded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
                ResourceNeeds needs = d.needs();
                int i = 1;
                ps.setString(i++, entry.digest());
                ps.setLong(i++, descriptorRef);
                ps.setLong(i++, entry.sizeBytes());
                ps.setString(i++, d.dialect().name());
                ps.setString(i++, d.id());
                ps.setString(i++, d.descriptorVersion());
                ps.setString(i++, d.softwareVersion());
                ps.setString(i++, d.description());
                ps.setLong(i++, needs.vcpuMillis());
                ps.setLong(i++, needs.memoryMiB());
                ps.setLong(i++, needs.diskMiB());
                ps.setArray(i++, c.createArrayOf("text", vduNames.toArray()));
                ps.setArray(i++, c.createArrayOf("text", imageNames.toArray()));
                ps.setString(i++, document);
                ps.setString(i++, document);
                ps.setObject(i, Sql.utc(entry.onboardedAt()));
                ps.executeUpdate();
            }
            return Upsert.INSERTED;
        });
    }

    @Override
    public void putOffer(OfferEntry offer) {
        if (offer == null) throw new IllegalArgumentException("offer is missing");
        Inputs.account("offer.provider", offer.provider());
        Inputs.nonBlank("offer.functionType", offer.functionType());
        Inputs.uint256("offer.pricePerSecondWei", offer.pricePerSecondWei());
        Inputs.nonBlank("offer.cid", offer.cid());
        Inputs.block("offer.advertisedBlock", offer.advertisedBlock());
        Sql.transaction(dataSource, "putOffer " + offer.digest(), c -> {
            requirePackage(c, offer.digest(), "an offer");
            // The same advertisement again changes nothing; a later one (re-advertised at a newer block) replaces it.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO offer (digest, provider_account, function_type, price_per_second_wei, cid, "
                    + "status, status_block, status_at, advertised_block, advertised_at) VALUES (?, ?, ?, ?, ?, 'ADVERTISED', ?, ?, ?, ?) "
                    + "ON CONFLICT (digest) DO UPDATE SET provider_account = excluded.provider_account, function_type = excluded.function_type, "
                    + "price_per_second_wei = excluded.price_per_second_wei, cid = excluded.cid, advertised_block = excluded.advertised_block, "
                    + "advertised_at = excluded.advertised_at, "
                    + "status = CASE WHEN offer.status_block <= excluded.advertised_block THEN 'ADVERTISED' ELSE offer.status END, "
                    + "status_at = CASE WHEN offer.status_block <= excluded.advertised_block THEN excluded.status_at ELSE offer.status_at END, "
                    + "status_block = greatest(offer.status_block, excluded.advertised_block) "
                    + "WHERE offer.advertised_block < excluded.advertised_block")) {
                int i = 1;
                ps.setString(i++, offer.digest());
                ps.setString(i++, offer.provider());
                ps.setString(i++, offer.functionType());
                ps.setBigDecimal(i++, new BigDecimal(offer.pricePerSecondWei()));
                ps.setString(i++, offer.cid());
                ps.setLong(i++, offer.advertisedBlock());
                ps.setObject(i++, Sql.utc(offer.advertisedAt()));
                ps.setLong(i++, offer.advertisedBlock());
                ps.setObject(i, Sql.utc(offer.advertisedAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void setOfferStatus(String digest, OfferStatus status, long block, Instant at) {
        Digests.check(digest);
        if (status == null) throw new IllegalArgumentException("status is missing");
        Inputs.block("block", block);
        if (at == null) throw new IllegalArgumentException("at is missing");
        Sql.transaction(dataSource, "setOfferStatus " + digest, c -> {
            requireOffer(c, digest);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE offer SET status = ?, status_block = ?, status_at = ? WHERE digest = ? AND status_block <= ? "
                            + "AND (status, status_block, status_at) IS DISTINCT FROM (?, ?, ?)")) {
                ps.setString(1, status.name());
                ps.setLong(2, block);
                ps.setObject(3, Sql.utc(at));
                ps.setString(4, digest);
                ps.setLong(5, block);
                ps.setString(6, status.name());
                ps.setLong(7, block);
                ps.setObject(8, Sql.utc(at));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void setReputation(String digest, double reputation, long sessions, long block, Instant at) {
        Digests.check(digest);
        if (!(reputation >= 0 && reputation <= 1)) throw new IllegalArgumentException("reputation must be 0..1, got " + reputation);
        if (sessions < 0) throw new IllegalArgumentException("sessions must not be negative, got " + sessions);
        Inputs.block("block", block);
        if (at == null) throw new IllegalArgumentException("at is missing");
        Sql.transaction(dataSource, "setReputation " + digest, c -> {
            requireOffer(c, digest);
            try (PreparedStatement ps = c.prepareStatement("UPDATE offer SET reputation = ?, sessions = ?, reputation_block = ?, reputation_at = ? "
                    + "WHERE digest = ? AND (reputation_block IS NULL OR reputation_block <= ?) "
                    + "AND (reputation, sessions, reputation_block, reputation_at) IS DISTINCT FROM (?, ?, ?, ?)")) {
                ps.setDouble(1, reputation);
                ps.setLong(2, sessions);
                ps.setLong(3, block);
                ps.setObject(4, Sql.utc(at));
                ps.setString(5, digest);
                ps.setLong(6, block);
                ps.setDouble(7, reputation);
                ps.setLong(8, sessions);
                ps.setLong(9, block);
                ps.setObject(10, Sql.utc(at));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void putVerification(VerificationEntry v) {
        if (v == null) throw new IllegalArgumentException("verification is missing");
        Inputs.nonBlank("verification.verifier", v.verifier());
        Inputs.texts("verification.signers", v.signers());
        Inputs.texts("verification.findings", v.findings());
        Sql.transaction(dataSource, "putVerification " + v.digest(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO verification (digest, verifier, passed, signers, findings, verified_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (digest, verifier) DO UPDATE SET passed = excluded.passed, signers = excluded.signers, "
                    + "findings = excluded.findings, verified_at = excluded.verified_at")) {
                ps.setString(1, v.digest());
                ps.setString(2, v.verifier());
                ps.setBoolean(3, v.passed());
                ps.setArray(4, c.createArrayOf("text", v.signers().toArray()));
                ps.setArray(5, c.createArrayOf("text", v.findings().toArray()));
                ps.setObject(6, Sql.utc(v.verifiedAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void putLicence(LicenceEntry l) {
        if (l == null) throw new IllegalArgumentException("licence is missing");
        Inputs.nonBlank("licence.id", l.id());
        Inputs.account("licence.customer", l.customer());
        Inputs.hex("licence.paymentReference", l.paymentReference());
        Inputs.uint256("licence.paidWei", l.paidWei());
        Inputs.block("licence.acquiredBlock", l.acquiredBlock());
        Sql.transaction(dataSource, "putLicence " + l.id(), c -> {
            requirePackage(c, l.digest(), "a licence");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO licence (id, digest, customer, type, payment_reference, paid_wei, "
                    + "acquired_block, acquired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, l.id());
                ps.setString(2, l.digest());
                ps.setString(3, l.customer());
                ps.setString(4, l.type().name());
                ps.setString(5, l.paymentReference());
                ps.setBigDecimal(6, new BigDecimal(l.paidWei()));
                ps.setLong(7, l.acquiredBlock());
                ps.setObject(8, Sql.utc(l.acquiredAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public OptionalLong checkpoint(String follower) {
        Inputs.nonBlank("follower", follower);
        return Sql.read(dataSource, "checkpoint " + follower, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT block FROM checkpoint WHERE follower = ?")) {
                ps.setString(1, follower);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public void saveCheckpoint(String follower, long block) {
        Inputs.nonBlank("follower", follower);
        Inputs.block("block", block);
        Sql.transaction(dataSource, "saveCheckpoint " + follower, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO checkpoint (follower, block) VALUES (?, ?) ON CONFLICT (follower) DO UPDATE SET block = excluded.block")) {
                ps.setString(1, follower);
                ps.setLong(2, block);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void requirePackage(Connection c, String digest, String what) throws SQLException {
        if (!Sql.exists(c, "SELECT 1 FROM package WHERE digest = ?", digest)) {
            throw new IllegalStateException("package " + digest + " is not catalogued: store it (putPackage) before " + what + " of it");
        }
    }

    private static void requireOffer(Connection c, String digest) throws SQLException {
        if (!Sql.exists(c, "SELECT 1 FROM offer WHERE digest = ?", digest)) {
            throw new IllegalStateException("package " + digest + " has no offer: store it (putOffer) before its status or reputation");
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public Page<Listing> search(SearchQuery query) {
        if (query == null) throw new IllegalArgumentException("query is missing");
        SearchSql sql = SearchSql.of(query, "l." + LISTING_COLUMNS.replace(", ", ", l."));
        return Sql.read(dataSource, "search", c -> {
            try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
                List<Listing> items = new ArrayList<>();
                boolean more = false;
                while (rs.next()) {
                    if (items.size() == query.limit()) {
                        more = true;
                        break;
                    }
                    items.add(listing(rs));
                }
                return new Page<>(items, query.offset(), more);
            }
        });
    }

    /** One package's search result by digest (a primary-key read of the listing), or empty. */
    public Optional<Listing> listing(String digest) {
        Digests.check(digest);
        return Sql.read(dataSource, "listing " + digest, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + LISTING_COLUMNS + " FROM listing WHERE digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(listing(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<CatalogueEntry> entry(String digest) {
        Digests.check(digest);
        return Sql.read(dataSource, "entry " + digest, c -> {
            Listing listing;
            String document;
            try (PreparedStatement ps = c.prepareStatement("SELECT l." + LISTING_COLUMNS.replace(", ", ", l.")
                    + ", p.document_text FROM listing l JOIN package p ON p.digest = l.digest WHERE l.digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    listing = listing(rs);
                    document = rs.getString("document_text");
                }
            }
            List<VerificationEntry> verifications = verifications(c, digest);
            List<LicenceEntry> licences = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, customer, type, payment_reference, paid_wei, acquired_block, acquired_at "
                    + "FROM licence WHERE digest = ? ORDER BY acquired_block, id COLLATE \"C\"")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        licences.add(new LicenceEntry(rs.getString("id"), digest, rs.getString("customer"), LicenceType.valueOf(rs.getString("type")),
                                rs.getString("payment_reference"), rs.getBigDecimal("paid_wei").toBigIntegerExact(), rs.getLong("acquired_block"),
                                Sql.instant(rs, "acquired_at")));
                    }
                }
            }
            return Optional.of(new CatalogueEntry(listing, document, verifications, licences));
        });
    }

    @Override
    public List<VerificationEntry> verifications(String digest) {
        Digests.check(digest);
        return Sql.read(dataSource, "verifications " + digest, c -> verifications(c, digest));
    }

    private static List<VerificationEntry> verifications(Connection c, String digest) throws SQLException {
        List<VerificationEntry> verifications = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT verifier, passed, signers, findings, verified_at FROM verification "
                + "WHERE digest = ? ORDER BY verifier COLLATE \"C\"")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    verifications.add(new VerificationEntry(digest, rs.getString("verifier"), rs.getBoolean("passed"), strings(rs.getArray("signers")),
                            strings(rs.getArray("findings")), Sql.instant(rs, "verified_at")));
                }
            }
        }
        return verifications;
    }

    @Override
    public boolean hasOffer(String digest) {
        Digests.check(digest);
        return Sql.read(dataSource, "hasOffer " + digest, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM offer WHERE digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Where the catalogue is, for messages. */
    public String describe() {
        return server != null ? "embedded PostgreSQL in " + server.directory() : "PostgreSQL at " + dataSource.getJdbcUrl();
    }

    @Override
    public String snapshot() {
        return Sql.read(dataSource, "snapshot", Snapshot::of);
    }

    private static Listing listing(ResultSet rs) throws SQLException {
        BigDecimal price = rs.getBigDecimal("price_per_second_wei");
        double reputation = rs.getDouble("reputation");
        Double rep = rs.wasNull() ? null : reputation;
        String status = rs.getString("offer_status");
        List<LicenceType> types = new ArrayList<>();
        for (String t : strings(rs.getArray("licence_types"))) types.add(LicenceType.valueOf(t));
        return new Listing(rs.getString("digest"), Kind.valueOf(rs.getString("kind")), rs.getString("provider"), rs.getString("product"),
                rs.getString("version"), rs.getString("descriptor_id"), rs.getString("dialect"), rs.getString("description"),
                new ResourceNeeds(rs.getLong("vcpu_millis"), rs.getLong("memory_mib"), rs.getLong("disk_mib")), rs.getLong("size_bytes"),
                Sql.instant(rs, "onboarded_at"), rs.getString("function_type"), status == null ? null : OfferStatus.valueOf(status),
                price == null ? null : price.toBigIntegerExact(), rep, rs.getLong("sessions"), types);
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) return List.of();
        Object[] values = (Object[]) array.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) out.add((String) v);
        return out;
    }
}
