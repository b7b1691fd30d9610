package org.vnfx.ledger.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The usage-policy file format: what compiles to what, and the exact message of each mistake. */
class PolicyFileTest {
    static final String FULL = """
            # Budget Edge Networks' terms for suricata-ids-lite
            vnfx-policy: 1
            allow: [instantiate, redistribute]
            customers:
              - 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed
            regions: [eu-west-1, eu-central-1]
            max-instances: 10
            until: 2027-06-30T23:59:59Z
            """;

    @Test
    void aFullPolicyCompilesToTheContractsTerms() throws Exception {
        UsagePolicy p = PolicyFile.parse("lite.policy.yaml", FULL);
        assertEquals(Set.of(Action.INSTANTIATE, Action.REDISTRIBUTE), p.allowed());
        assertEquals(3, p.actionBits());
        assertEquals(List.of("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), p.customers());
        assertEquals(List.of("eu-west-1", "eu-central-1"), p.regions());
        assertEquals(10, p.maxInstances());
        assertEquals(Instant.parse("2027-06-30T23:59:59Z"), p.until());
        assertEquals(List.of(
                "Customers may run network services from this package.",
                "It may be passed on: licences sold to customers, the package sent to MEC nodes.",
                "No derived package may be published from it.",
                "Only these customers: 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed.",
                "Only in the regions eu-west-1, eu-central-1 (where the operator placed the customer or MEC node).",
                "At most 10 instances at a time, all customers together.",
                "Until 30 June 2027, 23:59:59 UTC; nothing is allowed after that."), p.inWords());
    }

    @Test
    void jsonIsReadTooAndOmittedRulesDoNotRestrict() throws Exception {
        UsagePolicy p = PolicyFile.parse("p.json", "{\"vnfx-policy\": 1, \"allow\": [\"modify\"]}");
        assertEquals(Set.of(Action.MODIFY), p.allowed());
        assertEquals(List.of(), p.customers());
        assertEquals(List.of(), p.regions());
        assertEquals(0, p.maxInstances());
        assertEquals(null, p.until());
        assertEquals("No end date.", p.inWords().get(p.inWords().size() - 1));
        assertEquals(Set.of(), PolicyFile.parse("p.yaml", "vnfx-policy: 1\nallow: []\n").allowed());
    }

    @Test
    void everyMistakeNamesTheFileTheLineAndWhatWasExpected() {
        assertError("p.yaml:3: allow: unknown action 'copy'; expected instantiate, redistribute or modify",
                "vnfx-policy: 1\nallow:\n  - copy\n");
        assertError("p.yaml:1: allow is missing (a list of instantiate, redistribute, modify; [] allows nothing)", "vnfx-policy: 1\n");
        assertError("p.yaml:1: vnfx-policy is missing (the format's version, 1)", "allow: [instantiate]\n");
        assertError("p.yaml:1: vnfx-policy 2 is not supported; this vnfx reads version 1", "vnfx-policy: 2\nallow: []\n");
        assertError("p.yaml:3: unknown key 'max_instances'; expected vnfx-policy, allow, customers, regions, max-instances or until",
                "vnfx-policy: 1\nallow: []\nmax_instances: 3\n");
        assertError("p.yaml:3: max-instances must be a whole number in 1..65535, found '0'", "vnfx-policy: 1\nallow: []\nmax-instances: 0\n");
        assertError("p.yaml:3: customers: '0x12' is not an account (0x and 40 hex digits)", "vnfx-policy: 1\nallow: []\ncustomers: [0x12]\n");
        assertError("p.yaml:3: regions: 'EU West' must be 1-31 of a-z 0-9 . _ - (starting with a letter or digit)",
                "vnfx-policy: 1\nallow: []\nregions: [EU West]\n");
        assertError("p.yaml:3: until must be an RFC 3339 time with a zone, e.g. 2027-06-30T23:59:59Z, found '2027-06-30'",
                "vnfx-policy: 1\nallow: []\nuntil: 2027-06-30\n");
        assertError("p.yaml:2: allow must be a list, e.g. [a, b]", "vnfx-policy: 1\nallow: instantiate\n");
        assertError("p.yaml:1: expected a mapping with vnfx-policy and allow", "- instantiate\n");
    }

    @Test
    void duplicateKeysAndAliasesAreRefused() {
        assertError("p.yaml:3: 'allow' given twice", "vnfx-policy: 1\nallow: []\nallow: [modify]\n");
        PolicyException alias = assertThrows(PolicyException.class,
                () -> PolicyFile.parse("p.yaml", "vnfx-policy: 1\nallow: &a [instantiate]\ncustomers: *a\n"));
        assertEquals("p.yaml: aliases (& and *) are not allowed in a usage policy", alias.getMessage());
    }

    /** PolicyFileFuzzTest's finding: SnakeYAML throws IllegalArgumentException, not a YAMLException, for such a tag. */
    @Test
    void aTagWithASpaceInItIsNotValidYaml() {
        assertError("p.yaml: not valid YAML: Tag must not contain leading or trailing spaces.", "vnfx-policy: 1\nallow: !x%20 []\n");
    }

    static void assertError(String expected, String text) {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyFile.parse("p.yaml", text));
        assertEquals(expected, e.getMessage());
    }
}
