package org.vnfx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.vnfx.ledger.economics.ErrorType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What a running MEC agent serves: per VNF, its error counts (which will reach the chain) and its observations (which will not). */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the VNFs a running MEC agent serves: endpoint, error counts so far (reported at uninstall, they move",
                "reputation) and what each VNF observed, such as an IDS's alerts (service, never counted against it)."})
final class MecStatusCommand extends VnfxCommand {
    @Option(names = "--mec", required = true, paramLabel = "URL", description = "the MEC agent's UE endpoint, e.g. http://127.0.0.1:8700")
    URI mec;

    @Override
    int run() throws Exception {
        JsonNode services = DemoCommand.ue(mec, "GET", "/services", null);
        if (services.isEmpty()) {
            out().println("no VNF runs on " + mec);
            return 0;
        }
        for (JsonNode s : services) {
            out().println(s.path("function").asText() + "  deployment " + s.path("deploymentId").asText() + "  " + s.path("endpoint").asText()
                    + (s.path("alive").asBoolean() ? "" : "  (exited)"));
            long[] counts = new long[ErrorType.values().length];
            for (int i = 0; i < counts.length; i++) counts[i] = s.path("errorCounts").path(i).asLong();
            out().println("  errors       " + Fmt.errorCounts(counts));
            if (s.path("observations").isEmpty()) {
                out().println("  observations none");
                continue;
            }
            Fmt.Table t = new Fmt.Table("COUNT", "OBSERVATION");
            for (JsonNode o : s.path("observations")) t.row(Long.toString(o.path("count").asLong()), o.path("what").asText());
            t.print(out(), "  ");
        }
        return 0;
    }
}
