package org.vnfx.packages.csar;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any bytes as TOSCA.meta, inside the sol004 {@code vnf} fixture with the manifest's digest of it updated, so that
 * the fuzzer is past the zip layer and the digest check: TOSCA.meta's keys and the entries they name, then the
 * manifest and the files those entries point the verifier at. Seeds: every TOSCA.meta of the fixtures and of a
 * built package.
 */
class ToscaMetaFuzzTest {
    static final String META = "TOSCA-Metadata/TOSCA.meta";
    static final Map<String, byte[]> VNF = fixture("vnf");

    @TempDir
    Path dir;

    @FuzzTest
    void anyToscaMetaIsReadOrRefusedWithAClearError(byte[] toscaMeta) throws Exception {
        HostilePackage.verify(HostilePackage.with(VNF, "vnfd.mf", META, toscaMeta), dir);
    }

    static Map<String, byte[]> fixture(String name) {
        try {
            return Fixtures.files(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
