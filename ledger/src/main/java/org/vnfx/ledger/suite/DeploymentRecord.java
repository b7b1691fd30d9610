package org.vnfx.ledger.suite;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.vnfx.crypto.DurableFile;

/**
 * Where the contract suite lives on one chain: written once by the deployment, read by every later command.
 *
 * @param blockNumber   block of the last deployment transaction; event scans start here
 * @param blockHash     its hash, to notice a chain that was reset under the same chain id
 * @param deploymentGas gas used by each contract's creation
 * @param contracts     SHA-256 of the creation code of every contract ({@link SuiteDeployer#contractsDigest()}): a suite
 *                      built from other sources is not this vnfx's suite (its functions and events differ)
 * @param deployedAt    ISO-8601 instant
 */
public record DeploymentRecord(
        long chainId,
        long blockNumber,
        String blockHash,
        String operator,
        Map<String, String> addresses,
        Map<String, Long> deploymentGas,
        String compiler,
        String contracts,
        String deployedAt) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public DeploymentRecord {
        addresses = Map.copyOf(new TreeMap<>(addresses));
        deploymentGas = Map.copyOf(new TreeMap<>(deploymentGas));
    }

    /** The record file for a chain inside a vnfx data folder. */
    public static Path file(Path dataDir, long chainId) {
        return dataDir.resolve("deployments").resolve(chainId + ".json");
    }

    public String address(String contract) {
        String a = addresses.get(contract);
        if (a == null) throw new IllegalStateException("deployment record has no address for " + contract + " (has " + addresses.keySet() + ")");
        return a;
    }

    public long totalDeploymentGas() {
        return deploymentGas.values().stream().mapToLong(Long::longValue).sum();
    }

    public static Optional<DeploymentRecord> read(Path file) throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), DeploymentRecord.class));
        } catch (IOException e) {
            throw new IOException("unreadable deployment record " + file + ": " + e.getMessage()
                    + " (delete it to redeploy)", e);
        }
    }

    public void write(Path file) throws IOException {
        DurableFile.write(file, JSON.writeValueAsBytes(this));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
