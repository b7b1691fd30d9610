package org.vnfx.packages.csar;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;
import org.vnfx.packages.PackageException;
import org.vnfx.packages.Sha256;
import org.vnfx.packages.csar.rules.CsarContext;
import org.vnfx.packages.csar.rules.EntryData;
import org.vnfx.packages.csar.rules.ManifestAlgorithms;
import org.vnfx.packages.csar.rules.ManifestDigestsMatch;
import org.vnfx.packages.csar.rules.ManifestFile;
import org.vnfx.packages.csar.rules.ManifestListsEveryFile;
import org.vnfx.packages.csar.rules.ManifestMetadataKeys;
import org.vnfx.packages.csar.rules.ManifestSignature;
import org.vnfx.packages.csar.rules.ManifestSyntax;
import org.vnfx.packages.csar.rules.NonManoArtifactSets;
import org.vnfx.packages.csar.rules.Option2Envelope;
import org.vnfx.packages.csar.rules.RootEntryDefinitions;
import org.vnfx.packages.csar.rules.Rule;
import org.vnfx.packages.csar.rules.ToscaMetaEntries;
import org.vnfx.packages.csar.rules.ToscaMetaKeys;
import org.vnfx.packages.csar.rules.ZipBombLimits;
import org.vnfx.packages.csar.rules.ZipEntryCount;
import org.vnfx.packages.csar.rules.ZipEntryPaths;
import org.vnfx.packages.csar.rules.ZipEntryTypes;

/**
 * Reads and verifies an ETSI GS NFV-SOL 004 package: a CSAR (with or without TOSCA-Metadata), optionally signed
 * with security option 1 (the manifest's CMS block) or wrapped with option 2 (a zip of the CSAR, its detached
 * CMS signature and certificate). Nothing is unpacked: the archive is read from its central directory and each
 * entry streamed once; only the CSAR inside an option-2 zip is written, to a private temporary folder that is
 * deleted before {@link #verify} returns.
 *
 * <p>The checks are {@link Rule}s, run in order. The zip rules come first, and an archive that breaks any of
 * them is not read further. Every finding is collected; {@link #verify} returns the package when no finding is
 * an error and refuses it otherwise, with the first error and the whole report.
 */
public final class CsarVerifier {
    /** The archive's own checks: nothing is read from an archive that fails one. */
    static final List<Rule> ZIP_RULES = List.of(new ZipEntryCount(), new ZipEntryPaths(), new ZipEntryTypes(), new ZipBombLimits());
    /** The package's checks, in order (each uses what earlier ones parsed). */
    static final List<Rule> PACKAGE_RULES = List.of(new ToscaMetaKeys(), new RootEntryDefinitions(), new ToscaMetaEntries(), new ManifestSyntax(),
            new ManifestMetadataKeys(), new ManifestAlgorithms(), new ManifestListsEveryFile(), new EntryData(), new ManifestDigestsMatch(),
            new NonManoArtifactSets(), new ManifestSignature());

    private final VerifierOptions options;

    public CsarVerifier(VerifierOptions options) {
        this.options = options;
    }

    public CsarVerifier() {
        this(VerifierOptions.DEFAULT);
    }

    /**
     * Verifies {@code file}.
     *
     * @return the package, when no rule found an error (warnings are in its report)
     * @throws PackageRejectedException when a rule found an error: its message is the first error, its report every finding
     * @throws IOException when the file cannot be read
     */
    public VerifiedCsar verify(Path file) throws IOException, PackageRejectedException {
        return verify(file, file.toString());
    }

