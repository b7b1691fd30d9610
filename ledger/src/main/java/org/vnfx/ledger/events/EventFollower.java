package org.vnfx.ledger.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.vnfx.crypto.DurableFile;
import org.vnfx.ledger.Chain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Follows the suite's logs from a durable checkpoint, strictly in chain order (block, log index).
 *
 * <p>Delivery is at-least-once: the checkpoint (the last block whose logs were all handled) is saved
 * with {@link DurableFile} after each block, so a crash repeats at most the logs of one block and never
 * skips one. Handlers therefore act idempotently, checking the chain's current state before acting
 * (the contracts reject a repeated step anyway). A handler that throws stops the pass without advancing
 * the checkpoint; the next pass retries from the same block.
 *
 * <p>The targets are QBFT (immediate finality) and anvil, so there are no forks to follow; but a node can come
 * back with less chain than a follower saw (anvil killed -9 loses what it mined since its last state dump).
 * Each pass first checks that the checkpoint block still exists with the hash it had when it was handled; if
 * not, the follower says so and re-reads from its start block (handlers are idempotent), never skipping the
 * blocks that were mined anew. While the node is unreachable, {@link #start} retries with exponential backoff.
 */
public final class EventFollower implements AutoCloseable {
    /** Largest block range asked of eth_getLogs at once: nodes cap log queries. */
    public static final long MAX_RANGE_BLOCKS = 2_000;

    /** The longest wait between failed passes: a node back after a restart is noticed within this. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(EventFollower.class);

    public interface Handler {
        void handle(Log log) throws Exception;
    }

    /**
     * How far the work that handlers hand out (transactions sent, not yet mined) is finished. Called after every
     * range of logs and after every pass, new logs or not, with the last block whose logs the handlers have had;
     * answers the last block whose work is all finished. That block becomes the checkpoint.
     */
    public interface Progress {
        long finishedThrough(long handledThrough) throws Exception;
    }

    /** Where the checkpoint lives: a file by default; a read model keeps it beside its data, so dropping one drops both. */
    public interface Checkpoints {
        /** The last block fully handled, or empty before the first pass. */
        OptionalLong load() throws IOException;

        void save(long block) throws IOException;

        /** The hash of the checkpoint block, if this store keeps it (then a rollback is noticed after a restart too). */
        default Optional<String> loadHash() throws IOException {
            return Optional.empty();
        }

        /** Saves the checkpoint and its block hash; a store that keeps no hash saves the block alone. */
        default void save(long block, String blockHash) throws IOException {
            save(block);
        }

        /** Kept with {@link DurableFile} (a crash leaves the old or the new value, never a torn one). */
        static Checkpoints file(Path file) {
            return new Checkpoints() {
                @Override
                public OptionalLong load() throws IOException {
                    if (!Files.exists(file)) return OptionalLong.empty();
                    try {
                        return OptionalLong.of(JSON.readTree(file.toFile()).path("block").asLong());
                    } catch (IOException e) {
                        throw new IOException("unreadable checkpoint " + file + ": " + e.getMessage(), e);
                    }
                }

                @Override
                public Optional<String> loadHash() throws IOException {
                    if (!Files.exists(file)) return Optional.empty();
                    String hash = JSON.readTree(file.toFile()).path("hash").asText("");
                    return hash.isEmpty() ? Optional.empty() : Optional.of(hash);
                }

                @Override
                public void save(long block) throws IOException {
                    DurableFile.write(file, JSON.writeValueAsBytes(Map.of("block", block)));
                }

                @Override
                public void save(long block, String blockHash) throws IOException {
                    DurableFile.write(file, JSON.writeValueAsBytes(Map.of("block", block, "hash", blockHash)));
                }
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Chain chain;
    private final List<String> addresses;
    private final Checkpoints checkpoints;
    private final Map<String, Handler> handlers = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread thread;
    private final long startBlock;

    private Progress progress;
    /** The last block saved as fully handled, and its hash when it was handled (null: unknown, before the first pass or an old checkpoint). */
    private long checkpoint;
    private String checkpointHash;
    /** The last block whose logs the handlers have had, and its hash: ahead of the checkpoint while their work is unfinished. */
    private long handled;
    private String handledHash;
    private long rewinds;

    /**
     * @param checkpointFile where the checkpoint is kept; null keeps it in memory only (a one-off scan)
     * @param startBlock     first block to read when no checkpoint exists yet (e.g. the suite's deployment block)
     */
    public EventFollower(Chain chain, List<String> addresses, Path checkpointFile, long startBlock) throws IOException {
        this(chain, addresses, checkpointFile == null ? null : Checkpoints.file(checkpointFile), startBlock);
    }

    /** A one-off scan from {@code startBlock}, its checkpoint kept in memory only. */
    public static EventFollower scan(Chain chain, List<String> addresses, long startBlock) throws IOException {
        return new EventFollower(chain, addresses, (Checkpoints) null, startBlock);
    }

    /** @param checkpoints where the checkpoint is kept; null keeps it in memory only */
    public EventFollower(Chain chain, List<String> addresses, Checkpoints checkpoints, long startBlock) throws IOException {
        this.chain = chain;
        this.addresses = List.copyOf(addresses);
        this.checkpoints = checkpoints;
        this.startBlock = startBlock;
        this.checkpoint = checkpoints == null ? startBlock - 1 : checkpoints.load().orElse(startBlock - 1);
        this.checkpointHash = checkpoints == null ? null : checkpoints.loadHash().orElse(null);
        this.handled = checkpoint;
        this.handledHash = checkpointHash;
    }

    /** Registers the handler of one event type (by its signature topic). */
    public EventFollower on(Event event, Handler handler) {
        handlers.put(EventEncoder.encode(event).toLowerCase(Locale.ROOT), handler);
        return this;
    }

    /**
     * Lets handlers leave work in flight: the follower reads on, and the checkpoint moves only as far as
     * {@code progress} says the work is finished, so it never passes a log whose handling is unfinished. A crash
     * repeats the logs from that block on (handlers are idempotent), instead of those of one block.
     */
    public synchronized EventFollower checkpointBy(Progress progress) {
        this.progress = progress;
        return this;
    }

    /** The last block whose logs have all been handled. */
    public synchronized long checkpoint() {
        return checkpoint;
    }

    /** How many times this follower found the chain rolled back behind its checkpoint and re-read it. */
    public synchronized long rewinds() {
        return rewinds;
    }

    /** Handles every log up to the chain head; returns how many logs were handled. */
    public synchronized int poll() throws Exception {
        long head = chain.blockNumber();
        if (handled >= startBlock) {
            String now = handled > head ? null : blockHash(handled);
            if (handled > head || (handledHash != null && !handledHash.equalsIgnoreCase(now))) rewind(head, now);
        }
        int count = 0;
        boolean read = false;
        while (handled < head) {
            long from = handled + 1;
            long to = Math.min(head, from + MAX_RANGE_BLOCKS - 1);
            for (Log log : logs(from, to)) {
                // Every block before this log's is fully handled: record that before handling it.
                if (progress == null) saveCheckpoint(log.getBlockNumber().longValueExact() - 1, null);
                Handler h = handlers.get(log.getTopics().get(0).toLowerCase(Locale.ROOT));
                if (h != null) {
                    h.handle(log);
                    count++;
                }
            }
            handled = to;
            handledHash = blockHash(to);
            advanceCheckpoint();
            read = true;
        }
        if (!read && progress != null) advanceCheckpoint();
        return count;
    }

    /** Moves the checkpoint to the handled block, or with {@link #checkpointBy} as far as the handlers' work is finished. */
    private void advanceCheckpoint() throws Exception {
        if (progress == null) {
            saveCheckpoint(handled, handledHash);
            return;
        }
        long finished = Math.min(handled, progress.finishedThrough(handled));
        if (finished > checkpoint) saveCheckpoint(finished, finished == handled ? handledHash : blockHash(finished));
    }

    /**
     * The blocks this follower handled up to its checkpoint are no longer the chain's. Only the checkpoint's hash
     * is kept, so where the chains part is unknown: everything from the start block is read again.
     */
    private void rewind(long head, String hashNow) throws IOException {
        LOG.warn("the chain was rolled back behind this follower's checkpoint (block {} {}, head now {}{}): re-reading from block {}",
                handled, handledHash == null ? "" : handledHash, head,
                hashNow == null ? "" : ", block " + handled + " is now " + hashNow, startBlock);
        checkpoint = startBlock - 1;
        checkpointHash = null;
        handled = checkpoint;
        handledHash = null;
        if (checkpoints != null) checkpoints.save(checkpoint);
        rewinds++;
    }

    /**
     * Polls in a background thread until {@link #close()}. Errors go to {@code onError} and the pass is
     * retried after {@link #backoffMillis}: a node that is down or answering garbage is not hammered, nor the log flooded.
     */
    public void start(Duration interval, Consumer<Exception> onError) {
        if (!running.compareAndSet(false, true)) throw new IllegalStateException("already started");
        thread = new Thread(() -> {
            int failures = 0;
            while (running.get()) {
                long waitMillis = interval.toMillis();
                try {
                    poll();
                    if (failures > 0) LOG.info("event follower: chain reachable again after {} failed passes, caught up to block {}", failures, checkpoint());
                    failures = 0;
                } catch (Exception e) {
                    if (!running.get()) return;
                    failures++;
                    onError.accept(e);
                    waitMillis = backoffMillis(interval, failures);
                    LOG.warn("event follower: pass {} in a row failed, next in {} ms (checkpoint block {})", failures, waitMillis, checkpoint());
                }
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "event-follower");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running.set(false);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<Log> logs(long from, long to) throws IOException {
        try {
            return chain.logs(new EthFilter(
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(from)), DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), addresses));
        } catch (IOException e) {
            throw new IOException("blocks " + from + ".." + to + ": " + e.getMessage(), e);
        }
    }

    /** The wait after {@code failures} failed passes in a row: the poll interval, doubling, at most {@link #MAX_BACKOFF}. */
    static long backoffMillis(Duration interval, int failures) {
        long cap = Math.max(interval.toMillis(), MAX_BACKOFF.toMillis());
        long ms = Math.max(1, interval.toMillis());
        for (int i = 1; i < failures && ms < cap; i++) ms *= 2;
        return Math.min(ms, cap);
    }

    private String blockHash(long block) throws IOException {
        return chain.blockHash(block).orElse(null);
    }

    /** @param blockHash the block's hash, or null when not looked up (the checkpoint then only guards by number) */
    private void saveCheckpoint(long block, String blockHash) throws IOException {
        if (block <= checkpoint) return;
        if (checkpoints != null) {
            if (blockHash == null) checkpoints.save(block);
            else checkpoints.save(block, blockHash);
        }
        checkpoint = block;
        checkpointHash = blockHash;
    }
}
