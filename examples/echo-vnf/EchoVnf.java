import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exemplar VNF of the process runtime: an HTTP service on VNF_PORT that answers every request
 * with what it is and how often it served. At start it copies the error counts in faults.json (if the
 * package has one) into VNF_TELEMETRY: a deliberately degraded variant of a package reports errors,
 * so that reputation has something to tell apart. Suricata is the real exemplar (issue 4).
 */
public class EchoVnf {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("VNF_PORT"));
        String function = System.getenv().getOrDefault("VNF_FUNCTION", "echo");
        String deployment = System.getenv().getOrDefault("VNF_DEPLOYMENT", "?");
        Path faults = Path.of("faults.json");
        String telemetry = System.getenv("VNF_TELEMETRY");
        if (telemetry != null) {
            Files.writeString(Path.of(telemetry), Files.exists(faults) ? Files.readString(faults) : "{\"errorCounts\":[0,0,0,0,0,0,0,0]}");
        }
        AtomicLong served = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", ex -> {
            byte[] body = ("{\"function\":\"" + function + "\",\"deployment\":\"" + deployment + "\",\"served\":" + served.incrementAndGet() + "}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("echo VNF '" + function + "' (deployment " + deployment + ") serving on 127.0.0.1:" + port);
    }
}
