package org.vnfx.packages;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip whose bytes depend only on its entries' paths and contents: entries in the order given (the
 * caller sorts them), every one deflated at one fixed level, stamped 1980-01-01 00:00:02 (the zip format's
 * first day) as a local DOS time, so that neither the clock nor the time zone reaches the output, no extra
 * fields, no folder entries, no comment.
 *
 * <p>Why 00:00:02 and not midnight: 1980-01-01 00:00:00 is the DOS time value the JDK uses to mean "before 1980";
 * given it, {@link ZipEntry} adds an extended-timestamp extra field computed in the JVM's time zone, and the
 * bytes then depend on where the build runs. Two seconds later is the next value DOS time can express.
 */
final class ReproducibleZip {
    static final LocalDateTime TIME = LocalDateTime.of(1980, 1, 1, 0, 0, 2);
    static final int LEVEL = Deflater.BEST_COMPRESSION;

    private ReproducibleZip() {}

    /** @return each entry's size and SHA-256 as read while writing it */
    static List<CsarEntry> write(OutputStream target, List<PackageFile> files) throws IOException {
        List<CsarEntry> written = new ArrayList<>(files.size());
        ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(target) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller owns the target
            }
        });
        zip.setLevel(LEVEL);
        byte[] buffer = new byte[64 * 1024];
        for (PackageFile f : files) {
            ZipEntry e = new ZipEntry(f.path());
            e.setMethod(ZipEntry.DEFLATED);
            e.setTimeLocal(TIME);
            zip.putNextEntry(e);
            MessageDigest md = Sha256.digest();
            long size = 0;
            try (InputStream in = f.open()) {
                for (int n; (n = in.read(buffer)) > 0; size += n) {
                    md.update(buffer, 0, n);
                    zip.write(buffer, 0, n);
                }
            }
            zip.closeEntry();
            written.add(new CsarEntry(f.path(), size, Sha256.hex(md.digest())));
        }
        zip.close();
        return written;
    }
}
