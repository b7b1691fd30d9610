package org.vnfx.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.node.ChainNode;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * The chain one command talks to, chosen by one rule:
 * <ol>
 *   <li>{@code --rpc-url} (or {@code VNFX_RPC_URL}) given: that node, as a remote one (no dev faucet);
 *   <li>else a node {@code vnfx node start} runs on the data folder: attach to it (embedded, faucet available);
 *   <li>else start the embedded anvil on the data folder for the command's duration; it stops at
 *       {@link #close()} and its state persists in {@code DATA_DIR/chain}.
 * </ol>
 */
final class ChainSession implements AutoCloseable {
    enum Kind { REMOTE, ATTACHED, STARTED }

    private final Chain chain;
    private final Path dataDir;
    private final Kind kind;

    private ChainSession(Chain chain, Path dataDir, Kind kind) {
        this.chain = chain;
        this.dataDir = dataDir;
        this.kind = kind;
    }

    static ChainSession open(Path dataDir, URI rpcUrl, int blockTimeSeconds) throws IOException {
        if (rpcUrl != null) {
            return new ChainSession(connect(ChainNode.remote(rpcUrl, false)), dataDir, Kind.REMOTE);
        }
        Optional<AnvilNode.Published> running = AnvilNode.running(dataDir);
        if (running.isPresent()) {
            return new ChainSession(connect(ChainNode.remote(running.get().rpcUrl(), true)), dataDir, Kind.ATTACHED);
        }
        return new ChainSession(Chain.connect(AnvilNode.start(AnvilNode.Options.persistent(dataDir, blockTimeSeconds))), dataDir, Kind.STARTED);
    }

    private static Chain connect(ChainNode node) throws IOException {
        try {
            return Chain.connect(node);
        } catch (IOException e) {
            throw new IOException("no node at " + node.rpcUrl() + " (" + Errors.firstLine(e.getCause() == null ? e.getMessage() : Errors.message(e.getCause())) + ")", e);
        }
    }

    Chain chain() {
        return chain;
    }

    Path dataDir() {
        return dataDir;
    }

    Kind kind() {
        return kind;
    }

    boolean embedded() {
        return chain.node().embedded();
    }

    /** One line: which node, and how this command reached it. */
    String describe() {
        String how = switch (kind) {
            case REMOTE -> "remote node";
            case ATTACHED -> "embedded node of `vnfx node start`";
            case STARTED -> "embedded node, started for this command";
        };
        return chain.node().rpcUrl() + " (" + how + ", chain id " + chain.chainId() + ")";
    }

    /** The suite recorded for this chain in the data folder, if it is still on the chain. */
    Optional<DeploymentRecord> liveSuite() throws IOException {
        Optional<DeploymentRecord> rec = DeploymentRecord.read(DeploymentRecord.file(dataDir, chain.chainId()));
        if (rec.isPresent() && SuiteDeployer.isLive(chain, rec.get())) return rec;
        return Optional.empty();
    }

    DeploymentRecord suite() throws IOException {
        Path file = DeploymentRecord.file(dataDir, chain.chainId());
        Optional<DeploymentRecord> recorded = DeploymentRecord.read(file);
        if (recorded.isPresent() && !SuiteDeployer.contractsDigest().equals(recorded.get().contracts())) {
            throw new IllegalStateException("the suite recorded in " + file + " was built from other contract code than this vnfx's (contracts "
                    + recorded.get().contracts() + ", this vnfx " + SuiteDeployer.contractsDigest() + "): deploy this version's suite with"
                    + " `vnfx deploy --key OPERATOR`");
        }
        if (recorded.isPresent() && SuiteDeployer.isLive(chain, recorded.get())) return recorded.get();
        throw new IllegalStateException("no vnfx suite deployed on chain " + chain.chainId() + " at "
                + chain.node().rpcUrl() + " (recorded in " + file + "): run `vnfx deploy --key OPERATOR` first");
    }

    Market market(Credentials who) throws IOException {
        return new Market(chain, suite(), who);
    }

    org.vnfx.ledger.Licensing licensing(Credentials who) throws IOException {
        return new org.vnfx.ledger.Licensing(chain, suite(), who);
    }

    org.vnfx.ledger.policy.UsagePolicies policies(Credentials who) throws IOException {
        return new org.vnfx.ledger.policy.UsagePolicies(chain, suite(), who);
    }

    /** For read-only calls: a throwaway account that never signs anything. */
    static Credentials nobody() throws Exception {
        return Credentials.create(Keys.createEcKeyPair());
    }

    Market reader() throws Exception {
        return market(nobody());
    }

    /** On the embedded node, tops the account up from the dev faucet; elsewhere the account must already hold ether. */
    boolean fundIfEmbedded(String address, long minimumEther) throws IOException {
        if (!embedded()) return false;
        BigInteger before = chain.balance(address);
        chain.fundFromDevFaucet(address, BigInteger.valueOf(minimumEther));
        return chain.balance(address).compareTo(before) > 0;
    }

    @Override
    public void close() {
        chain.close();
    }
}
