package org.vnfx.packages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSProcessableFile;
import org.vnfx.packages.csar.CmsSignatures;
import org.vnfx.packages.csar.Pem;
import org.vnfx.packages.csar.SigningKey;

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
 *
 * <p>Optionally signed ({@link CsarSigning}): security option 1 adds the signer's certificates as
 * {@value #CERTIFICATE} (listed in the manifest, named by TOSCA.meta) and ends the manifest with a CMS signature of
 * the manifest's bytes before it; option 2 zips the CSAR with its detached CMS signature and certificates. Without
 * a signing time the signed package is as reproducible as an unsigned one.
 */
public final class CsarBuilder {
    public static final String VNFD = "Definitions/vnfd.yaml";
    public static final String MANIFEST = "vnfd.mf";
    public static final String CHANGE_LOG = "ChangeLog.txt";
    /** The signer's certificate chain of an option-1 package (PEM), named by TOSCA.meta's ETSI-Entry-Certificate. */
    public static final String CERTIFICATE = "vnfd.cert";

    private CsarBuilder() {}

    /** Builds the CSAR of {@code layers} (applied in order) at {@code outCsar}, unsigned. */
    public static BuiltCsar build(List<Path> layers, Path outCsar) throws IOException, PackageException {
        return build(layers, outCsar, null);
    }

    /**
     * Builds the package of {@code layers} at {@code out}: a CSAR, signed with option 1 when {@code signing} says
     * so, or (option 2) a zip holding the CSAR as {@code NAME.csar}, its detached CMS signature {@code NAME.cms}
     * and the signer's certificates {@code NAME.cert}, NAME being {@code out}'s file name without its extension.
     *
     * @param signing how to sign, or null for an unsigned CSAR
     */
    public static BuiltCsar build(List<Path> layers, Path out, CsarSigning signing) throws IOException, PackageException {
        if (signing == null) return csar(layers, out, null, null);
        if (signing.option() == CsarSigning.Option.MANIFEST) return csar(layers, out, signing.key(), signing.signingTime());
        return envelope(layers, out, signing);
    }

    private static BuiltCsar csar(List<Path> layers, Path outCsar, SigningKey key, Instant signingTime) throws IOException, PackageException {
        PackageSource source = PackageSource.of(layers);
        for (String generated : key == null ? List.of(ToscaMeta.PATH, MANIFEST) : List.of(ToscaMeta.PATH, MANIFEST, CERTIFICATE)) {
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
        if (key != null) files.put(CERTIFICATE, PackageFile.generated(CERTIFICATE, Pem.certificates(key.chain()).getBytes(StandardCharsets.US_ASCII)));
        ToscaMeta meta = new ToscaMeta(VNFD, MANIFEST, files.containsKey(CHANGE_LOG) ? CHANGE_LOG : null, key == null ? null : CERTIFICATE);
        files.put(ToscaMeta.PATH, PackageFile.generated(ToscaMeta.PATH, meta.render().getBytes(StandardCharsets.UTF_8)));

        List<ManifestEntry> digests = new ArrayList<>(files.size());
        for (PackageFile f : files.values()) digests.add(new ManifestEntry(f.path(), Sha256.ALGORITHM, f.sha256()));
        Manifest manifest = new Manifest(ManifestMetadata.of(vnfd), digests);
        byte[] mf = manifest.render().getBytes(StandardCharsets.UTF_8);
        if (key != null) {
            // Option 1: the manifest, a blank line, then the CMS block; the signature covers every byte before the block.
            byte[] signed = (manifest.render() + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] cms = Pem.block("CMS", CmsSignatures.sign(new CMSProcessableByteArray(signed), key, signingTime)).getBytes(StandardCharsets.US_ASCII);
            mf = new byte[signed.length + cms.length];
            System.arraycopy(signed, 0, mf, 0, signed.length);
            System.arraycopy(cms, 0, mf, signed.length, cms.length);
        }
        files.put(MANIFEST, PackageFile.generated(MANIFEST, mf));

        MessageDigest whole = Sha256.digest();
        List<CsarEntry> entries = AtomicFile.write(outCsar, out -> {
            List<CsarEntry> written = ReproducibleZip.write(new DigestOutputStream(out, whole), List.copyOf(files.values()));
            requireUnchanged(manifest, written, files);
            return written;
        });
        return new BuiltCsar(outCsar, Sha256.hex(whole.digest()), manifest, entries);
    }

    /** Option 2: the unsigned CSAR, built into a temporary file beside {@code out}, signed and zipped with its signature. */
    private static BuiltCsar envelope(List<Path> layers, Path out, CsarSigning signing) throws IOException, PackageException {
        String fileName = out.getFileName().toString();
        String base = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        if (base.isEmpty()) throw new IllegalArgumentException("the package needs a file name, got " + out);
        Path folder = out.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path innerFile = Files.createTempFile(folder, "." + fileName + ".", ".inner");
        try {
            BuiltCsar inner = csar(layers, innerFile, null, null);
            byte[] cms = CmsSignatures.sign(new CMSProcessableFile(innerFile.toFile()), signing.key(), signing.signingTime());
            List<PackageFile> files = List.of(
                    PackageFile.generated(base + ".cert", Pem.certificates(signing.key().chain()).getBytes(StandardCharsets.US_ASCII)),
                    PackageFile.generated(base + ".cms", Pem.block("CMS", cms).getBytes(StandardCharsets.US_ASCII)),
                    PackageFile.of(base + ".csar", innerFile));
            MessageDigest whole = Sha256.digest();
            List<CsarEntry> entries = AtomicFile.write(out, o -> {
                List<CsarEntry> written = ReproducibleZip.write(new DigestOutputStream(o, whole), files);
                if (!written.get(2).sha256().equals(inner.sha256())) {
                    throw new PackageException(innerFile.toString(), "changed while the package was being built; build again");
                }
                return written;
            });
            BuiltCsar named = new BuiltCsar(Path.of(base + ".csar"), inner.sha256(), inner.manifest(), inner.entries());
            return new BuiltCsar(out, Sha256.hex(whole.digest()), inner.manifest(), entries, named);
        } finally {
            Files.deleteIfExists(innerFile);
        }
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
