package org.vnfx.packages.csar.rules;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.SortedSet;
import org.vnfx.packages.csar.Finding;
import org.vnfx.packages.csar.SignatureInfo;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.packages.csar.ZipArchive;

/**
 * What the rules share while one archive is verified: the archive, the options, the findings so far, and what
 * earlier rules parsed or computed. One context per archive: an option-2 zip and the CSAR inside it have one each.
 */
public final class CsarContext {
    /** The largest control file (TOSCA.meta, manifest, certificate) read into memory. */
    public static final int MAX_CONTROL_FILE = 16 << 20;

    private final ZipArchive zip;
    private final String prefix;
    private final VerifierOptions options;
    private final Instant now;
    private final List<Finding> findings;
    private final Map<String, ZipArchive.Entry> files = new LinkedHashMap<>();
    private final SortedSet<String> folders = new TreeSet<>();

    private ToscaMetaFile toscaMeta;
    private String entryDefinitions;
    private String manifestPath;
    private String certificatePath;
    private ManifestFile manifest;
    private final Map<String, Digests> digests = new LinkedHashMap<>();
    private SignatureInfo manifestSignature;
    private boolean signedOutside;
    private Path scratch;
    private Path innerCsar;
    private String innerName;
    private SignatureInfo packageSignature;

    /** The sizes and digests of one file, as read from the archive. */
    public record Digests(long size, Map<String, String> byAlgorithm) {
        public Digests {
            byAlgorithm = Collections.unmodifiableMap(new LinkedHashMap<>(byAlgorithm));
        }
    }

    /**
     * @param prefix put before the paths of findings inside the archive ("" for a CSAR, {@code NAME.csar!/} for the
     *               CSAR inside an option-2 zip)
     * @param findings where findings go (shared by the contexts of one verification)
     */
    public CsarContext(ZipArchive zip, String prefix, VerifierOptions options, Instant now, List<Finding> findings) {
        this.zip = zip;
        this.prefix = prefix;
        this.options = options;
        this.now = now;
        this.findings = findings;
        for (ZipArchive.Entry e : zip.entries()) {
            if (e.isDirectory()) {
                folders.add(e.name().substring(0, e.name().length() - 1));
            } else {
                files.putIfAbsent(e.name(), e);
                for (int i = e.name().indexOf('/'); i > 0; i = e.name().indexOf('/', i + 1)) folders.add(e.name().substring(0, i));
            }
        }
    }

    public ZipArchive zip() {
        return zip;
    }

    public VerifierOptions options() {
        return options;
    }

    /** The time of verification, fixed for the whole verification. */
    public Instant now() {
        return now;
    }

    /** The regular files of the archive by path, in archive order (a duplicate counts once here; a rule reports it). */
    public Map<String, ZipArchive.Entry> files() {
        return Collections.unmodifiableMap(files);
    }

    /** Every folder the archive has, as a folder entry or as the parent of a file. */
    public SortedSet<String> folders() {
        return Collections.unmodifiableSortedSet(folders);
    }

    /** How findings name a path inside the archive. */
    public String name(String path) {
        return prefix + path;
    }

    public String prefix() {
        return prefix;
    }

    public void error(String rule, String path, int line, String message) {
        findings.add(Finding.error(rule, name(path), line, message));
    }

    public void warning(String rule, String path, int line, String message) {
        findings.add(Finding.warning(rule, name(path), line, message));
    }

    /** A finding about the archive as a whole (its label, not a path inside it). */
    public void archiveError(String rule, String message) {
        findings.add(Finding.error(rule, zip.label(), 0, message));
    }

    public List<Finding> findings() {
        return Collections.unmodifiableList(findings);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::isError);
    }

    /** The bytes of a control file, or null after reporting why they cannot be read. */
    public byte[] read(String rule, String path) throws IOException {
        ZipArchive.Entry e = files.get(path);
        if (e == null) {
            error(rule, path, 0, "not in the package");
            return null;
        }
        try {
            return zip.read(e, MAX_CONTROL_FILE);
        } catch (ZipArchive.EntryException x) {
            archiveError(x.rule(), x.getMessage());
            return null;
        }
    }

    public ToscaMetaFile toscaMeta() {
        return toscaMeta;
    }

    void toscaMeta(ToscaMetaFile t) {
        toscaMeta = t;
    }

    public String entryDefinitions() {
        return entryDefinitions;
    }

    void entryDefinitions(String path) {
        entryDefinitions = path;
    }

    public String manifestPath() {
        return manifestPath;
    }

    void manifestPath(String path) {
        manifestPath = path;
    }

    public String certificatePath() {
        return certificatePath;
    }

    void certificatePath(String path) {
        certificatePath = path;
    }

    public ManifestFile manifest() {
        return manifest;
    }

    void manifest(ManifestFile m) {
        manifest = m;
    }

    /** Every file's size and digests (SHA-256, and the manifest's algorithm for it), once {@link EntryData} ran. */
    public Map<String, Digests> digests() {
        return Collections.unmodifiableMap(digests);
    }

    void digests(String path, Digests d) {
        digests.put(path, d);
    }

    public SignatureInfo manifestSignature() {
        return manifestSignature;
    }

    void manifestSignature(SignatureInfo s) {
        manifestSignature = s;
    }

    /** Set when the archive came out of a verified option-2 envelope. */
    public boolean signedOutside() {
        return signedOutside;
    }

    public void signedOutside(boolean b) {
        signedOutside = b;
    }

    /** A private temporary folder the verifier deletes afterwards (for the CSAR inside an option-2 zip). */
    public Path scratch() {
        return scratch;
    }

    public void scratch(Path folder) {
        scratch = folder;
    }

    /** The CSAR taken out of an option-2 zip, in {@link #scratch()}, once {@link Option2Envelope} ran. */
    public Path innerCsar() {
        return innerCsar;
    }

    /** Its name in the zip. */
    public String innerName() {
        return innerName;
    }

    void inner(Path file, String name) {
        innerCsar = file;
        innerName = name;
    }

    /** The option-2 signature over the inner CSAR, when it verified. */
    public SignatureInfo packageSignature() {
        return packageSignature;
    }

    void packageSignature(SignatureInfo s) {
        packageSignature = s;
    }
}
