package org.vnfx.cli;

import java.math.BigInteger;
import org.vnfx.crypto.Keystore;
import org.vnfx.ledger.Licensing;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Network-service instances under a licence: each takes a slot of the customer's licence until terminated. */
@Command(name = "ns", mixinStandardHelpOptions = true, description = "Start and end network-service instances under the customer's licence.",
        subcommands = {NsCommand.Instantiate.class, NsCommand.Terminate.class})
final class NsCommand extends CommandGroup {

    @Command(name = "instantiate", mixinStandardHelpOptions = true,
            description = {"Start an instance of DIGEST (customer). The licence used: a bought private licence, else the public one,",
                    "else the trial (activated by the first instantiation). Refused when the trial expired, no licence applies,",
                    "or the licence's slots are all in use."})
    static final class Instantiate extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(paramLabel = "DIGEST", description = "the package digest (0x + 64 hex digits)")
        String digest;

        @Override
        int run() throws Exception {
            byte[] d = packageDigest(digest);
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                TransactionReceipt r = s.licensing(who.account()).instantiate(d);
                Licensing.Instance i = Licensing.instanceOf(r);
                var trial = org.vnfx.contracts.Licences.getTrialActivatedEvents(r);
                out().println("instance " + i.hex() + " of " + digest + " (" + i.kind().name().toLowerCase() + " licence)");
                if (!trial.isEmpty()) out().println("  trial activated until " + Fmt.time(trial.get(0).expiry));
                out().println("  tx " + r.getTransactionHash() + ", " + Fmt.gas(r.getGasUsed().longValueExact()) + " gas");
                return 0;
            }
        }
    }

    @Command(name = "terminate", mixinStandardHelpOptions = true, description = "End the customer's instance ID and free its slot.")
    static final class Terminate extends VnfxCommand {
        @Mixin
        KeyOption key;

        @Parameters(paramLabel = "ID", description = "the instance id `vnfx ns instantiate` printed (0x + hex, or decimal)")
        String id;

        @Override
        int run() throws Exception {
            BigInteger instanceId = id.startsWith("0x") ? Numeric.toBigInt(id) : new BigInteger(id);
            Keystore.Unlocked who = key.unlock(keystore());
            try (ChainSession s = connect()) {
                TransactionReceipt r = s.licensing(who.account()).terminate(instanceId);
                out().println("terminated instance " + Licensing.Instance.of(instanceId).hex());
                out().println("  tx " + r.getTransactionHash() + ", " + Fmt.gas(r.getGasUsed().longValueExact()) + " gas");
                return 0;
            }
        }
    }
}
