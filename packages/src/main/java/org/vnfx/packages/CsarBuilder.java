package org.vnfx.packages;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds ETSI GS NFV-SOL 004 VNF packages: a CSAR with a TOSCA-Metadata directory, reproducibly, so the same
 * sources always give the same bytes and so the same package digest.
 *
 * <p>The source is a list of layer folders ({@link PackageSource}: a later layer's file replaces the same path of
 * an earlier one) that must hold the SOL001 VNFD at {@value #VNFD}. The builder adds {@value ToscaMeta#PATH}
 * ({@link ToscaMeta}; with {@code ETSI-Entry-Change-Log} when the source has {@value #CHANGE_LOG}) and the
 * manifest {@value #MANIFEST} ({@link Manifest}: the metadata from the VNFD, see {@link VnfdReader}, and the
 * SHA-256 of every other file, TOSCA.meta and the VNFD included), and writes the zip ({@link ReproducibleZip})
 * atomically ({@link AtomicFile}): a failed build leaves no half CSAR, and an earlier CSAR at the target stays.
 */
public final class CsarBuilder {
    public static final String VNFD = "Definitions/vnfd.yaml";
    public static final String MANIFEST = "vnfd.mf";
    public static final String CHANGE_LOG = "ChangeLog.txt";

    private CsarBuilder() {}

    /** Builds the CSAR of {@code layers} (applied in order) at {@code outCsar}. */
    public static BuiltCsar build(List<Path> layers, Path outCsar) throws IOException, PackageException {
        PackageSource source = PackageSource.of(layers);
        for (String generated : List.of(ToscaMeta.PATH, MANIFEST)) {
            Path there = source.files().get(generated);
            if (there != null) throw new PackageException(there.toString(), generated + " is written by the builder; remove it from the layer");
        }
        Path vnfdFile = source.files().get(VNFD);
        if (vnfdFile == null) {
            throw new PackageException(String.join(", ", layers.stream().map(Path::toString).toList()),
                    "no " + VNFD + " in any layer (the package's SOL001 VNFD)");
        }
        Vnfd vnfd = VnfdReader.read(vnfdFile);

        TreeMap<String, PackageFile> files = new TreeMap<>();
        for (Map.Entry<String, Path> e : source.files().entrySet()) files.put(e.getKey(), PackageFile.of(e.getKey(), e.getValue()));
        ToscaMeta meta = new ToscaMeta(VNFD, MANIFEST, files.containsKey(CHANGE_LOG) ? CHANGE_LOG : null);
        files.put(ToscaMeta.PATH, PackageFile.generated(ToscaMeta.PATH, meta.render().getBytes(StandardCharsets.UTF_8)));

        List<ManifestEntry> digests = new ArrayList<>(files.size());
        for (PackageFile f : files.values()) digests.add(new ManifestEntry(f.path(), Sha256.ALGORITHM, f.sha256()));
        Manifest manifest = new Manifest(ManifestMetadata.of(vnfd), digests);
        files.put(MANIFEST, PackageFile.generated(MANIFEST, manifest.render().getBytes(StandardCharsets.UTF_8)));

        MessageDigest whole = Sha256.digest();
        List<CsarEntry> entries = AtomicFile.write(outCsar, out -> {
            List<CsarEntry> written = ReproducibleZip.write(new DigestOutputStream(out, whole), List.copyOf(files.values()));
            requireUnchanged(manifest, written, files);
            return written;
        });
        return new BuiltCsar(outCsar, Sha256.hex(whole.digest()), manifest, entries);
    }

    /** A source file edited while the package was being built would make the manifest lie. */
    private static void requireUnchanged(Manifest manifest, List<CsarEntry> written, Map<String, PackageFile> files) throws PackageException {
        Map<String, String> zipped = new TreeMap<>();
        for (CsarEntry e : written) zipped.put(e.path(), e.sha256());
        for (ManifestEntry m : manifest.entries()) {
            if (!m.hash().equals(zipped.get(m.source()))) {
                throw new PackageException(files.get(m.source()).origin(), "changed while the package was being built; build again");
            }
        }
    }

    /**
     * {@code CsarBuilder OUT.csar LAYER [LAYER...]}: builds one CSAR and prints its path and digest. Failures are
     * thrown (not {@code System.exit}), so the build tool that runs it in its own JVM fails cleanly.
     */
    public static void main(String... args) throws IOException, PackageException {
        if (args.length < 2) throw new IllegalArgumentException("usage: CsarBuilder OUT.csar LAYER [LAYER...]");
        List<Path> layers = Arrays.stream(args, 1, args.length).map(Path::of).toList();
        BuiltCsar csar = build(layers, Path.of(args[0]));
        System.out.println("wrote " + csar.file() + " (" + csar.entries().size() + " entries, sha256 " + csar.sha256() + ")");
    }
}
