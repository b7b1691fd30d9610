package org.vnfx.ledger.trail;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.events.BlockTimes;
import org.vnfx.ledger.events.EventFollower;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The append-only trail of every marketplace action: the events of all suite contracts, read from the chain
 * alone and decoded, queryable by package, actor and time. Nothing here is stored; the chain is the record.
 */
public final class Trail {
    private final Chain chain;
    private final DeploymentRecord record;
    private final EventDecoder decoder = new EventDecoder();
    private final Map<String, String> contractByAddress = new HashMap<>();
    private final BlockTimes blockTimes;

    /**
     * What to list; null fields do not restrict.
     *
     * @param subject a package digest, an account, or a number (a deployment id): events that mention it
     * @param since   events at or after this time
     * @param until   events at or before this time
     */
    public record Query(String subject, Instant since, Instant until) {
        public static final Query ALL = new Query(null, null, null);
    }

    public Trail(Chain chain, DeploymentRecord record) {
        this.chain = chain;
        this.record = record;
        this.blockTimes = new BlockTimes(chain);
        record.addresses().forEach((name, address) -> contractByAddress.put(address.toLowerCase(Locale.ROOT), name));
    }

    /** Every event of the suite from its deployment to the chain head, in chain order. */
    public List<TrailEvent> all() throws IOException {
        return between(record.blockNumber(), chain.blockNumber());
    }

    /** The suite's events in blocks {@code first..last} (both included; none before the suite's deployment), in chain order. */
    public List<TrailEvent> between(long first, long last) throws IOException {
        return read(first, last, new ArrayList<>(record.addresses().values()), List.of());
    }

    /**
     * One event of one contract, selected by the node on its indexed arguments (a topic filter: the node reads its
     * index, not every log of the suite), from the suite's deployment to the chain head.
     *
     * @param indexed the indexed arguments in order, each the 32-byte topic as 0x-hex, or null for any value
     */
    public List<TrailEvent> of(String contract, Event event, String... indexed) throws IOException {
        List<String> topics = new ArrayList<>();
        topics.add(EventEncoder.encode(event));
        topics.addAll(Arrays.asList(indexed));
        return read(record.blockNumber(), chain.blockNumber(), List.of(record.address(contract)), topics);
    }

    /** An address as the 32-byte topic an indexed {@code address} argument is. */
    public static String topic(String address) {
        return "0x" + "0".repeat(24) + address.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
    }

    private List<TrailEvent> read(long first, long last, List<String> addresses, List<String> topics) throws IOException {
        List<TrailEvent> out = new ArrayList<>();
        for (long from = Math.max(first, record.blockNumber()); from <= last; from += EventFollower.MAX_RANGE_BLOCKS) {
            long to = Math.min(last, from + EventFollower.MAX_RANGE_BLOCKS - 1);
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), addresses);
            for (String t : topics) {
                if (t == null) filter.addNullTopic();
                else filter.addSingleTopic(t);
            }
            for (Log log : chain.logs(filter)) {
                String contract = contractByAddress.get(log.getAddress().toLowerCase(Locale.ROOT));
                if (contract == null) continue;
                decoder.decode(contract, log, blockTime(log.getBlockNumber().longValueExact())).ifPresent(out::add);
            }
        }
        return out;
    }

    public List<TrailEvent> query(Query q) throws IOException {
        Object subject = subject(q.subject());
        List<TrailEvent> out = new ArrayList<>();
        for (TrailEvent e : all()) {
            if (q.since() != null && e.time().isBefore(q.since())) continue;
            if (q.until() != null && e.time().isAfter(q.until())) continue;
            if (subject != null && !e.mentions(subject)) continue;
            out.add(e);
        }
        return out;
    }

    /** "0x" + 40 or 64 hex digits as they appear in events; a plain number as a BigInteger. */
    static Object subject(String text) {
        if (text == null) return null;
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("0x[0-9a-f]{40}") || t.matches("0x[0-9a-f]{64}")) return t;
        if (t.matches("[0-9a-f]{64}")) return "0x" + t;
        if (t.matches("[0-9]{1,30}")) return new BigInteger(t);
        throw new IllegalArgumentException("'" + text + "' is not a package digest (0x + 64 hex digits), an account (0x + 40) or a deployment id");
    }

    private Instant blockTime(long block) throws IOException {
        return blockTimes.of(block);
    }
}
