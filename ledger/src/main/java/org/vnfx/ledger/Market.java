package org.vnfx.ledger;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.vnfx.contracts.Identities;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.Suite;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The contract suite as one actor sees it: every operation of DESIGN.md in domain terms, each a single
 * pre-flighted transaction whose receipt (and gas) is returned. Reverts surface as
 * {@link org.vnfx.ledger.tx.ContractRevertException} before anything is sent.
 */
public final class Market {
    /** Lifecycle states, in the order of Orchestration.Status. */
    public enum DeploymentStatus { NONE, REQUESTED, GRANTED, REFUSED, RUNNING, FAILED, UNINSTALLED, SETTLED }

    /** Refusal reasons, in the order of Orchestration.Refusal. */
    public enum Refusal { NONE, NO_OFFER, INSUFFICIENT_RESOURCES, REQUESTER_NOT_APPROVED, MALFORMED, POLICY_DENIED, OTHER }

    /** Offer states, in the order of Offers.Status. */
    public enum OfferStatus { NONE, ADVERTISED, ACCEPTED, REJECTED, RETIRED }

    /** Identity states, in the order of Identities.Status. */
    public enum IdentityStatus {
        NONE, PENDING, APPROVED, REVOKED;

        public static IdentityStatus of(BigInteger code) {
            return values()[code.intValueExact()];
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Suite suite;
    private final Credentials who;

    public Market(Chain chain, DeploymentRecord record, Credentials who) {
        this.suite = Suite.load(chain, record, who);
        this.who = who;
    }

    public Suite suite() {
        return suite;
    }

    public String address() {
        return who.getAddress();
    }

    // --- identities -------------------------------------------------------------------------

    public TransactionReceipt register(Role role, CompressedKey encryptionKey) throws Exception {
        return suite.identities().register(role.code(), encryptionKey.x(), BigInteger.valueOf(encryptionKey.prefix())).send();
    }

    public TransactionReceipt approve(String account) throws Exception {
        return suite.identities().approve(account).send();
    }

    public TransactionReceipt revoke(String account) throws Exception {
        return suite.identities().revoke(account).send();
    }

    public Identities.Identity identity(String account) throws Exception {
        return suite.identities().identityOf(account).send();
    }

    // --- offers ------------------------------------------------------------------------------

    public TransactionReceipt advertise(OfferTerms t) throws Exception {
        Requirements r = t.requirements();
        return suite.offers().advertise(t.packageDigest(), BigInteger.valueOf(t.cidCodec()), t.contentDigest(),
                FunctionType.toBytes32(t.functionType()), BigInteger.valueOf(r.vcpuMillis()), BigInteger.valueOf(r.memoryMiB()),
                BigInteger.valueOf(r.diskMiB()), t.basePricePerSecond(), t.operatorKeyEnvelope()).send();
    }

    public TransactionReceipt accept(byte[] packageDigest) throws Exception {
        return suite.offers().accept(packageDigest).send();
    }

    public TransactionReceipt reject(byte[] packageDigest) throws Exception {
        return suite.offers().reject(packageDigest).send();
    }

    public TransactionReceipt retire(byte[] packageDigest) throws Exception {
        return suite.offers().retire(packageDigest).send();
    }

    public Offers.Offer offer(byte[] packageDigest) throws Exception {
        return suite.offers().offer(packageDigest).send();
    }

    public TransactionReceipt setReputationParameters(BigInteger alpha, BigInteger prior, long[] weightsMicros) throws Exception {
        return suite.offers().setReputationParameters(alpha, prior, bigs(weightsMicros)).send();
    }

    // --- orchestration -----------------------------------------------------------------------

    public TransactionReceipt publishResources(Requirements free) throws Exception {
        return suite.orchestration().publishResources(
                BigInteger.valueOf(free.vcpuMillis()), BigInteger.valueOf(free.memoryMiB()), BigInteger.valueOf(free.diskMiB())).send();
    }

    /** A MEC node's request; the new deployment's id is in the receipt's DeploymentRequested event. */
    public TransactionReceipt request(String functionType) throws Exception {
        return suite.orchestration().request(FunctionType.toBytes32(functionType)).send();
    }

    public static BigInteger requestedId(TransactionReceipt receipt) {
        var events = Orchestration.getDeploymentRequestedEvents(receipt);
        if (events.size() != 1) throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no DeploymentRequested event");
        return events.get(0).deploymentId;
    }

    public TransactionReceipt grant(BigInteger deploymentId, byte[] packageDigest, byte[] keyEnvelope) throws Exception {
        return suite.orchestration().grant(deploymentId, packageDigest, keyEnvelope).send();
    }

    public TransactionReceipt refuse(BigInteger deploymentId, Refusal reason) throws Exception {
        return suite.orchestration().refuse(deploymentId, BigInteger.valueOf(reason.ordinal())).send();
    }

    public TransactionReceipt reportInstantiation(BigInteger deploymentId, boolean success, byte[] detail) throws Exception {
        return suite.orchestration().reportInstantiation(deploymentId, success, detail).send();
    }

    public TransactionReceipt reportUninstall(BigInteger deploymentId, long usageSeconds, long[] errorCounts) throws Exception {
        return suite.orchestration().reportUninstall(deploymentId, BigInteger.valueOf(usageSeconds), bigs(errorCounts)).send();
    }

    public TransactionReceipt settle(BigInteger deploymentId) throws Exception {
        return suite.orchestration().settle(deploymentId).send();
    }

    public Orchestration.Deployment deployment(BigInteger deploymentId) throws Exception {
        return suite.orchestration().deployment(deploymentId).send();
    }

    public static DeploymentStatus status(Orchestration.Deployment d) {
        return DeploymentStatus.values()[d.status.intValueExact()];
    }

    public Requirements freeResources(String mec) throws Exception {
        var t = suite.orchestration().freeResources(mec).send();
        return new Requirements(t.component1().longValueExact(), t.component2().longValueExact(), t.component3().longValueExact());
    }

    // --- settlement --------------------------------------------------------------------------

    public TransactionReceipt deposit(BigInteger wei) throws Exception {
        return suite.settlement().deposit(wei).send();
    }

    public TransactionReceipt reclaim(BigInteger wei, String to) throws Exception {
        return suite.settlement().reclaim(wei, to).send();
    }

    public TransactionReceipt withdraw() throws Exception {
        return suite.settlement().withdraw().send();
    }

    public BigInteger escrow() throws Exception {
        return suite.settlement().pool().send().component1();
    }

    public BigInteger owed() throws Exception {
        return suite.settlement().pool().send().component2();
    }

    public BigInteger balanceOf(String provider) throws Exception {
        return suite.settlement().balanceOf(provider).send();
    }

    private static List<BigInteger> bigs(long[] values) {
        return Arrays.stream(values).mapToObj(BigInteger::valueOf).toList();
    }
}
