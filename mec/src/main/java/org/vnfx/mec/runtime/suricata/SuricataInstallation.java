package org.vnfx.mec.runtime.suricata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vnfx.mec.runtime.RuntimeUnavailableException;

/** The Suricata this MEC node has: where, and which version. */
public record SuricataInstallation(String executable, String version) {
    /** How to get Suricata 7 on the platforms vnfx supports; said whenever it is missing or too old. */
    public static final String HOW_TO_INSTALL = "Install Suricata 7: on Debian 12, add bookworm-backports "
            + "(echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/bookworm-backports.list), "
            + "then `apt-get update && apt-get install -t bookworm-backports suricata` (scripts/install-suricata.sh in the vnfx "
            + "sources does exactly this); on Ubuntu, `add-apt-repository ppa:oisf/suricata-stable && apt-get install suricata`. "
            + "Or pass the path of a Suricata 7 binary to the MEC agent (--suricata PATH).";
    private static final Pattern VERSION = Pattern.compile("Suricata version (\\d+\\.\\d+(?:\\.\\d+)?)");

    /** Runs {@code executable -V}; fails with installation instructions when it is absent or older than {@code minimumVersion}. */
    public static SuricataInstallation find(String executable, String minimumVersion) throws RuntimeUnavailableException {
        String out;
        try {
            Process p = new ProcessBuilder(List.of(executable, "-V")).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RuntimeUnavailableException("'" + executable + " -V' did not answer within 30 s. " + HOW_TO_INSTALL);
            }
        } catch (IOException e) {
            throw new RuntimeUnavailableException("Suricata is not installed on this MEC node (cannot run '" + executable + "': "
                    + e.getMessage() + "). " + HOW_TO_INSTALL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while asking " + executable + " for its version");
        }
        Matcher m = VERSION.matcher(out);
        if (!m.find()) {
            throw new RuntimeUnavailableException("'" + executable + " -V' does not say which Suricata version it is: " + out.strip() + ". " + HOW_TO_INSTALL);
        }
        String version = m.group(1);
        if (compare(version, minimumVersion) < 0) {
            throw new RuntimeUnavailableException("the package needs Suricata " + minimumVersion + " or later; this MEC node has "
                    + version + " (" + executable + "). " + HOW_TO_INSTALL);
        }
        return new SuricataInstallation(executable, version);
    }

    /** Compares dotted versions numerically; missing parts count as 0. */
    static int compare(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) return c;
        }
        return 0;
    }
}
