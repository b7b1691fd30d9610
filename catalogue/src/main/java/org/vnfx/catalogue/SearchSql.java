package org.vnfx.catalogue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SearchQuery} as one SELECT on {@code listing}. Each filter matches an index of V1__catalogue.sql (see
 * there); each order ends with the digest so that equal keys keep one order from page to page; one row more than
 * the page is fetched to tell whether a further page exists.
 *
 * <p>The page is chosen first, reading only the digest and the sort keys, and only its rows are then read whole
 * (a join of the listing with itself on the primary key): a common word matches thousands of rows, and a deep
 * page skips thousands, and neither needs their other columns (the skipped ones can come from an index alone).
 */
record SearchSql(String sql, List<Object> params) {
    /** The text search configuration of the listing's vector. */
    private static final String TS_CONFIG = "'english'::regconfig";

    static SearchSql of(SearchQuery q, String columns) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        Order order = order(q);
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM (SELECT digest, ").append(order.keys).append(" FROM listing");
        if (q.text() != null) {
            // plainto_tsquery: every word required, stemmed; operators in the text are taken as words.
            sql.append(", plainto_tsquery(" + TS_CONFIG + ", ?) AS q");
            params.add(q.text());
            where.add("search @@ q");
        }
        if (q.kind() != null) {
            where.add("kind = ?");
            params.add(q.kind().name());
        }
        exactIgnoringCase(where, params, "provider", q.provider());
        exactIgnoringCase(where, params, "product", q.product());
        exactIgnoringCase(where, params, "version", q.version());
        if (q.functionType() != null) {
            where.add("function_type = ?");
            params.add(q.functionType());
        }
        if (q.offerStatus() != null) {
            where.add("offer_status = ?");
            params.add(q.offerStatus().name());
        }
        if (q.licenceType() != null) {
            where.add("licence_types @> ARRAY[?]::text[]");
            params.add(q.licenceType().name());
        }
        range(where, params, "vcpu_millis", q.minVcpuMillis(), q.maxVcpuMillis());
        range(where, params, "memory_mib", q.minMemoryMiB(), q.maxMemoryMiB());
        range(where, params, "disk_mib", q.minDiskMiB(), q.maxDiskMiB());
        if (q.minReputation() != null) {
            // NULL >= x is not true: unrated offers and packages without an offer do not match.
            where.add("reputation >= ?");
            params.add(q.minReputation());
        }
        if (!where.isEmpty()) sql.append(" WHERE ").append(String.join(" AND ", where));
        sql.append(" ORDER BY ").append(order.inner).append(" LIMIT ? OFFSET ?) k JOIN listing l ON l.digest = k.digest ORDER BY ")
                .append(order.outer);
        params.add(q.limit() + 1);
        params.add(q.offset());
        return new SearchSql(sql.toString(), List.copyOf(params));
    }

    /** The sort keys the inner query selects, its ORDER BY (matching the indexes), and the outer one on those keys. */
    private record Order(String keys, String inner, String outer) {}

    private static Order order(SearchQuery q) {
        switch (q.sort()) {
            case RELEVANCE:
                if (q.text() != null) return new Order("ts_rank(search, q) AS k1", "k1 DESC, digest", "k.k1 DESC, k.digest");
                return newest();
            case NEWEST:
                return newest();
            case REPUTATION:
                return new Order("reputation AS k1", "reputation DESC NULLS LAST, digest", "k.k1 DESC NULLS LAST, k.digest");
            case NAME:
                return new Order("provider AS k1, product AS k2, version AS k3", "provider, product, version, digest",
                        "k.k1, k.k2, k.k3, k.digest");
            default:
                throw new IllegalArgumentException("unknown sort " + q.sort());
        }
    }

    private static Order newest() {
        return new Order("onboarded_at AS k1", "onboarded_at DESC, digest", "k.k1 DESC, k.digest");
    }

    private static void exactIgnoringCase(List<String> where, List<Object> params, String column, String value) {
        if (value == null) return;
        where.add("lower(" + column + ") = lower(?)");
        params.add(value);
    }

    private static void range(List<String> where, List<Object> params, String column, Long min, Long max) {
        if (min != null) {
            where.add(column + " >= ?");
            params.add(min);
        }
        if (max != null) {
            where.add(column + " <= ?");
            params.add(max);
        }
    }

    PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
        return ps;
    }
}
