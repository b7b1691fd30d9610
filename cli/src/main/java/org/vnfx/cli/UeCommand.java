package org.vnfx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.vnfx.ledger.suite.FunctionType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** User equipment: asks a MEC node for a service over HTTP (no chain, no keys). */
@Command(name = "ue", mixinStandardHelpOptions = true, description = "Act as user equipment (UE) towards a MEC node.",
        subcommands = UeCommand.Request.class)
final class UeCommand extends CommandGroup {

    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "Ask the MEC node at --mec for FUNCTION; print where it is served, whether it was a cold start, and how long it took.")
    static final class Request extends VnfxCommand {
        @Option(names = "--mec", required = true, paramLabel = "URL", description = "the MEC agent's UE endpoint, e.g. http://127.0.0.1:8700")
        URI mec;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120", description = "how long to wait for the answer (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Parameters(paramLabel = "FUNCTION", description = "the VNF function type, e.g. ids")
        String function;

        @Override
        int run() throws Exception {
            FunctionType.toBytes32(function);
            long t0 = System.nanoTime();
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(mec.resolve("/services")).timeout(Duration.ofSeconds(timeoutSeconds))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().createObjectNode().put("function", function).toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            JsonNode n = new ObjectMapper().readTree(r.body());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(mec + " answered " + r.statusCode() + " " + n.path("title").asText() + ": " + n.path("detail").asText());
            }
            out().println(function + " served at " + n.path("endpoint").asText() + " (deployment " + n.path("deploymentId").asText() + ", "
                    + (n.path("coldStart").asBoolean() ? "cold start" : "warm") + ") in " + ms + " ms");
            JsonNode t = n.path("timings");
            if (n.path("coldStart").asBoolean()) {
                out().println("  chain " + t.path("chainMillis").asLong() + " ms, transfer " + t.path("transferMillis").asLong()
                        + " ms, decrypt+verify " + t.path("decryptVerifyMillis").asLong() + " ms, start " + t.path("startMillis").asLong() + " ms");
            }
            return 0;
        }
    }
}
