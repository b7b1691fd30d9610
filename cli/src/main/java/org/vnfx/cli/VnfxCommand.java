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

    /** A package digest as users give it (0x + 64 hex digits), checked before anything is signed. */
    static byte[] packageDigest(String hex) {
        byte[] d = org.web3j.utils.Numeric.hexStringToByteArray(hex);
        if (d.length != 32) throw new IllegalArgumentException("DIGEST must be 32 bytes (0x + 64 hex digits), got " + d.length + " bytes");
        return d;
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
