package org.vnfx.ledger;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.vnfx.contracts.Orchestration;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.PublicKeys;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.node.ChainNode;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/** A real anvil with the suite deployed and funded actors on demand: the ground of the scenario tests. */
public final class TestMarket implements AutoCloseable {
    public static final BigInteger ETHER = BigInteger.TEN.pow(18);
    /** A stand-in ECIES key envelope: grant only checks that it is 1..512 bytes. */
    public static final byte[] ENVELOPE = {0x04, 0x01, 0x02, 0x03};
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger FUNCTION_COUNTER = new AtomicInteger();

    public record Actor(String name, Role role, Credentials account, ECKeyPair encryption, Market market) {
        public String address() {
            return account.getAddress();
        }

        public CompressedKey encryptionKey() {
            return PublicKeys.compressed(encryption);
        }
    }

    public final Path dir;
    public final Chain chain;
    public final DeploymentRecord record;
    public final Actor operator;

    private TestMarket(Path dir, Chain chain, DeploymentRecord record, Actor operator) {
        this.dir = dir;
        this.chain = chain;
        this.record = record;
        this.operator = operator;
    }

    public static TestMarket start() throws Exception {
        return start(0);
    }

    public static TestMarket start(int blockTimeSeconds) throws Exception {
        Path dir = Files.createTempDirectory("vnfx-test-");
        return on(dir, AnvilNode.start(AnvilNode.Options.ephemeral(dir, blockTimeSeconds)));
    }

    /** The suite deployed on a node the caller started (e.g. a persistent one the test restarts); {@link #close()} closes it. */
    public static TestMarket on(Path dir, ChainNode node) throws Exception {
        Chain chain = Chain.connect(node);
        try {
            Credentials account = Credentials.create(Keys.createEcKeyPair());
            ECKeyPair encryption = Keys.createEcKeyPair();
            chain.fundFromDevFaucet(account.getAddress(), BigInteger.valueOf(1000));
            DeploymentRecord record = SuiteDeployer.deploy(chain, account, PublicKeys.compressed(encryption));
            Actor operator = new Actor("operator", Role.OPERATOR, account, encryption, new Market(chain, record, account));
            return new TestMarket(dir, chain, record, operator);
        } catch (Exception e) {
            chain.close();
            throw e;
        }
    }

    /** A funded account that has not registered. */
    public Actor stranger(String name) throws Exception {
        Credentials account = Credentials.create(Keys.createEcKeyPair());
        chain.fundFromDevFaucet(account.getAddress(), BigInteger.valueOf(100));
        return new Actor(name, Role.NONE, account, Keys.createEcKeyPair(), new Market(chain, record, account));
    }

    /** A registered actor, approved by the operator where its role needs approval. */
    public Actor actor(String name, Role role) throws Exception {
        Actor a = registered(name, role);
        if (role != Role.CUSTOMER) operator.market().approve(a.address());
        return a;
    }

    /** A registered actor still waiting for approval (customers are approved at once). */
    public Actor registered(String name, Role role) throws Exception {
        Actor s = stranger(name);
        s.market().register(role, s.encryptionKey());
        return new Actor(name, role, s.account(), s.encryption(), s.market());
    }

    public static byte[] randomDigest() {
        byte[] d = new byte[32];
        RANDOM.nextBytes(d);
        return d;
    }

    public static OfferTerms terms(String functionType, Requirements req, long weiPerSecond) {
        return new OfferTerms(randomDigest(), OfferTerms.CODEC_RAW, randomDigest(), functionType, req, BigInteger.valueOf(weiPerSecond), ENVELOPE);
    }

    /** Advertised by the provider and accepted by the operator. */
    public OfferTerms acceptedOffer(Actor provider, String functionType, Requirements req, long weiPerSecond) throws Exception {
        OfferTerms t = terms(functionType, req, weiPerSecond);
        provider.market().advertise(t);
        operator.market().accept(t.packageDigest());
        return t;
    }

    /** A function type no other test uses, so per-type counters (acceptedOffers) start at zero. */
    public static String uniqueFunction(String prefix) {
        return prefix + "-" + FUNCTION_COUNTER.incrementAndGet();
    }

    /** mec requests the offer's function type; returns the new deployment id (status Requested). */
    public BigInteger requested(Actor mec, OfferTerms offer) throws Exception {
        return Market.requestedId(mec.market().request(offer.functionType()));
    }

    /** Requested by mec and granted with the offer by the operator (status Granted). */
    public BigInteger granted(Actor mec, OfferTerms offer) throws Exception {
        BigInteger id = requested(mec, offer);
        operator.market().grant(id, offer.packageDigest(), ENVELOPE);
        return id;
    }

    /** Granted and reported instantiated by mec (status Running). */
    public BigInteger running(Actor mec, OfferTerms offer) throws Exception {
        BigInteger id = granted(mec, offer);
        mec.market().reportInstantiation(id, true, new byte[32]);
        return id;
    }

    public Orchestration.Deployment deployment(BigInteger id) throws Exception {
        return operator.market().deployment(id);
    }

    /** Transactions sent so far by the account (its nonce): unchanged when a pre-flight rejected a call. */
    public BigInteger nonce(String address) throws Exception {
        return chain.web3j().ethGetTransactionCount(address, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                .send().getTransactionCount();
    }

    /** evm_snapshot: an id to return to with {@link #revertTo}. */
    public String snapshot() throws Exception {
        return (String) chain.rpc("evm_snapshot");
    }

    public void revertTo(String snapshotId) throws Exception {
        if (!Boolean.TRUE.equals(chain.rpc("evm_revert", snapshotId))) throw new IllegalStateException("evm_revert " + snapshotId + " failed");
    }

    /** Moves anvil's clock forward so that usage reports have elapsed time to account for. */
    public void advanceSeconds(long seconds) throws Exception {
        chain.rpc("evm_increaseTime", seconds);
        chain.rpc("evm_mine");
    }

    @Override
    public void close() {
        chain.close();
    }
}
