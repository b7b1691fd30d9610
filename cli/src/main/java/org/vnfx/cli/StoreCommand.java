package org.vnfx.cli;

import java.nio.file.Path;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The content store ("the cloud") that MEC nodes on other hosts fetch packages from. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "The content-addressed artifact store.",
        subcommands = StoreCommand.Serve.class)
final class StoreCommand extends CommandGroup {

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serve DATA_DIR/store over HTTP with the Kubo-compatible subset (POST /api/v0/add, /api/v0/cat, ...)",
                    "until Ctrl-C or SIGTERM. MEC agents and providers use it as they would an IPFS Kubo RPC endpoint."})
    static final class Serve extends VnfxCommand {
        @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "5001", description = "port, 0 for any free one (default: ${DEFAULT-VALUE}, Kubo's)")
        int port;

        @Override
        int run() throws Exception {
            Path folder = dataDir().resolve("store");
            try (Foreground fg = new Foreground();
                    StoreServer server = StoreServer.start(new LocalArtifactStore(folder),
                            StoreServer.Options.defaults().withBindAddress(bind).withPort(port))) {
                out().println("store serving " + folder + " at " + server.uri());
                out().println("Ctrl-C to stop");
                out().flush();
                fg.await();
                return 0;
            }
        }
    }
}
