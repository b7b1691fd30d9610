package org.vnfx.ledger.policy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vnfx.contracts.Policies;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.ShortName;
import org.vnfx.ledger.tx.PreflightTransactionManager;
import org.vnfx.ledger.tx.PreflightTransactionManager.Call;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple6;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The Policies contract for one signer: attach a package's usage policy, place accounts in regions, declare
 * derived packages, and read a policy back from the chain alone. A refused call throws
 * {@link org.vnfx.ledger.tx.ContractRevertException} naming the rule, before anything is sent.
 */
public final class UsagePolicies {
    private final Chain chain;
    private final DeploymentRecord record;
    private final Policies policies;
    private final PreflightTransactionManager signer;

    public UsagePolicies(Chain chain, DeploymentRecord record, Credentials who) {
        this.chain = chain;
        this.record = record;
        // Gas is estimated by the signer (PreflightTransactionManager); the wrapper still wants a provider.
        this.signer = chain.signer(who).knowing(record.addresses());
        this.policies = Policies.load(record.address("Policies"), chain.web3j(), signer, new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
    }

    /** The contract's wrapper, for reads gathered in a batch. */
    public Policies contract() {
        return policies;
    }

    public TransactionReceipt attach(byte[] packageDigest, UsagePolicy p) throws Exception {
        List<String> customers = new ArrayList<>(p.customers());
        List<byte[]> regions = new ArrayList<>();
        for (String r : p.regions()) regions.add(ShortName.toBytes32("region", r));
        return policies.attach(packageDigest, BigInteger.valueOf(p.actionBits()), BigInteger.valueOf(p.maxInstances()),
                BigInteger.valueOf(p.until() == null ? 0 : p.until().getEpochSecond()), customers, regions).send();
    }

    public TransactionReceipt assignRegion(String account, String region) throws Exception {
        return policies.assignRegion(account, ShortName.toBytes32("region", region)).send();
    }

    public TransactionReceipt declareDerivation(byte[] child, byte[] parent) throws Exception {
        return policies.declareDerivation(child, parent).send();
    }

    public String regionOf(String account) throws Exception {
        return ShortName.fromBytes32(policies.regionOf(account).send());
    }

    /** The package a package is declared derived from, or empty. */
    public Optional<byte[]> derivedFrom(byte[] child) throws Exception {
        byte[] parent = policies.derivedFrom(child).send();
        for (byte b : parent) if (b != 0) return Optional.of(parent);
        return Optional.empty();
    }

    /** Reverts (as a {@link org.vnfx.ledger.tx.ContractRevertException}) unless the customer may start one more instance. */
    public void checkInstantiate(byte[] packageDigest, String customer, long activeInstances) throws Exception {
        check(call(new Function("checkInstantiate", List.of(new Bytes32(packageDigest), new Address(customer), new Uint256(activeInstances)), List.of())));
    }

    /** Reverts unless the package may be passed on to a customer ({@code toCustomer}) or a MEC node. */
    public void checkRedistribute(byte[] packageDigest, String to, boolean toCustomer) throws Exception {
        check(redistributeCheck(packageDigest, to, toCustomer));
    }

    /** The same check as a call to read in a batch ({@link PreflightTransactionManager#callAll}): a revert is the refusal. */
    public Call redistributeCheck(byte[] packageDigest, String to, boolean toCustomer) {
        return call(new Function("checkRedistribute", List.of(new Bytes32(packageDigest), new Address(to), new Bool(toCustomer)), List.of()));
    }

    // The checks return nothing, so web3j generates no wrapper for them: an eth_call whose revert is decoded.
    private void check(Call c) throws Exception {
        signer.sendCall(c.to(), c.data(), DefaultBlockParameterName.LATEST);
    }

    private Call call(Function f) {
        return new Call(policies.getContractAddress(), FunctionEncoder.encode(f));
    }

    /** The package's policy as attached on chain (the lists come from its PolicyAttached event), or empty when it has none. */
    public Optional<UsagePolicy> policy(byte[] packageDigest) throws Exception {
        Tuple6<Boolean, BigInteger, Boolean, Boolean, BigInteger, BigInteger> p = policies.policy(packageDigest).send();
        if (!p.component1()) return Optional.empty();
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(record.blockNumber())),
                DefaultBlockParameter.valueOf("latest"), record.address("Policies"));
        filter.addSingleTopic(EventEncoder.encode(Policies.POLICYATTACHED_EVENT));
        filter.addSingleTopic("0x" + HexFormat.of().formatHex(packageDigest));
        List<Log> logs = chain.logs(filter);
        if (logs.size() != 1) throw new IllegalStateException("package 0x" + HexFormat.of().formatHex(packageDigest) + " has a policy but "
                + logs.size() + " PolicyAttached events");
        Policies.PolicyAttachedEventResponse e = Policies.getPolicyAttachedEventFromLog(logs.get(0));
        List<String> customers = new ArrayList<>();
        for (String c : e.customers) customers.add(c.toLowerCase(Locale.ROOT));
        List<String> regions = new ArrayList<>();
        for (byte[] r : e.regions) regions.add(ShortName.fromBytes32(r));
        long until = p.component6().longValueExact();
        return Optional.of(new UsagePolicy(UsagePolicy.actions(p.component2().intValueExact()), customers, regions,
                p.component5().intValueExact(), until == 0 ? null : Instant.ofEpochSecond(until)));
    }
}
