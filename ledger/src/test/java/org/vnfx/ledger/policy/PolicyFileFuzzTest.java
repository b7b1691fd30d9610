package org.vnfx.ledger.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any text as a usage policy: the YAML (or JSON) is composed with aliases refused, then every key, list, account,
 * region, count and time is checked. Seeds: examples/policies. A policy is compiled or refused with a
 * {@link PolicyException} that names the file; anything else escapes and is Jazzer's finding.
 */
class PolicyFileFuzzTest {
    static final String NAME = "fuzz.yaml";

    @FuzzTest
    void anyPolicyIsCompiledOrRefusedWithAClearError(byte[] text) {
        try {
            PolicyFile.parse(NAME, new String(text, StandardCharsets.UTF_8));
        } catch (PolicyException e) {
            if (!e.getMessage().startsWith(NAME + ":")) {
                throw new AssertionError("a refusal that does not name the policy file: '" + e.getMessage() + "'", e);
            }
        }
    }
}
