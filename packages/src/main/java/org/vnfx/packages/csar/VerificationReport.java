package org.vnfx.packages.csar;

import java.util.List;

/** Every finding of one verification, in the order the rules found them. */
public record VerificationReport(List<Finding> findings) {

    public VerificationReport {
        findings = List.copyOf(findings);
    }

    public List<Finding> errors() {
        return findings.stream().filter(Finding::isError).toList();
    }

    public List<Finding> warnings() {
        return findings.stream().filter(f -> !f.isError()).toList();
    }

    /** True when no finding is an error. */
    public boolean passed() {
        return findings.stream().noneMatch(Finding::isError);
    }
}
