package org.vnfx.cli;

import java.nio.file.Path;
import java.util.List;
import org.vnfx.crypto.Keystore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Password-protected identities in DATA_DIR/keystore: a signing account and an encryption key each. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create and list identities (account key + encryption key) in DATA_DIR/keystore.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class})
final class KeysCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an identity NAME: an Ethereum account that signs and a secp256k1 key that receives key envelopes.")
    static final class Create extends VnfxCommand {
        @Parameters(paramLabel = "NAME", description = "lower-case letters, digits, '.', '_' or '-'")
        String name;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "file holding the new password (default: $VNFX_PASSWORD, else asked twice at the terminal)")
        Path passwordFile;

        @Option(names = "--light-kdf", description = "cheap scrypt parameters: for throwaway keys (tests, demos) only")
        boolean light;

        @Override
        int run() throws Exception {
            Keystore ks = keystore();
            if (ks.exists(name)) throw new IllegalStateException("identity '" + name + "' already exists in " + ks.folder());
            String password = Passwords.read(passwordFile, "new identity '" + name + "'", true);
            Keystore.Entry e = ks.create(name, password, light ? Keystore.KdfStrength.LIGHT : Keystore.KdfStrength.STANDARD);
            out().println("created identity '" + e.name() + "' in " + ks.folder());
            out().println("  address         " + e.address());
            out().println("  encryption key  " + e.encryptionKey().hex());
            if (light) out().println("  (light KDF: do not use this key for anything of value)");
            out().println("next: `vnfx identity register --key " + e.name() + " --role ROLE` (or `vnfx deploy --key " + e.name() + "` for the operator)");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the identities in the keystore (no password needed).")
    static final class ListKeys extends VnfxCommand {
        @Override
        int run() throws Exception {
            Keystore ks = keystore();
            List<Keystore.Entry> entries = ks.list();
            if (entries.isEmpty()) {
                out().println("no identities in " + ks.folder() + " (create one: `vnfx keys create NAME`)");
                return 0;
            }
            Fmt.Table t = new Fmt.Table("NAME", "ADDRESS", "ENCRYPTION KEY");
            for (Keystore.Entry e : entries) t.row(e.name(), e.address(), e.encryptionKey().hex());
            t.print(out(), "");
            return 0;
        }
    }
}
