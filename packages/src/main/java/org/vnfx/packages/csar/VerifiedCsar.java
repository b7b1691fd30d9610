package org.vnfx.packages.csar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vnfx.packages.PackageException;

/**
 * A package that passed {@link CsarVerifier}: what it declares and what was checked. For an option-2 zip, the
 * values are those of the CSAR inside it, {@link #file()} and {@link #sha256()} those of the zip.
 *
 * @param file the verified file
 * @param sha256 its SHA-256, lowercase hexadecimal (vnfx's package digest)
 * @param toscaMeta TOSCA.meta's block 0 by canonical key (ETSI-Entry-Manifest, ...); empty for a CSAR without TOSCA-Metadata
 * @param entryDefinitions the path of the main TOSCA definitions (the VNFD, NSD or PNFD)
 * @param manifest the path of the manifest
 * @param certificate the path of the package's certificate file, or null
 * @param kind VNF, NSD or PNF, from the manifest's metadata
 * @param metadata the manifest's metadata, key to value, in file order
 * @param files every file of the package, in archive order, with its digests
 * @param nonManoArtifactSets the manifest's non-MANO artifact sets: name to paths
 * @param manifestSignature the option-1 signature, or null
 * @param packageSignature the option-2 signature, or null
 * @param innerCsar the CSAR's name inside an option-2 zip, or null
 * @param report every finding (only warnings: it passed)
 */
public record VerifiedCsar(Path file, String sha256, Map<String, String> toscaMeta, String entryDefinitions, String manifest, String certificate,
                           PackageKind kind, Map<String, String> metadata, List<FileDigest> files, Map<String, List<String>> nonManoArtifactSets,
                           SignatureInfo manifestSignature, SignatureInfo packageSignature, String innerCsar, VerificationReport report) {

    public VerifiedCsar {
        toscaMeta = Collections.unmodifiableMap(new LinkedHashMap<>(toscaMeta));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        files = List.copyOf(files);
        Map<String, List<String>> sets = new LinkedHashMap<>();
        nonManoArtifactSets.forEach((k, v) -> sets.put(k, List.copyOf(v)));
        nonManoArtifactSets = Collections.unmodifiableMap(sets);
    }

    /** True for a CSAR with a TOSCA-Metadata directory. */
    public boolean hasToscaMetadata() {
        return !toscaMeta.isEmpty();
    }

    /** The signatures that verified: option 2's (outer) first, then option 1's. */
    public List<SignatureInfo> signatures() {
        List<SignatureInfo> s = new ArrayList<>();
        if (packageSignature != null) s.add(packageSignature);
        if (manifestSignature != null) s.add(manifestSignature);
        return List.copyOf(s);
    }

    /**
     * One file of the package (inside the inner CSAR for option 2), read again through the same safe zip reader.
     *
     * @param maxBytes refuse a file larger than this (the caller's bound on what it holds in memory)
     */
    public byte[] read(String path, int maxBytes) throws IOException, PackageException {
        if (innerCsar == null) return read(file, path, maxBytes);
        Path inner = Files.createTempFile("vnfx-inner-", ".csar");
        try {
            Files.write(inner, read(file, innerCsar, Integer.MAX_VALUE - 8));
            return read(inner, path, maxBytes);
        } finally {
            Files.deleteIfExists(inner);
        }
    }

    private static byte[] read(Path zip, String path, int maxBytes) throws IOException, PackageException {
        try (ZipArchive a = ZipArchive.open(zip, zip.getFileName().toString(), ZipLimits.DEFAULT)) {
            for (ZipArchive.Entry e : a.entries()) {
                if (e.name().equals(path)) return a.read(e, maxBytes);
            }
        }
        throw new IOException(path + " is not in " + zip.getFileName());
    }
}
