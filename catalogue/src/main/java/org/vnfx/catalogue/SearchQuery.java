package org.vnfx.catalogue;

import org.vnfx.packages.descriptor.Kind;

/**
 * A catalogue search: every criterion set must hold (AND); an unset one (null) does not restrict. Text criteria on
 * provider, product and version match exactly, ignoring case; {@code text} is a full-text query (words, all
 * required, stemmed in English) over product, provider, description, descriptor id, function type and the VDU
 * and software image names. Build with {@link #builder()}.
 *
 * @param text          full-text words, or null
 * @param kind          VNF or NS
 * @param provider      descriptor provider
 * @param product       product or service name
 * @param version       see {@link PackageEntry#version()}
 * @param functionType  the offer's function type
 * @param offerStatus   the offer's status
 * @param licenceType   at least one licence of this type was acquired
 * @param minVcpuMillis needs at least this much (and so on for the other bounds); bounds are inclusive
 * @param minReputation reputation at least this (offers without a reputation yet do not match)
 * @param sort          result order
 * @param offset        results to skip (0..{@value #MAX_OFFSET})
 * @param limit         page size (1..{@value #MAX_LIMIT})
 */
public record SearchQuery(String text, Kind kind, String provider, String product, String version, String functionType,
                          OfferStatus offerStatus, LicenceType licenceType, Long minVcpuMillis, Long maxVcpuMillis, Long minMemoryMiB,
                          Long maxMemoryMiB, Long minDiskMiB, Long maxDiskMiB, Double minReputation, Sort sort, int offset, int limit) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    /** Deep offsets cost a scan of everything before them; past this, narrow the query instead. */
    public static final int MAX_OFFSET = 10_000;

    public enum Sort {
        /** Full-text rank when there is text, else as {@link #NEWEST}. */
        RELEVANCE,
        /** Most recently onboarded first. */
        NEWEST,
        /** Highest reputation first, unrated last. */
        REPUTATION,
        /** Provider, product, version. */
        NAME
    }

    public SearchQuery {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
        if (offset < 0 || offset > MAX_OFFSET) throw new IllegalArgumentException("offset must be 0.." + MAX_OFFSET + ", got " + offset);
        if (minReputation != null && (minReputation < 0 || minReputation > 1)) {
            throw new IllegalArgumentException("minReputation must be 0..1, got " + minReputation);
        }
        range("vcpuMillis", minVcpuMillis, maxVcpuMillis);
        range("memoryMiB", minMemoryMiB, maxMemoryMiB);
        range("diskMiB", minDiskMiB, maxDiskMiB);
        if (text != null && text.isBlank()) text = null;
        if (sort == null) sort = Sort.RELEVANCE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same query one page further. */
    public SearchQuery next() {
        return new SearchQuery(text, kind, provider, product, version, functionType, offerStatus, licenceType, minVcpuMillis, maxVcpuMillis,
                minMemoryMiB, maxMemoryMiB, minDiskMiB, maxDiskMiB, minReputation, sort, offset + limit, limit);
    }

    private static void range(String name, Long min, Long max) {
        if (min != null && min < 0) throw new IllegalArgumentException("min " + name + " must not be negative");
        if (min != null && max != null && min > max) throw new IllegalArgumentException("min " + name + " " + min + " > max " + max);
    }

    public static final class Builder {
        private String text;
        private Kind kind;
        private String provider;
        private String product;
        private String version;
        private String functionType;
        private OfferStatus offerStatus;
        private LicenceType licenceType;
        private Long minVcpuMillis;
        private Long maxVcpuMillis;
        private Long minMemoryMiB;
        private Long maxMemoryMiB;
        private Long minDiskMiB;
        private Long maxDiskMiB;
        private Double minReputation;
        private Sort sort = Sort.RELEVANCE;
        private int offset;
        private int limit = DEFAULT_LIMIT;

        public Builder text(String v) { text = v; return this; }
        public Builder kind(Kind v) { kind = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder product(String v) { product = v; return this; }
        public Builder version(String v) { version = v; return this; }
        public Builder functionType(String v) { functionType = v; return this; }
        public Builder offerStatus(OfferStatus v) { offerStatus = v; return this; }
        public Builder licenceType(LicenceType v) { licenceType = v; return this; }
        public Builder vcpuMillis(Long min, Long max) { minVcpuMillis = min; maxVcpuMillis = max; return this; }
        public Builder memoryMiB(Long min, Long max) { minMemoryMiB = min; maxMemoryMiB = max; return this; }
        public Builder diskMiB(Long min, Long max) { minDiskMiB = min; maxDiskMiB = max; return this; }
        public Builder minReputation(Double v) { minReputation = v; return this; }
        public Builder sort(Sort v) { sort = v; return this; }
        public Builder offset(int v) { offset = v; return this; }
        public Builder limit(int v) { limit = v; return this; }

        public SearchQuery build() {
            return new SearchQuery(text, kind, provider, product, version, functionType, offerStatus, licenceType, minVcpuMillis, maxVcpuMillis,
                    minMemoryMiB, maxMemoryMiB, minDiskMiB, maxDiskMiB, minReputation, sort, offset, limit);
        }
    }
}
