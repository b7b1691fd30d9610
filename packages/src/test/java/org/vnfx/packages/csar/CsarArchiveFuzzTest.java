package org.vnfx.packages.csar;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any bytes as a package file: the zip layer (central directory, local headers, entry paths and types, sizes and
 * ratios, inflation), the option-2 envelope and, past them, every package rule. Seeds: the sol004 fixtures zipped,
 * and a package built and signed both ways ({@link FuzzSeeds}).
 */
class CsarArchiveFuzzTest {
    @TempDir
    Path dir;

    @FuzzTest
    void anyArchiveIsVerifiedOrRefusedWithAClearError(byte[] archive) throws Exception {
        HostilePackage.verify(archive, dir);
    }
}
