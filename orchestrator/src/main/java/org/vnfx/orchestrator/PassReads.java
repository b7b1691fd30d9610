package org.vnfx.orchestrator;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vnfx.contracts.Identities;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.contracts.Policies;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.policy.UsagePolicies;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.suite.Suite;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.ledger.tx.PreflightTransactionManager;
import org.vnfx.ledger.tx.PreflightTransactionManager.Answer;
import org.vnfx.ledger.tx.PreflightTransactionManager.Call;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.RemoteFunctionCall;

/**
 * Everything the decisions of one pass read from the chain, read for all its requests at once in JSON-RPC batches:
 * first the deployments; then, for the MEC nodes and functions they name, each node's role, identity and free
 * resources, and each offer of those functions with whether it has a usage policy; last, only for offers that
 * have one, the policy's verdict towards each node. With one call per read, a pass of hundreds of requests
 * spent its time in round trips to the node.
 *
 * <p>It is a snapshot of one block: the chain may move on while the pass decides. That is safe because the contract checks
 * every grant again when it is mined (status, offer accepted, policy, resources), and a decision the chain
 * refuses is made again from fresh reads.
 */
final class PassReads {
    private final Map<BigInteger, Orchestration.Deployment> deployments = new LinkedHashMap<>();
    private final Map<String, Boolean> mecRole = new HashMap<>();
    private final Map<String, Identities.Identity> identities = new HashMap<>();
    private final Map<String, Requirements> free = new HashMap<>();
    private final Map<String, Offers.Offer> offers = new HashMap<>();
    /** Per "digest-hex/mec": empty when the package may go to the node, the policy's refusal otherwise. */
    private final Map<String, Optional<ContractRevertException>> policy = new HashMap<>();

    private PassReads() {}

    /** Reads what deciding {@code ids} needs, all of it as the chain stood after {@code block}. */
    static PassReads read(Suite suite, UsagePolicies policies, PreflightTransactionManager reader, OfferBook book, Collection<BigInteger> ids,
            DefaultBlockParameter block) throws IOException {
        PassReads r = new PassReads();
        Orchestration orchestration = suite.orchestration();
        Batch first = new Batch(reader, block);
        Map<BigInteger, Slot> deploymentSlots = new LinkedHashMap<>();
        for (BigInteger id : new LinkedHashSet<>(ids)) deploymentSlots.put(id, first.add(orchestration.getContractAddress(), orchestration.deployment(id)));
        first.send();
        deploymentSlots.forEach((id, slot) -> r.deployments.put(id, (Orchestration.Deployment) slot.value().get(0)));

        // What the open requests name: each node once, each offer of each function once, each (offer, node) pair once.
        Map<String, Set<String>> functionsByMec = new LinkedHashMap<>();
        for (Orchestration.Deployment d : r.deployments.values()) {
            if (Market.status(d) != DeploymentStatus.REQUESTED) continue;
            functionsByMec.computeIfAbsent(key(d.mec), m -> new LinkedHashSet<>()).add(FunctionType.fromBytes32(d.functionType));
        }
        Batch second = new Batch(reader, block);
        Map<String, Slot> roleSlots = new HashMap<>();
        Map<String, Slot> identitySlots = new HashMap<>();
        Map<String, Slot> freeSlots = new HashMap<>();
        Map<String, Slot> offerSlots = new LinkedHashMap<>();
        Map<String, Slot> attachedSlots = new LinkedHashMap<>();
        Identities registry = suite.identities();
        Offers offersContract = suite.offers();
        Policies policyContract = policies.contract();
        for (var e : functionsByMec.entrySet()) {
            String mec = e.getKey();
            roleSlots.put(mec, second.add(registry.getContractAddress(), registry.hasRole(Role.MEC.id(), mec)));
            identitySlots.put(mec, second.add(registry.getContractAddress(), registry.identityOf(mec)));
            freeSlots.put(mec, second.add(orchestration.getContractAddress(), orchestration.freeResources(mec)));
            for (String function : e.getValue()) {
                for (OfferBook.Entry offer : book.forFunction(function)) {
                    String digest = hex(offer.packageDigest());
                    offerSlots.computeIfAbsent(digest, d -> second.add(offersContract.getContractAddress(), offersContract.offer(offer.packageDigest())));
                    attachedSlots.computeIfAbsent(digest, d -> second.add(policyContract.getContractAddress(), policyContract.policy(offer.packageDigest())));
                }
            }
        }
        second.send();
        roleSlots.forEach((mec, s) -> r.mecRole.put(mec, (Boolean) s.value().get(0).getValue()));
        identitySlots.forEach((mec, s) -> r.identities.put(mec, (Identities.Identity) s.value().get(0)));
        freeSlots.forEach((mec, s) -> {
            List<Type> v = s.value();
            r.free.put(mec, new Requirements(((BigInteger) v.get(0).getValue()).longValueExact(), ((BigInteger) v.get(1).getValue()).longValueExact(),
                    ((BigInteger) v.get(2).getValue()).longValueExact()));
        });
        offerSlots.forEach((digest, s) -> r.offers.put(digest, (Offers.Offer) s.value().get(0)));

        // A package without a usage policy may go anywhere; only those with one are checked per node, in a third batch.
        Batch third = new Batch(reader, block);
        Map<String, Slot> policySlots = new LinkedHashMap<>();
        for (var e : functionsByMec.entrySet()) {
            for (String function : e.getValue()) {
                for (OfferBook.Entry offer : book.forFunction(function)) {
                    String pair = pair(offer.packageDigest(), e.getKey());
                    if ((Boolean) attachedSlots.get(hex(offer.packageDigest())).value().get(0).getValue()) {
                        policySlots.put(pair, third.add(policies.redistributeCheck(offer.packageDigest(), e.getKey(), false)));
                    } else {
                        r.policy.put(pair, Optional.empty());
                    }
                }
            }
        }
        if (!policySlots.isEmpty()) third.send();
        policySlots.forEach((pair, s) -> r.policy.put(pair, s.refusal()));
        return r;
    }

