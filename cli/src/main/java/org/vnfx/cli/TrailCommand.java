package org.vnfx.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.vnfx.ledger.trail.Trail;
import org.vnfx.ledger.trail.TrailEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The append-only trail of every marketplace action, from the chain alone. */
@Command(name = "trail", mixinStandardHelpOptions = true,
        description = {"List every marketplace action the chain recorded (every event of the suite's contracts, decoded), optionally",
                "only those that mention a package, an account or a deployment, and within a time window."})
final class TrailCommand extends VnfxCommand {
    @Option(names = "--about", paramLabel = "DIGEST|ACCOUNT|ID", description = "a package digest, an account or a deployment id")
    String about;

    @Option(names = "--since", paramLabel = "TIME", description = "RFC 3339, e.g. 2026-12-03T10:00:00Z") String since;
    @Option(names = "--until", paramLabel = "TIME", description = "RFC 3339") String until;

    @Override
    int run() throws Exception {
        Trail.Query q = new Trail.Query(about, time("--since", since), time("--until", until));
        try (ChainSession s = connect()) {
            int n = 0;
            for (TrailEvent e : new Trail(s.chain(), s.suite()).query(q)) {
                out().println(e.describe());
                n++;
            }
            out().println(n + " event(s)");
            return 0;
        }
    }

    private static Instant time(String option, String text) {
        if (text == null) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an RFC 3339 time such as 2026-12-03T10:00:00Z, got " + text);
        }
    }
}
