package org.vnfx.portal.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vnfx.catalogue.LicenceType;
import org.vnfx.catalogue.OfferStatus;
import org.vnfx.catalogue.SearchQuery;
import org.vnfx.packages.descriptor.Kind;
import org.vnfx.portal.http.Problem;

/**
 * The query parameters of {@code GET /api/catalogue/search}, read into a {@link SearchQuery}. An empty value means
 * "not set" (an HTML form sends its empty fields); every other value is checked here, so that a 400 names the
 * parameter the user typed rather than a field of the query. vCPU bounds are in vCPUs (0.5), as people read them;
 * the catalogue counts thousandths.
 */
public final class SearchParameters {
    public static final List<String> NAMES = List.of("q", "kind", "provider", "product", "version", "function", "status", "licence",
            "minVcpu", "maxVcpu", "minMemory", "maxMemory", "minDisk", "maxDisk", "minReputation", "sort", "offset", "limit");
    /** Longer text is no search anybody types; refusing it keeps odd requests away from the database. */
    static final int MAX_TEXT = 200;

    private final Map<String, String> query;

    private SearchParameters(Map<String, String> query) {
        this.query = query;
    }

    public static SearchQuery parse(Map<String, String> query) throws Problem {
        for (String name : query.keySet()) {
            if (!NAMES.contains(name)) throw Problem.badParameter(name, "is not a search parameter; known: " + String.join(", ", NAMES));
        }
        return new SearchParameters(query).read();
    }

    private SearchQuery read() throws Problem {
        Long minVcpu = vcpuMillis("minVcpu"), maxVcpu = vcpuMillis("maxVcpu");
        Long minMemory = whole("minMemory", 0, Long.MAX_VALUE), maxMemory = whole("maxMemory", 0, Long.MAX_VALUE);
        Long minDisk = whole("minDisk", 0, Long.MAX_VALUE), maxDisk = whole("maxDisk", 0, Long.MAX_VALUE);
        ordered("minVcpu", minVcpu, "maxVcpu", maxVcpu);
        ordered("minMemory", minMemory, "maxMemory", maxMemory);
        ordered("minDisk", minDisk, "maxDisk", maxDisk);
        Long offset = whole("offset", 0, SearchQuery.MAX_OFFSET);
        Long limit = whole("limit", 1, SearchQuery.MAX_LIMIT);
        return SearchQuery.builder().text(text("q")).kind(choice("kind", Kind.class)).provider(text("provider")).product(text("product"))
                .version(text("version")).functionType(text("function")).offerStatus(choice("status", OfferStatus.class))
                .licenceType(choice("licence", LicenceType.class)).vcpuMillis(minVcpu, maxVcpu).memoryMiB(minMemory, maxMemory)
                .diskMiB(minDisk, maxDisk).minReputation(reputation()).sort(choice("sort", SearchQuery.Sort.class))
                .offset(offset == null ? 0 : offset.intValue()).limit(limit == null ? SearchQuery.DEFAULT_LIMIT : limit.intValue()).build();
    }

    private String value(String name) {
        String v = query.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private String text(String name) throws Problem {
        String v = value(name);
        if (v != null && v.length() > MAX_TEXT) throw Problem.badParameter(name, "is longer than " + MAX_TEXT + " characters");
        return v;
    }

    private <E extends Enum<E>> E choice(String name, Class<E> type) throws Problem {
        String v = value(name);
        if (v == null) return null;
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) return e;
        }
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) known.append(known.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        throw Problem.badParameter(name, "must be one of " + known + ", got '" + v + "'");
    }

    private Long whole(String name, long min, long max) throws Problem {
        String v = value(name);
        if (v == null) return null;
        if (!v.matches("[0-9]{1,18}") || Long.parseLong(v) < min || Long.parseLong(v) > max) {
            throw Problem.badParameter(name, "must be a whole number " + min + ".." + max + ", got '" + v + "'");
        }
        return Long.parseLong(v);
    }

    private Long vcpuMillis(String name) throws Problem {
        String v = value(name);
        if (v == null) return null;
        if (!v.matches("[0-9]{1,9}(\\.[0-9]{0,3})?")) {
            throw Problem.badParameter(name, "must be a number of vCPUs with at most 3 decimals (e.g. 0.5), got '" + v + "'");
        }
        return new BigDecimal(v).movePointRight(3).longValueExact();
    }

    private Double reputation() throws Problem {
        String v = value("minReputation");
        if (v == null) return null;
        double r;
        try {
            r = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            r = Double.NaN;
        }
        if (!(r >= 0 && r <= 1) || !v.matches("[0-9.]+")) throw Problem.badParameter("minReputation", "must be a number 0..1, got '" + v + "'");
        return r;
    }

    private static void ordered(String minName, Long min, String maxName, Long max) throws Problem {
        if (min != null && max != null && min > max) {
            throw Problem.badParameter(minName, "is above " + maxName + " (the range would be empty)");
        }
    }
}
