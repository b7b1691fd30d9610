package org.vnfx.packages.csar;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any bytes as the manifest ({@code vnfd.mf}) of the sol004 {@code vnf} fixture: its grammar, metadata keys,
 * algorithms and digests, the file list, non-MANO artifact sets and an option-1 CMS block (BouncyCastle parsing
 * whatever DER the block decodes to). Seeds: every manifest of the fixtures and of a built package, signed and not.
 */
class ManifestFuzzTest {
    static final Map<String, byte[]> VNF = ToscaMetaFuzzTest.fixture("vnf");

    @TempDir
    Path dir;

    @FuzzTest
    void anyManifestIsReadOrRefusedWithAClearError(byte[] manifest) throws Exception {
        HostilePackage.verify(HostilePackage.withRaw(VNF, "vnfd.mf", manifest), dir);
    }
}
