package org.vnfx.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vnfx.crypto.Keystore;
import picocli.CommandLine.Option;

/** {@code --key NAME [--password-file FILE]}: the keystore identity that signs a command's transactions. */
final class KeyOption {
    @Option(names = "--key", required = true, paramLabel = "NAME", description = "identity in DATA_DIR/keystore that signs (see `vnfx keys list`)")
    String name;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file holding the key's password (default: $VNFX_PASSWORD, else asked at the terminal)")
    Path passwordFile;

    /** Checks that the identity exists before asking for its password. */
    Keystore.Unlocked unlock(Keystore keystore) throws IOException {
        keystore.entry(name);
        return keystore.unlock(name, Passwords.read(passwordFile, "identity '" + name + "'", false));
    }
}