    Orchestration.Deployment deployment(BigInteger id) {
        return require(deployments.get(id), "deployment " + id);
    }

    boolean isMec(String mec) {
        return require(mecRole.get(key(mec)), "the role of " + mec);
    }

    Identities.Identity identity(String mec) {
        return require(identities.get(key(mec)), "the identity of " + mec);
    }

    Requirements freeResources(String mec) {
        return require(free.get(key(mec)), "the free resources of " + mec);
    }

    Offers.Offer offer(byte[] packageDigest) {
        return require(offers.get(hex(packageDigest)), "offer 0x" + hex(packageDigest));
    }

    /** Why the package's usage policy keeps it from {@code mec}, or empty when it may go there. */
    Optional<ContractRevertException> policyDenial(byte[] packageDigest, String mec) {
        return require(policy.get(pair(packageDigest, mec)), "the policy of 0x" + hex(packageDigest) + " towards " + mec);
    }

    private static <T> T require(T value, String what) {
        // Only what read() was asked for is here; anything else is a programming error, not a chain state.
        if (value == null) throw new IllegalStateException(what + " was not read for this pass");
        return value;
    }

    private static String pair(byte[] packageDigest, String mec) {
        return hex(packageDigest) + "/" + key(mec);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    /** Calls gathered for one batch; each slot is filled when the batch is sent. */
    private static final class Batch {
        private final PreflightTransactionManager reader;
        private final DefaultBlockParameter block;
        private final List<Call> calls = new ArrayList<>();
        private final List<Slot> slots = new ArrayList<>();

        Batch(PreflightTransactionManager reader, DefaultBlockParameter block) {
            this.reader = reader;
            this.block = block;
        }

        Slot add(String contract, RemoteFunctionCall<?> call) {
            return add(new Call(contract, call.encodeFunctionCall()), call);
        }

        Slot add(Call check) {
            return add(check, null);
        }

        private Slot add(Call call, RemoteFunctionCall<?> decoder) {
            Slot s = new Slot(decoder);
            calls.add(call);
            slots.add(s);
            return s;
        }

        void send() throws IOException {
            List<Answer> answers = reader.callAll(calls, block);
            for (int i = 0; i < slots.size(); i++) slots.get(i).answer = answers.get(i);
        }
    }

    private static final class Slot {
        private final RemoteFunctionCall<?> decoder;
        private Answer answer;

        Slot(RemoteFunctionCall<?> decoder) {
            this.decoder = decoder;
        }

        /** The decoded return values; a revert or a node error is thrown. */
        List<Type> value() {
            return decoder.decodeFunctionResponse(answer.get());
        }

        /** Empty when the check passed, the decoded revert when it refused; any other failure is thrown. */
        Optional<ContractRevertException> refusal() {
            if (!answer.refused()) return Optional.empty();
            if (answer.refusal() instanceof ContractRevertException e) return Optional.of(e);
            throw answer.refusal();
        }
    }
}
