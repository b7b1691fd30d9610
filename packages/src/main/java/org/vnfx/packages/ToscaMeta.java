package org.vnfx.packages;

/**
 * {@code TOSCA-Metadata/TOSCA.meta} of a CSAR with a TOSCA-Metadata directory (ETSI GS NFV-SOL 004 clause 4.1.2,
 * TOSCA Simple Profile in YAML): block 0 with the entry definitions, and SOL004's keyname extensions for the
 * manifest and, when the package has them, the change history file and the signer's certificate.
 *
 * @param entryDefinitions path of the main TOSCA definitions file (the VNFD)
 * @param entryManifest path of the manifest
 * @param entryChangeLog path of the change history file, or null when the package has none
 * @param entryCertificate path of the signer's certificate file (security option 1), or null when unsigned
 */
public record ToscaMeta(String entryDefinitions, String entryManifest, String entryChangeLog, String entryCertificate) {
    public static final String PATH = "TOSCA-Metadata/TOSCA.meta";
    public static final String FILE_VERSION = "1.0";
    public static final String CSAR_VERSION = "1.1";
    public static final String CREATED_BY = "vnfx";

    /** An unsigned package's. */
    public ToscaMeta(String entryDefinitions, String entryManifest, String entryChangeLog) {
        this(entryDefinitions, entryManifest, entryChangeLog, null);
    }

    /** The file's text: one {@code Keyname: value} line each, LF line ends. */
    public String render() {
        StringBuilder s = new StringBuilder()
                .append("TOSCA-Meta-File-Version: ").append(FILE_VERSION).append('\n')
                .append("CSAR-Version: ").append(CSAR_VERSION).append('\n')
                .append("Created-By: ").append(CREATED_BY).append('\n')
                .append("Entry-Definitions: ").append(entryDefinitions).append('\n')
                .append("ETSI-Entry-Manifest: ").append(entryManifest).append('\n');
        if (entryChangeLog != null) s.append("ETSI-Entry-Change-Log: ").append(entryChangeLog).append('\n');
        if (entryCertificate != null) s.append("ETSI-Entry-Certificate: ").append(entryCertificate).append('\n');
        return s.toString();
    }
}