    /**
     * Verifies {@code file}, naming it {@code label} in findings about the archive itself (a reader's name for
     * it, where the path is only a scratch copy).
     */
    public VerifiedCsar verify(Path file, String label) throws IOException, PackageRejectedException {
        Instant now = options.time();
        List<Finding> findings = new ArrayList<>();
        // The package digest is a second full read and hash of the file: done on another core while the rules
        // inflate and hash every entry, it costs almost nothing (DESIGN.md: onboarding throughput).
        FutureTask<String> fileDigest = new FutureTask<>(() -> Sha256.of(file));
        Thread hasher = new Thread(fileDigest, "vnfx-package-sha256");
        hasher.setDaemon(true);
        hasher.start();
        ZipArchive zip;
        try {
            zip = open(file, label, findings);
        } catch (IOException | RuntimeException e) {
            fileDigest.cancel(true);
            throw e;
        }
        if (zip == null) {
            fileDigest.cancel(true);
            throw rejected(findings);
        }
        Path scratch = null;
        ZipArchive inner = null;
        try {
            CsarContext outer = new CsarContext(zip, "", options, now, findings);
            run(ZIP_RULES, outer);
            if (outer.hasErrors()) throw rejected(findings);
            CsarContext pkg = outer;
            if (Option2Envelope.applies(outer)) {
                scratch = scratchFolder();
                outer.scratch(scratch);
                new Option2Envelope().check(outer);
                if (outer.innerCsar() == null) throw rejected(findings);
                inner = open(outer.innerCsar(), outer.innerName(), findings);
                if (inner == null) throw rejected(findings);
                pkg = new CsarContext(inner, outer.innerName() + "!/", options, now, findings);
                pkg.signedOutside(outer.packageSignature() != null);
                long before = errors(findings);
                run(ZIP_RULES, pkg);
                if (errors(findings) > before) throw rejected(findings); // the inner archive is not read further either
            }
            run(PACKAGE_RULES, pkg);
            if (errors(findings) > 0) throw rejected(findings);
            return result(file, digest(fileDigest, file), outer, pkg, new VerificationReport(findings));
        } finally {
            fileDigest.cancel(true); // no-op once done; stops the read when a rule rejected the package
            if (inner != null) inner.close();
            zip.close();
            if (scratch != null) delete(scratch);
        }
    }

    private static String digest(FutureTask<String> task, Path file) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing " + file);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("cannot hash " + file + ": " + e.getCause(), e.getCause());
        }
    }

    /** Owner-only where the file system has permissions. */
    private Path scratchFolder() throws IOException {
        Path parent = options.tempDir() != null ? Files.createDirectories(options.tempDir()) : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            return Files.createTempDirectory(parent, "vnfx-verify-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempDirectory(parent, "vnfx-verify-");
        }
    }

    private ZipArchive open(Path file, String label, List<Finding> findings) throws IOException {
        try {
            return ZipArchive.open(file, label, options.limits());
        } catch (PackageException e) {
            findings.add(Finding.error("zip-format", label, 0, e.problem()));
            return null;
        }
    }

    private static void run(List<Rule> rules, CsarContext ctx) throws IOException {
        for (Rule r : rules) r.check(ctx);
    }

    private static long errors(List<Finding> findings) {
        return findings.stream().filter(Finding::isError).count();
    }

    private static PackageRejectedException rejected(List<Finding> findings) {
        return new PackageRejectedException(new VerificationReport(findings));
    }

    private static VerifiedCsar result(Path file, String sha256, CsarContext outer, CsarContext pkg, VerificationReport report) {
        ManifestFile mf = pkg.manifest();
        Map<String, ManifestFile.SourceBlock> blocks = new LinkedHashMap<>();
        for (ManifestFile.SourceBlock b : mf.sources()) blocks.putIfAbsent(b.source(), b);
        List<FileDigest> files = new ArrayList<>();
        pkg.digests().forEach((path, d) -> {
            ManifestFile.SourceBlock b = blocks.get(path);
            String algorithm = b == null ? null : ManifestAlgorithms.canonical(b.algorithm());
            files.add(new FileDigest(path, d.size(), d.byAlgorithm().get("SHA-256"), algorithm, algorithm == null ? null : d.byAlgorithm().get(algorithm)));
        });
        Map<String, List<String>> sets = new LinkedHashMap<>();
        mf.nonManoArtifactSets().forEach((name, set) -> sets.put(name, set.sources().stream().map(ManifestFile.KeyLine::value).toList()));
        return new VerifiedCsar(file, sha256, pkg.toscaMeta() == null ? Map.of() : pkg.toscaMeta().asMap(), pkg.entryDefinitions(),
                pkg.manifestPath(), pkg.certificatePath(), ManifestMetadataKeys.kind(mf), ManifestMetadataKeys.values(mf), files, sets,
                pkg.manifestSignature(), outer.packageSignature(), outer == pkg ? null : outer.innerName(), report);
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
