package org.vnfx.mec.runtime.suricata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture committed in the IDS exemplar package is exactly what {@link SampleCapture} writes today. */
class SampleCaptureTest {
    static final String SAMPLE = "examples/suricata-ids/package/Files/traffic/sample.pcap";

    @TempDir
    Path dir;

    static Path committed() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(SAMPLE))) return p.resolve(SAMPLE);
        }
        throw new IllegalStateException(SAMPLE + " not found");
    }

    @Test
    void theCommittedSampleCaptureIsReproducedByteForByte() throws Exception {
        Path committed = committed();
        Pcap pcap = SampleCapture.build();
        assertEquals(SampleCapture.PACKETS, pcap.packets());
        Path fresh = pcap.write(dir.resolve("sample.pcap"));
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(committed),
                "regenerate it: java -cp mec/target/classes:mec/target/test-classes org.vnfx.mec.runtime.suricata.SampleCapture " + committed);
    }
}
