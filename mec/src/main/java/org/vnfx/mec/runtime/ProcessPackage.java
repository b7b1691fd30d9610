package org.vnfx.mec.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a process-runtime package (a zip) from a folder, reproducibly: entries sorted, fixed
 * timestamps, so the same folder always gives the same bytes and the same package digest.
 * (SOL004 CSAR building with manifests and signatures is the packages component's job.)
 */
public final class ProcessPackage {
    /**
     * A fixed local time, so the bytes do not depend on the builder's time zone. Not 1980-01-01 00:00:00:
     * the JDK treats that as "before 1980" and adds an extra field computed in the local zone.
     */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0, 2);

    private ProcessPackage() {}

    public static Path build(Path folder, Path zip) throws IOException {
        if (!Files.exists(folder.resolve(ProcessRuntime.DESCRIPTOR))) {
            throw new IllegalArgumentException(folder + " has no " + ProcessRuntime.DESCRIPTOR);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw)) {
            for (Path f : files) {
                ZipEntry e = new ZipEntry(folder.relativize(f).toString().replace('\\', '/'));
                e.setTimeLocal(ENTRY_TIME);
                out.putNextEntry(e);
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return zip;
    }
}
