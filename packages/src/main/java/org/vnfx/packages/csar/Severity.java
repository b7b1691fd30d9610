package org.vnfx.packages.csar;

/** How much a finding weighs: an error refuses the package, a warning is reported and the package accepted. */
public enum Severity {
    ERROR,
    WARNING
}
