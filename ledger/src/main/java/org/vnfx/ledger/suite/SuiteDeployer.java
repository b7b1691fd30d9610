package org.vnfx.ledger.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
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
import org.web3j.crypto.ContractUtils;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;

/**
 * Deploys the whole suite in one step and records it. Idempotent: when a valid record for this chain
 * exists (same chain id, code at every address, same block hash) nothing is sent. The record is
 * written only after the last contract is deployed, so an interrupted deployment leaves no record and
 * the next run deploys afresh rather than using half a suite.
 */
public final class SuiteDeployer {
    /** Deployment order: each contract's constructor takes the ones before it (and Offers and Settlement the planned addresses of two after them). */
    public static final String[] CONTRACTS = {"Identities", "Offers", "Settlement", "Policies", "Orchestration", "Attestations", "Licences"};

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
        // A suite deployed by another version of vnfx has other functions and events: never talk to it as to ours.
        if (!contractsDigest().equals(record.contracts())) return false;
        EthBlock.Block block = chain.web3j()
                .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(record.blockNumber())), false)
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
        // Offers and Settlement hold the addresses of contracts deployed after them as immutables (no binding
        // transactions, no storage read per call): CREATE addresses follow from the sender and its nonce.
        BigInteger nonce = web3j.ethGetTransactionCount(operator.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
        Map<String, String> planned = new LinkedHashMap<>();
        for (String contract : CONTRACTS) {
            planned.put(contract, ContractUtils.generateContractAddress(operator.getAddress(), nonce));
            nonce = nonce.add(BigInteger.ONE);
        }
        Map<String, Long> gas = new LinkedHashMap<>();
        Identities identities = Identities.deploy(web3j, tm, Suite.ESTIMATED, operatorKey.x(), BigInteger.valueOf(operatorKey.prefix())).send();
        placed(planned, "Identities", identities, gas);
        Offers offers = Offers.deploy(web3j, tm, Suite.ESTIMATED,
                identities.getContractAddress(), planned.get("Orchestration"), planned.get("Attestations")).send();
        placed(planned, "Offers", offers, gas);
        Settlement settlement = Settlement.deploy(web3j, tm, Suite.ESTIMATED, identities.getContractAddress(), planned.get("Orchestration")).send();
        placed(planned, "Settlement", settlement, gas);
        Policies policies = Policies.deploy(web3j, tm, Suite.ESTIMATED, identities.getContractAddress(), offers.getContractAddress()).send();
        placed(planned, "Policies", policies, gas);
        Orchestration orchestration = Orchestration.deploy(web3j, tm, Suite.ESTIMATED,
                identities.getContractAddress(), offers.getContractAddress(), settlement.getContractAddress(), policies.getContractAddress()).send();
        placed(planned, "Orchestration", orchestration, gas);
        // Threshold 0: acceptance is unchanged until the operator asks for validators (setThreshold).
        Attestations attestations = Attestations.deploy(web3j, tm, Suite.ESTIMATED,
                identities.getContractAddress(), offers.getContractAddress()).send();
        placed(planned, "Attestations", attestations, gas);
        Licences licences = Licences.deploy(web3j, tm, Suite.ESTIMATED,
                identities.getContractAddress(), offers.getContractAddress(), policies.getContractAddress()).send();
        placed(planned, "Licences", licences, gas);
        TransactionReceipt last = licences.getTransactionReceipt().orElseThrow();
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
                contractsDigest(),
                Instant.now().toString());
    }

    /** Checks that {@code contract} landed where the contracts deployed before it were told it would. */
    private static void placed(Map<String, String> planned, String name, Contract contract, Map<String, Long> gas) {
        if (!planned.get(name).equalsIgnoreCase(contract.getContractAddress())) {
            throw new IllegalStateException(name + " was deployed at " + contract.getContractAddress() + ", not at " + planned.get(name)
                    + " where the contracts before it expect it: the operator account sent another transaction during the deployment."
                    + " Nothing is recorded; deploy again without using that account meanwhile.");
        }
        gas.put(name, contract.getTransactionReceipt().orElseThrow().getGasUsed().longValueExact());
    }

    /** SHA-256 of the creation code of every contract of the suite, in deployment order: which suite this vnfx deploys and talks to. */
    public static String contractsDigest() {
        StringBuilder code = new StringBuilder();
        for (String binary : List.of(Identities.BINARY, Offers.BINARY, Settlement.BINARY, Policies.BINARY, Orchestration.BINARY,
                Attestations.BINARY, Licences.BINARY)) {
            code.append(binary).append('\n');
        }
        return "0x" + HexFormat.of().formatHex(org.web3j.crypto.Hash.sha256(code.toString().getBytes(StandardCharsets.US_ASCII)));
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
