package org.vnfx.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code vnfx}: the one entry point. Global options are inherited by every subcommand, so they may be
 * given before or after the subcommand's name; their values always land here, on the root command.
 */
@Command(
        name = "vnfx",
        mixinStandardHelpOptions = true,
        versionProvider = Vnfx.Version.class,
        description = "Trusted supply of Virtual Network Functions to the 5G edge, recorded and enforced on an Ethereum ledger.",
        footer = {"", "Exit codes: 0 success, 1 bad input or refused by the contracts (nothing changed on chain), 2 chain or I/O failure."},
        subcommands = {
            NodeCommand.class,
            KeysCommand.class,
            DeployCommand.class,
            IdentityCommand.class,
            StatusCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            OfferCommand.class,
            PolicyCommand.class,
            VerifyCommand.class,
            TrailCommand.class,
            PackageCommand.class,
            CatalogueCommand.class,
            PaymentsCommand.class,
            LicenceCommand.class,
            NsCommand.class,
            ReputationCommand.class,
            OrchestratorCommand.class,
            ValidatorCommand.class,
            AttestCommand.class,
            MecCommand.class,
            PortalCommand.class,
            StoreCommand.class,
            UeCommand.class,
        })
public final class Vnfx implements Runnable {
    public static final int EXIT_INPUT = 1;
    public static final int EXIT_CHAIN = 2;

    @Spec
    CommandSpec spec;

    private Path dataDir;
    private URI rpcUrl;
    private int blockTimeSeconds;
    private boolean verbose;

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "vnfx data folder: keystore, deployment records, embedded chain (default: $VNFX_DATA_DIR, else ~/.vnfx)")
    void dataDir(Path dir) {
        this.dataDir = dir;
    }

    @Option(names = "--rpc-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Ethereum JSON-RPC node to use (default: $VNFX_RPC_URL, else the embedded node: the one `vnfx node start` runs on the data folder, or one started for the command)")
    void rpcUrl(String url) {
        try {
            this.rpcUrl = parseUrl(url);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rpc-url: " + e.getMessage());
        }
    }

    @Option(names = "--block-time", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "block period of an embedded node this command starts (default: 0, mine each transaction at once)")
    void blockTime(int seconds) {
        if (seconds < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--block-time must be >= 0, got " + seconds);
        this.blockTimeSeconds = seconds;
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "print stack traces of errors")
    void verbose(boolean v) {
        this.verbose = v;
    }

    public Path dataDir() {
        if (dataDir != null) return dataDir.toAbsolutePath();
        String env = System.getenv("VNFX_DATA_DIR");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath();
        return Path.of(System.getProperty("user.home"), ".vnfx");
    }

    /** The node the user named, or null for the embedded default. */
    public URI rpcUrl() {
        if (rpcUrl != null) return rpcUrl;
        String env = System.getenv("VNFX_RPC_URL");
        return env == null || env.isBlank() ? null : parseUrl(env);
    }

    public int blockTimeSeconds() {
        return blockTimeSeconds;
    }

    public boolean verbose() {
        return verbose;
    }

    private static URI parseUrl(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "' is not an http(s) JSON-RPC URL such as http://127.0.0.1:8545");
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: output to {@code out}/{@code err}, errors as one line and an exit code. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Vnfx());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Errors::onParameterError);
        cl.setExecutionExceptionHandler(Errors::onExecutionError);
        return cl;
    }

    /** Runs one command line in this process: what the tests call. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        try {
            return commandLine(out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(out, err, args);
        System.exit(code);
    }

    /** Version from the jar manifest (or "development" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Vnfx.class.getPackage().getImplementationVersion();
            return new String[] {"vnfx " + (v == null ? "0.1.0-SNAPSHOT" : v), "solc " + org.vnfx.ledger.suite.SuiteDeployer.compilerVersion()};
        }
    }
}
