package org.vnfx.ledger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.vnfx.contracts.Attestations;
import org.vnfx.contracts.Identities;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.Role;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * The validators' side of the suite (the Attestations contract) as one actor sees it: the operator sets the
 * threshold and shares content keys, validators attest. Kept apart from {@link Market} so that the two evolve
 * without touching each other. Every transaction is pre-flighted; reverts surface as
 * {@link org.vnfx.ledger.tx.ContractRevertException} before anything is sent.
 */
public final class Attestation {
    /** A validator's vote, in the order of Attestations.Vote. */
    public enum Vote { NONE, PASS, FAIL }

    /** Where a package stands: {@code listed} is passes >= threshold and no fail (threshold 0: the gate is off). */
    public record Tally(int passes, int fails, int threshold, boolean listed) {
        @Override
        public String toString() {
            return passes + " pass, " + fails + " fail, threshold " + threshold + (listed ? ": listed" : ": not listed");
        }
    }

    /** One Attested event. */
    public record Verdict(byte[] packageDigest, String validator, boolean passed, byte[] reasonDigest, long block) {}

    /** One KeyShared event: the content key sealed for {@code validator}. */
    public record SharedKey(byte[] packageDigest, String validator, byte[] envelope, long block) {}

    private final Chain chain;
    private final String address;
    private final Attestations contract;
    private final Identities identities;
    private final Credentials who;

    public Attestation(Chain chain, DeploymentRecord record, Credentials who) {
        if (record.chainId() != chain.chainId()) {
            throw new IllegalStateException("deployment record is for chain " + record.chainId() + " but the node is chain " + chain.chainId());
        }
        this.chain = chain;
        this.address = record.address("Attestations");
        this.who = who;
        // Gas price and limit are ignored: the pre-flight manager estimates every transaction.
        var tm = chain.signer(who).knowing(record.addresses());
        var gas = new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO);
        this.contract = Attestations.load(address, chain.web3j(), tm, gas);
        this.identities = Identities.load(record.address("Identities"), chain.web3j(), tm, gas);
    }

    public Attestations contract() {
        return contract;
    }

    public String address() {
        return who.getAddress();
    }

    /** SHA-256 of a validator's findings text (UTF-8): what {@code attest} records as the reason. */
    public static byte[] reasonDigest(String findings) {
        return Hash.sha256(findings.getBytes(StandardCharsets.UTF_8));
    }

    // --- operator ------------------------------------------------------------------------------

    public TransactionReceipt setThreshold(int k) throws Exception {
        if (k < 0 || k > 0xFFFF) throw new IllegalArgumentException("threshold must be 0..65535, got " + k);
        return contract.setThreshold(BigInteger.valueOf(k)).send();
    }

    public TransactionReceipt shareKey(byte[] packageDigest, String validator, byte[] envelope) throws Exception {
        return contract.shareKey(packageDigest, validator, envelope).send();
    }

    // --- validator -----------------------------------------------------------------------------

    public TransactionReceipt attest(byte[] packageDigest, boolean passed, byte[] reasonDigest) throws Exception {
        return contract.attest(packageDigest, passed, reasonDigest).send();
    }

    // --- anyone --------------------------------------------------------------------------------

    /** Strike a revoked validator's vote on a package from its tally (refused with StillValidator or NoVote). */
    public TransactionReceipt strike(byte[] packageDigest, String validator) throws Exception {
        return contract.strike(packageDigest, validator).send();
    }

    /**
     * Strike every vote on the package still counted whose validator no longer holds the VALIDATOR role, so that
     * the tally counts current validators only (what an operator does before accepting). Returns those struck.
     */
    public List<String> strikeRevoked(byte[] packageDigest, long fromBlock) throws Exception {
        List<String> struck = new ArrayList<>();
        for (Verdict v : verdicts(packageDigest, fromBlock)) {
            if (struck.contains(v.validator()) || vote(packageDigest, v.validator()) == Vote.NONE) continue;
            if (!identities.hasRole(Role.VALIDATOR.id(), v.validator()).send()) {
                strike(packageDigest, v.validator());
                struck.add(v.validator());
            }
        }
        return struck;
    }

    // --- views ---------------------------------------------------------------------------------

    public int threshold() throws Exception {
        return contract.threshold().send().intValueExact();
    }

    public Tally tally(byte[] packageDigest) throws Exception {
        var t = contract.tally(packageDigest).send();
        int passes = t.component1().intValueExact(), fails = t.component2().intValueExact(), k = threshold();
        // Attestations.listed's rule on the numbers just read: asking the contract again could answer for a later block
        // (a vote mined in between) and report a package listed with fewer passes than the threshold.
        return new Tally(passes, fails, k, passes >= k && fails == 0);
    }

    public Vote vote(byte[] packageDigest, String validator) throws Exception {
        return Vote.values()[contract.voteOf(packageDigest, validator).send().intValueExact()];
    }

    /** Every verdict on a package since {@code fromBlock}, in chain order. */
    public List<Verdict> verdicts(byte[] packageDigest, long fromBlock) throws Exception {
        List<Verdict> out = new ArrayList<>();
        for (Log log : logs(EventEncoder.encode(Attestations.ATTESTED_EVENT), packageDigest, null, fromBlock)) {
            var e = Attestations.getAttestedEventFromLog(log);
            out.add(new Verdict(e.packageDigest, e.validator, e.passed, e.reasonDigest, log.getBlockNumber().longValueExact()));
        }
        return out;
    }

    /** Every key shared since {@code fromBlock}, optionally for one package and/or one validator (null: any). */
    public List<SharedKey> sharedKeys(byte[] packageDigest, String validator, long fromBlock) throws Exception {
        List<SharedKey> out = new ArrayList<>();
        for (Log log : logs(EventEncoder.encode(Attestations.KEYSHARED_EVENT), packageDigest, validator, fromBlock)) {
            out.add(sharedKey(log));
        }
        return out;
    }

    public static SharedKey sharedKey(Log log) {
        var e = Attestations.getKeySharedEventFromLog(log);
        return new SharedKey(e.packageDigest, e.validator, e.envelope, log.getBlockNumber().longValueExact());
    }

    private List<Log> logs(String topic, byte[] packageDigest, String validator, long fromBlock) throws Exception {
        EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)), DefaultBlockParameterName.LATEST, address);
        f.addSingleTopic(topic);
        if (packageDigest == null) f.addNullTopic();
        else f.addSingleTopic("0x" + HexFormat.of().formatHex(packageDigest));
        if (validator == null) f.addNullTopic();
        else f.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(validator), 64));
        return chain.logs(f);
    }
}
