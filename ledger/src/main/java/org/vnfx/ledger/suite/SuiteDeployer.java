package org.vnfx.ledger.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vnfx.contracts.Attestations;
import org.vnfx.contracts.Identities;
import org.vnfx.contracts.Licences;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.contracts.Policies;
import org.vnfx.contracts.Settlement;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.ledger.Chain;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;

/**
 * Deploys the whole suite in one step and records it. Idempotent: when a valid record for this chain
 * exists (same chain id, code at every address, same block hash) nothing is sent. The record is
 * written only after the last contract is wired, so an interrupted deployment leaves no record and
 * the next run deploys afresh rather than using half a suite.
 */
public final class SuiteDeployer {
    /** Deployment order: each contract's constructor takes the ones before it. */
    public static final String[] CONTRACTS = {"Identities", "Offers", "Settlement", "Orchestration", "Policies", "Attestations", "Licences"};

    private SuiteDeployer() {}

    public static DeploymentRecord ensure(Chain chain, Path dataDir, Credentials operator, CompressedKey operatorKey) throws Exception {
        Path file = DeploymentRecord.file(dataDir, chain.chainId());
        Optional<DeploymentRecord> existing = DeploymentRecord.read(file);
        if (existing.isPresent() && isLive(chain, existing.get())) return existing.get();
        DeploymentRecord record = deploy(chain, operator, operatorKey);
        record.write(file);
        return record;
    }

    /** True when the recorded suite is still on this chain (a restarted ephemeral node loses it). */
    public static boolean isLive(Chain chain, DeploymentRecord record) throws IOException {
        if (record.chainId() != chain.chainId()) return false;
        EthBlock.Block block = chain.web3j()
                .ethGetBlockByNumber(DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(record.blockNumber())), false)
                .send().getBlock();
        if (block == null || !block.getHash().equalsIgnoreCase(record.blockHash())) return false;
        for (String contract : CONTRACTS) {
            // A record from before a contract joined the suite describes an older suite: deploy afresh.
            if (!record.addresses().containsKey(contract)) return false;
            String code = chain.web3j().ethGetCode(record.address(contract), DefaultBlockParameter.valueOf("latest")).send().getCode();
            if (code == null || code.length() <= 2) return false;
        }
        return true;
    }

    public static DeploymentRecord deploy(Chain chain, Credentials operator, CompressedKey operatorKey) throws Exception {
        TransactionManager tm = chain.signer(operator);
        var web3j = chain.web3j();
        Map<String, Long> gas = new LinkedHashMap<>();
        Identities identities = Identities.deploy(web3j, tm, Suite.ESTIMATED, operatorKey.x(), java.math.BigInteger.valueOf(operatorKey.prefix())).send();
        gas.put("Identities", gasOf(identities));
        Offers offers = Offers.deploy(web3j, tm, Suite.ESTIMATED, identities.getContractAddress()).send();
        gas.put("Offers", gasOf(offers));
        Settlement settlement = Settlement.deploy(web3j, tm, Suite.ESTIMATED, identities.getContractAddress()).send();
        gas.put("Settlement", gasOf(settlement));
        Policies policies = Policies.deploy(web3j, tm, Suite.ESTIMATED, identities.getContractAddress(), offers.getContractAddress()).send();
        gas.put("Policies", gasOf(policies));
        Orchestration orchestration = Orchestration.deploy(web3j, tm, Suite.ESTIMATED,
                identities.getContractAddress(), offers.getContractAddress(), settlement.getContractAddress(), policies.getContractAddress()).send();
        gas.put("Orchestration", gasOf(orchestration));
        Attestations attestations = Attestations.deploy(web3j, tm, Suite.ESTIMATED,
                identities.getContractAddress(), offers.getContractAddress()).send();
        gas.put("Attestations", gasOf(attestations));
        Licences licences = Licences.deploy(web3j, tm, Suite.ESTIMATED,
                identities.getContractAddress(), offers.getContractAddress(), settlement.getContractAddress(), policies.getContractAddress()).send();
        gas.put("Licences", gasOf(licences));
        offers.bindOrchestration(orchestration.getContractAddress()).send();
        settlement.bindOrchestration(orchestration.getContractAddress()).send();
        settlement.bindLicences(licences.getContractAddress()).send();
        // Bound with threshold 0: acceptance is unchanged until the operator asks for validators (setThreshold).
        TransactionReceipt last = offers.bindAttestations(attestations.getContractAddress()).send();
        return new DeploymentRecord(
                chain.chainId(),
                last.getBlockNumber().longValueExact(),
                last.getBlockHash(),
                operator.getAddress(),
                Map.of("Identities", identities.getContractAddress(),
                        "Offers", offers.getContractAddress(),
                        "Settlement", settlement.getContractAddress(),
                        "Orchestration", orchestration.getContractAddress(),
                        "Policies", policies.getContractAddress(),
                        "Attestations", attestations.getContractAddress(),
                        "Licences", licences.getContractAddress()),
                gas,
                compilerVersion(),
                Instant.now().toString());
    }

    private static long gasOf(Contract c) {
        return c.getTransactionReceipt().orElseThrow().getGasUsed().longValueExact();
    }

    /** The solc version the build used, from the build-info the contracts jar carries. */
    public static String compilerVersion() {
        try (InputStream in = SuiteDeployer.class.getClassLoader().getResourceAsStream("org/vnfx/contracts/solc/build-info.json")) {
            return in == null ? "unknown" : new ObjectMapper().readTree(in).path("compiler").asText();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
