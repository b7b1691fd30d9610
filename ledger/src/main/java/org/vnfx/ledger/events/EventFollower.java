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
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.vnfx.crypto.DurableFile;
import org.vnfx.ledger.Chain;
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
 * <p>Reorganisations are not handled: the targets are QBFT (immediate finality) and anvil.
 */
public final class EventFollower implements AutoCloseable {
    /** Largest block range asked of eth_getLogs at once: nodes cap log queries. */
    public static final long MAX_RANGE_BLOCKS = 2_000;

    public interface Handler {
        void handle(Log log) throws Exception;
    }

    /** Finishes what handlers left in flight (transactions sent, not yet mined); throws if it cannot. */
    public interface Barrier {
        void await() throws Exception;
    }

    /** Where the checkpoint lives: a file by default; a read model keeps it beside its data, so dropping one drops both. */
    public interface Checkpoints {
        /** The last block fully handled, or empty before the first pass. */
        OptionalLong load() throws IOException;

        void save(long block) throws IOException;

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
                public void save(long block) throws IOException {
                    DurableFile.write(file, JSON.writeValueAsBytes(Map.of("block", block)));
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
    private Barrier barrier;
    private long checkpoint;

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
        this.checkpoint = checkpoints == null ? startBlock - 1 : checkpoints.load().orElse(startBlock - 1);
    }

    /** Registers the handler of one event type (by its signature topic). */
    public EventFollower on(Event event, Handler handler) {
        handlers.put(EventEncoder.encode(event).toLowerCase(Locale.ROOT), handler);
        return this;
    }

    /**
     * Lets handlers leave work in flight: the checkpoint then moves only at the end of a range, after
     * {@code barrier} has finished that work, so it never passes a log whose handling is unfinished. A crash
     * repeats the logs of the range (up to {@link #MAX_RANGE_BLOCKS} blocks) instead of one block.
     */
    public synchronized EventFollower beforeCheckpoint(Barrier barrier) {
        this.barrier = barrier;
        return this;
    }

    /** The last block whose logs have all been handled. */
    public synchronized long checkpoint() {
        return checkpoint;
    }

    /** Handles every log up to the chain head; returns how many logs were handled. */
    public synchronized int poll() throws Exception {
        long head = chain.blockNumber();
        int handled = 0;
        while (checkpoint < head) {
            long from = checkpoint + 1;
            long to = Math.min(head, from + MAX_RANGE_BLOCKS - 1);
            for (Log log : logs(from, to)) {
                // Every block before this log's is fully handled: record that before handling it.
                if (barrier == null) saveCheckpoint(log.getBlockNumber().longValueExact() - 1);
                Handler h = handlers.get(log.getTopics().get(0).toLowerCase(Locale.ROOT));
                if (h != null) {
                    h.handle(log);
                    handled++;
                }
            }
            if (barrier != null) barrier.await();
            saveCheckpoint(to);
        }
        return handled;
    }

    /**
     * Polls in a background thread until {@link #close()}. Errors go to {@code onError} and the pass is
     * retried after {@code interval}.
     */
    public void start(Duration interval, Consumer<Exception> onError) {
        if (!running.compareAndSet(false, true)) throw new IllegalStateException("already started");
        thread = new Thread(() -> {
            while (running.get()) {
                try {
                    poll();
                } catch (Exception e) {
                    if (running.get()) onError.accept(e);
                }
                try {
                    Thread.sleep(interval.toMillis());
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

    private void saveCheckpoint(long block) throws IOException {
        if (block <= checkpoint) return;
        if (checkpoints != null) checkpoints.save(block);
        checkpoint = block;
    }
}
