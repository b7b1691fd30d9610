package org.vnfx.mec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.crypto.DurableFile;

/**
 * What a MEC agent must not forget across a crash: the deployments it has in flight. Written durably
 * before each chain transaction that starts a step, so a restart knows what to look up on chain.
 */
final class MecState {
    enum Phase { REQUESTING, REQUESTED, RUNNING }

    /** {@code deploymentId} is null while REQUESTING (the request transaction may or may not have landed). */
    record Entry(String function, Phase phase, BigInteger deploymentId, long fromBlock) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    MecState(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            try {
                entries.addAll(JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() {}));
            } catch (IOException e) {
                throw new IOException("unreadable MEC state " + file + ": " + e.getMessage(), e);
            }
        }
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized void put(Entry e) throws IOException {
        entries.removeIf(x -> x.function().equals(e.function()) && (x.deploymentId() == null || x.deploymentId().equals(e.deploymentId())));
        entries.add(e);
        save();
    }

    synchronized void remove(String function, BigInteger deploymentId) throws IOException {
        entries.removeIf(x -> x.function().equals(function) && (x.deploymentId() == null || x.deploymentId().equals(deploymentId)));
        save();
    }

    private void save() throws IOException {
        DurableFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
    }
}
