package org.vnfx.ledger.events;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vnfx.ledger.Chain;

/** Block timestamps, asked of the node once each: readers of events stamp what they record with them, not with their own clock. */
public final class BlockTimes {
    private static final int CACHED_BLOCKS = 1024;

    private final Chain chain;
    private final Map<Long, Instant> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Instant> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };

    public BlockTimes(Chain chain) {
        this.chain = chain;
    }

    public synchronized Instant of(long block) throws IOException {
        Instant t = cache.get(block);
        if (t == null) {
            t = chain.blockTime(block);
            cache.put(block, t);
        }
        return t;
    }
}
