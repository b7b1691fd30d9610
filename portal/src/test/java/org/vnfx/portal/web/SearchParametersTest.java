package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vnfx.catalogue.LicenceType;
import org.vnfx.catalogue.OfferStatus;
import org.vnfx.catalogue.SearchQuery;
import org.vnfx.packages.descriptor.Kind;
import org.vnfx.portal.http.Problem;

/** The search API's parameters: what each becomes in the catalogue's query, and a 400 naming each bad one. */
class SearchParametersTest {
    static SearchQuery parse(String... pairs) throws Problem {
        Map<String, String> q = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) q.put(pairs[i], pairs[i + 1]);
        return SearchParameters.parse(q);
    }

    /** The problem a query gets; asserts it is a 400 that names {@code parameter} in invalid-params and first in its detail. */
    static String refused(String parameter, String... pairs) {
        Problem p = assertThrows(Problem.class, () -> parse(pairs));
        assertEquals(400, p.status());
        assertEquals(parameter, p.body(null).path("invalid-params").path(0).path("name").asText(), p.getMessage());
        assertTrue(p.getMessage().startsWith(parameter + " "), p.getMessage());
        return p.getMessage();
    }

    @Test
    void noParametersIsTheFirstPageOfEverythingByRelevance() throws Problem {
        SearchQuery q = parse();
        assertEquals(SearchQuery.builder().build(), q);
        assertEquals(SearchQuery.DEFAULT_LIMIT, q.limit());
        assertEquals(SearchQuery.Sort.RELEVANCE, q.sort());
    }

    @Test
    void everyParameterReachesItsCriterion() throws Problem {
        SearchQuery q = parse("q", " intrusion detection ", "kind", "ns", "provider", "vnfx examples", "product", "suricata-ids", "version", "7.0.10",
                "function", "ids", "status", "Accepted", "licence", "TRIAL", "minVcpu", "0.5", "maxVcpu", "2", "minMemory", "256", "maxMemory", "1024",
                "minDisk", "0", "maxDisk", "4096", "minReputation", "0.25", "sort", "reputation", "offset", "40", "limit", "20");
        assertEquals(SearchQuery.builder().text("intrusion detection").kind(Kind.NS).provider("vnfx examples").product("suricata-ids")
                .version("7.0.10").functionType("ids").offerStatus(OfferStatus.ACCEPTED).licenceType(LicenceType.TRIAL).vcpuMillis(500L, 2000L)
                .memoryMiB(256L, 1024L).diskMiB(0L, 4096L).minReputation(0.25).sort(SearchQuery.Sort.REPUTATION).offset(40).limit(20).build(), q);
    }

    @Test
    void emptyValuesAsAFormSendsThemAreNotCriteria() throws Problem {
        SearchQuery q = parse("q", "", "kind", "", "provider", "  ", "minVcpu", "", "minReputation", "", "sort", "", "limit", "");
        assertEquals(SearchQuery.builder().build(), q);
        assertNull(q.provider());
    }

    @Test
    void vcpuBoundsAreVcpusToTheThousandth() throws Problem {
        assertEquals(1L, parse("minVcpu", "0.001").minVcpuMillis());
        assertEquals(1500L, parse("maxVcpu", "1.5").maxVcpuMillis());
        assertTrue(refused("minVcpu", "minVcpu", "0.0005").contains("at most 3 decimals"));
        refused("maxVcpu", "maxVcpu", "two");
        refused("minVcpu", "minVcpu", "-1");
    }

    @Test
    void eachBadValueIsRefusedNamingItsParameter() {
        assertTrue(refused("kind", "kind", "vm").contains("vnf, ns"));
        assertTrue(refused("status", "status", "pending").contains("advertised, accepted, rejected, retired"));
        refused("licence", "licence", "free");
        refused("sort", "sort", "price");
        refused("minMemory", "minMemory", "-1");
        refused("maxDisk", "maxDisk", "1e3");
        refused("minReputation", "minReputation", "1.5");
        refused("minReputation", "minReputation", "NaN");
        refused("minReputation", "minReputation", "-0.1");
        assertTrue(refused("limit", "limit", "0").contains("1..100"));
        refused("limit", "limit", String.valueOf(SearchQuery.MAX_LIMIT + 1));
        refused("offset", "offset", String.valueOf(SearchQuery.MAX_OFFSET + 1));
        refused("q", "q", "x".repeat(SearchParameters.MAX_TEXT + 1));
    }

    @Test
    void anEmptyRangeIsRefusedAtItsLowerBound() {
        assertTrue(refused("minMemory", "minMemory", "2048", "maxMemory", "1024").contains("maxMemory"));
        refused("minVcpu", "minVcpu", "2", "maxVcpu", "1.999");
    }

    @Test
    void anUnknownParameterIsRefusedRatherThanIgnored() {
        assertTrue(refused("minvcpu", "minvcpu", "1").contains("minVcpu"), "the known names are listed");
    }
}
