package org.vnfx.packages.csar.rules;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.vnfx.packages.PackageException;
import org.vnfx.packages.csar.Pem;

/** Reads a package's certificate file for a signature rule. */
final class Certificates {
    private Certificates() {}

    /** The certificates of {@code path} (none when it is null), or null after reporting why they cannot be read. */
    static List<X509Certificate> read(CsarContext ctx, String rule, String path) throws IOException {
        if (path == null) return List.of();
        byte[] bytes = ctx.read(rule, path);
        if (bytes == null) return null;
        try {
            return Pem.certificates(bytes, ctx.name(path));
        } catch (PackageException e) {
            ctx.error(rule, path, 0, e.problem());
            return null;
        }
    }
}
