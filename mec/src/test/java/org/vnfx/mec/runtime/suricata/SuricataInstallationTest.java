package org.vnfx.mec.runtime.suricata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.mec.runtime.RuntimeUnavailableException;

/** Finding Suricata on the node, and saying how to install it when it is missing or too old. */
class SuricataInstallationTest {
    @TempDir
    Path dir;

    @Test
    void findsTheInstalledSuricata7() throws Exception {
        SuricataInstallation s = SuricataInstallation.find("suricata", "7.0");
        assertTrue(s.version().startsWith("7."), s.version());
    }

    @Test
    void aMissingSuricataIsRefusedWithInstallationInstructions() {
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> SuricataInstallation.find(dir.resolve("no-such-suricata").toString(), "7.0"));
        assertTrue(e.getMessage().contains("not installed"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -t bookworm-backports suricata"), e.getMessage());
    }

    @Test
    void anOlderSuricataIsRefusedNamingBothVersions() throws Exception {
        Path old = dir.resolve("suricata6");
        Files.writeString(old, "#!/bin/sh\necho 'This is Suricata version 6.0.20 RELEASE'\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwx------"));
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class, () -> SuricataInstallation.find(old.toString(), "7.0"));
        assertTrue(e.getMessage().contains("needs Suricata 7.0 or later; this MEC node has 6.0.20"), e.getMessage());
    }

    @Test
    void versionsCompareNumerically() {
        assertEquals(0, SuricataInstallation.compare("7.0", "7.0.0"));
        assertTrue(SuricataInstallation.compare("7.0.10", "7.0.9") > 0);
        assertTrue(SuricataInstallation.compare("6.9", "7.0") < 0);
    }
}
