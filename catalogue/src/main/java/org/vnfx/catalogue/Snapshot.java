package org.vnfx.catalogue;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;

/**
 * The catalogue's content as canonical text: one line per row, tables in a fixed order, rows sorted by their
 * natural keys in byte order (COLLATE "C", so the server's locale does not matter), values tab-separated with
 * tabs, newlines and backslashes escaped, NULL as {@code \N}, times as ISO-8601 UTC, numbers exact, arrays as
 * [a, b], documents as jsonb's canonical text. Surrogate keys, {@code listing} (derived) and {@code checkpoint}
 * (where a follower is, not what the catalogue holds) are left out.
 */
final class Snapshot {
    private static final String[][] TABLES = {
            {"descriptor", "SELECT kind, provider, product, version FROM descriptor "
                    + "ORDER BY kind COLLATE \"C\", provider COLLATE \"C\", product COLLATE \"C\", version COLLATE \"C\""},
            {"package", "SELECT p.digest, d.kind, d.provider, d.product, d.version, p.size_bytes, p.dialect, p.descriptor_id, p.descriptor_version, "
                    + "p.software_version, p.description, p.vcpu_millis, p.memory_mib, p.disk_mib, p.vdu_names, p.image_names, p.onboarded_at, "
                    + "p.document FROM package p JOIN descriptor d ON d.id = p.descriptor_ref ORDER BY p.digest COLLATE \"C\""},
            {"offer", "SELECT digest, provider_account, function_type, price_per_second_wei, cid, status, status_block, status_at, reputation, "
                    + "sessions, reputation_block, reputation_at, advertised_block, advertised_at FROM offer ORDER BY digest COLLATE \"C\""},
            {"licence", "SELECT id, digest, customer, type, payment_reference, paid_wei, acquired_block, acquired_at FROM licence "
                    + "ORDER BY id COLLATE \"C\""},
            {"verification", "SELECT digest, verifier, passed, signers, findings, verified_at FROM verification "
                    + "ORDER BY digest COLLATE \"C\", verifier COLLATE \"C\""},
    };

    private Snapshot() {}

    static String of(Connection c) throws SQLException {
        StringBuilder out = new StringBuilder();
        // One snapshot of the database for all tables.
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try (Statement st = c.createStatement()) {
            for (String[] table : TABLES) {
                out.append("# ").append(table[0]).append('\n');
                try (ResultSet rs = st.executeQuery(table[1])) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            if (i > 1) out.append('\t');
                            out.append(value(rs, i, md.getColumnTypeName(i)));
                        }
                        out.append('\n');
                    }
                }
            }
            c.commit();
        } finally {
            c.rollback();
            c.setReadOnly(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(true);
        }
        return out.toString();
    }

    private static String value(ResultSet rs, int i, String type) throws SQLException {
        switch (type) {
            case "timestamptz": {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? "\\N" : t.toInstant().toString();
            }
            case "numeric": {
                BigDecimal n = rs.getBigDecimal(i);
                return n == null ? "\\N" : n.toPlainString();
            }
            case "_text": {
                Array a = rs.getArray(i);
                if (a == null) return "\\N";
                StringBuilder s = new StringBuilder("[");
                Object[] values = (Object[]) a.getArray();
                for (int k = 0; k < values.length; k++) {
                    if (k > 0) s.append(", ");
                    s.append(escape(String.valueOf(values[k])).replace(",", "\\,"));
                }
                return s.append(']').toString();
            }
            default: {
                String s = rs.getString(i);
                return s == null ? "\\N" : escape(s);
            }
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
