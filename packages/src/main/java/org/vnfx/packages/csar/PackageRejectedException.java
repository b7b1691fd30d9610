package org.vnfx.packages.csar;

import org.vnfx.packages.PackageException;

/**
 * A package failed verification. The message is the first error (file, line, what was expected), followed by how
 * many more there are; {@link #report()} holds every finding.
 */
public final class PackageRejectedException extends PackageException {
    private static final long serialVersionUID = 1L;

    private final transient VerificationReport report;

    public PackageRejectedException(VerificationReport report) {
        this(report, report.errors());
    }

    private PackageRejectedException(VerificationReport report, java.util.List<Finding> errors) {
        super(first(errors).file(), first(errors).line(), first(errors).message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more error" + (errors.size() > 2 ? "s" : "") + ")" : ""));
        this.report = report;
    }

    private static Finding first(java.util.List<Finding> errors) {
        if (errors.isEmpty()) throw new IllegalArgumentException("a rejected package has at least one error");
        return errors.get(0);
    }

    public VerificationReport report() {
        return report;
    }
}
