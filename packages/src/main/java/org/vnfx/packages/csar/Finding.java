package org.vnfx.packages.csar;

/**
 * One result of a verification rule.
 *
 * @param severity whether it refuses the package
 * @param rule the id of the rule that found it (e.g. {@code manifest-digests-match})
 * @param file the file at fault: a path inside the package, or the archive itself for problems of the zip
 * @param line 1-based line in {@code file}, 0 when it concerns the whole file
 * @param message what is wrong and what was expected
 */
public record Finding(Severity severity, String rule, String file, int line, String message) {

    public static Finding error(String rule, String file, int line, String message) {
        return new Finding(Severity.ERROR, rule, file, line, message);
    }

    public static Finding warning(String rule, String file, int line, String message) {
        return new Finding(Severity.WARNING, rule, file, line, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: message} (line left out when 0), warnings marked {@code warning:}; one line, as compilers print. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (isError() ? "" : "warning: ") + message;
    }
}
