package org.vnfx.ledger.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.contracts.Settlement;
import org.vnfx.ledger.TestMarket;

/**
 * A follower whose handlers leave work in flight (the orchestrator's decisions, sent and not yet mined) reads on,
 * but its checkpoint moves only as far as that work is finished: after a crash the unfinished logs come again.
 */
class EventFollowerProgressTest {
    static TestMarket market;

    @BeforeAll
    static void world() throws Exception {
        market = TestMarket.start();
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    private static EventFollower follower(Path checkpoint, List<BigInteger> seen, AtomicLong finishedThrough) throws Exception {
        return EventFollowerRollbackTest.depositsFollower(market, checkpoint, seen).checkpointBy(handled -> Math.min(handled, finishedThrough.get()));
    }

    @Test
    void theCheckpointWaitsForUnfinishedWorkWhileTheFollowerReadsOn(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("checkpoint.json");
        market.operator.market().deposit(BigInteger.valueOf(701));
        long firstBlock = market.chain.blockNumber();
        market.operator.market().deposit(BigInteger.valueOf(702));
        List<BigInteger> seen = new ArrayList<>();
        AtomicLong finished = new AtomicLong(firstBlock);
        EventFollower follower = follower(checkpoint, seen, finished);

        follower.poll();
        assertEquals(firstBlock, follower.checkpoint(), "the work of the second deposit's block is not finished");
        market.operator.market().deposit(BigInteger.valueOf(703));
        follower.poll();
        assertEquals(3, seen.stream().filter(a -> a.intValue() >= 701 && a.intValue() <= 703).count(), "read on past the checkpoint, each once: " + seen);
        assertEquals(firstBlock, follower.checkpoint());

        // A crash now: the next process starts from the checkpoint and is given the unfinished logs again.
        List<BigInteger> again = new ArrayList<>();
        follower(checkpoint, again, new AtomicLong(Long.MAX_VALUE)).poll();
        assertEquals(List.of(BigInteger.valueOf(702), BigInteger.valueOf(703)), again.stream().filter(a -> a.intValue() >= 701 && a.intValue() <= 703).toList());

        // The work finishes: the next pass moves the checkpoint to the head, with no new block needed.
        finished.set(Long.MAX_VALUE);
        follower.poll();
        assertEquals(market.chain.blockNumber(), follower.checkpoint());
    }

    @Test
    void aFailingProgressLeavesTheCheckpointWhereItWas(@TempDir Path dir) throws Exception {
        EventFollower follower = EventFollowerRollbackTest.depositsFollower(market, dir.resolve("checkpoint.json"), new ArrayList<>());
        follower.poll();
        long before = follower.checkpoint();
        follower.checkpointBy(handled -> {
            throw new IllegalStateException("node away");
        });
        market.operator.market().deposit(BigInteger.valueOf(704));
        assertThrows(IllegalStateException.class, follower::poll);
        assertEquals(before, follower.checkpoint());
    }
}
