package org.vnfx.packages;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file of a package: its path inside the package ({@code /}-separated) and where its bytes come from,
 * either a source file or bytes the builder generated (TOSCA.meta, the manifest).
 */
record PackageFile(String path, Path source, byte[] generated) {

    static PackageFile of(String path, Path source) {
        return new PackageFile(path, source, null);
    }

    static PackageFile generated(String path, byte[] bytes) {
        return new PackageFile(path, null, bytes.clone());
    }

    InputStream open() throws IOException {
        return source != null ? Files.newInputStream(source) : new ByteArrayInputStream(generated);
    }

    String sha256() throws IOException {
        return source != null ? Sha256.of(source) : Sha256.of(generated);
    }

    /** Where the bytes come from, for messages. */
    String origin() {
        return source != null ? source.toString() : path + " (generated)";
    }
}
