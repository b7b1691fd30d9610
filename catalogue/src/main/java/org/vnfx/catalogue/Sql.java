package org.vnfx.catalogue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** Small JDBC helpers: transactions with a retry on races the database resolves for us, and time conversions. */
final class Sql {
    /** Unique violations and serialization failures are retried: a concurrent writer got there first. */
    private static final int ATTEMPTS = 3;

    private Sql() {}

    @FunctionalInterface
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    static <T> T transaction(DataSource ds, String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.apply(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                String state = e.getSQLState();
                boolean race = "23505".equals(state) || "40001".equals(state) || "40P01".equals(state);
                if (race && attempt < ATTEMPTS) continue;
                throw new CatalogueException("catalogue: " + what + " failed: " + e.getMessage(), e);
            }
        }
    }

    static <T> T read(DataSource ds, String what, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new CatalogueException("catalogue: " + what + " failed: " + e.getMessage(), e);
        }
    }

    static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static boolean exists(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
