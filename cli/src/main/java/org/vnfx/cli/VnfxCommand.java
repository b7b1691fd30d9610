package org.vnfx.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vnfx.crypto.Keystore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every leaf command shares: the root's global options, its output streams, the data folder. */
abstract class VnfxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    Vnfx root() {
        return (Vnfx) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Path dataDir() {
        return root().dataDir();
    }

    Keystore keystore() {
        return new Keystore(dataDir().resolve("keystore"));
    }

    /** Connects as the global options say (see {@link ChainSession}). */
    ChainSession connect() throws Exception {
        return ChainSession.open(dataDir(), root().rpcUrl(), root().blockTimeSeconds());
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } finally {
            out().flush();
            err().flush();
        }
    }

    abstract int run() throws Exception;
}
