package org.vnfx.mec.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/** A verified package (a zip: a CSAR) as the runtimes see it: what is in it, and unpacking it safely. */
public final class PackageArchive {
    public static final int MAX_ENTRIES = 10_000;
    public static final long MAX_UNPACKED_BYTES = 8L << 30;

    private PackageArchive() {}

    /** True when the archive has an entry named {@code name}. */
    public static boolean contains(Path zip, String name) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.getEntry(name) != null;
        }
    }

    /** The bytes of entry {@code name}, if present (runtime descriptors are small). */
    public static Optional<byte[]> read(Path zip, String name) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry(name);
            if (e == null) return Optional.empty();
            try (InputStream in = z.getInputStream(e)) {
                return Optional.of(in.readNBytes(1 << 20));
            }
        }
    }

    /** Unpacks a zip refusing absolute paths, '..', links and archives beyond the entry and size limits. */
    public static void unpack(Path zip, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path root = dir.toRealPath();
        int entries = 0;
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (++entries > MAX_ENTRIES) throw new IOException("more than " + MAX_ENTRIES + " entries");
                String name = e.getName();
                Path target = root.resolve(name).normalize();
                if (name.startsWith("/") || name.contains("\\") || !target.startsWith(root) || target.equals(root)) {
                    throw new IOException("entry '" + name + "' would land outside the instance folder");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (var out = Files.newOutputStream(target)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        total += n;
                        if (total > MAX_UNPACKED_BYTES) throw new IOException("unpacks to more than " + MAX_UNPACKED_BYTES + " bytes");
                        out.write(buf, 0, n);
                    }
                }
                if (name.startsWith("bin/") || name.endsWith(".sh")) target.toFile().setExecutable(true, true);
            }
        }
    }
}
