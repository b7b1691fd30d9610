package org.vnfx.ledger.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.contracts.Settlement;
import org.vnfx.ledger.TestMarket;

/**
 * A node that comes back with less chain than a follower saw (anvil killed -9 before its state dump): the follower
 * notices and reads the blocks mined anew instead of skipping them. evm_revert stands in for the lost dump here;
 * NodeRestartScenarioTest (mec) does it with a real kill -9.
 */
class EventFollowerRollbackTest {
    static TestMarket market;

    @BeforeAll
    static void world() throws Exception {
        market = TestMarket.start();
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    /** A follower of the escrow deposits that records each amount it is given, its checkpoint in a file. */
    static EventFollower depositsFollower(TestMarket market, Path checkpoint, List<BigInteger> seen) throws Exception {
        return new EventFollower(market.chain, List.of(market.record.address("Settlement")), checkpoint, market.record.blockNumber())
                .on(Settlement.ESCROWDEPOSITED_EVENT, log -> seen.add(Settlement.getEscrowDepositedEventFromLog(log).amount));
    }

    @Test
    void blocksReplacedUnderTheCheckpointAreReadAgainEvenWhenTheHeadIsPastIt(@TempDir Path dir) throws Exception {
        List<BigInteger> seen = new ArrayList<>();
        EventFollower follower = depositsFollower(market, dir.resolve("checkpoint.json"), seen);
        String beforeLoss = market.snapshot();
        market.operator.market().deposit(BigInteger.valueOf(111));
        follower.poll();
        long sawUpTo = follower.checkpoint();
        assertTrue(seen.contains(BigInteger.valueOf(111)));

        market.revertTo(beforeLoss); // the deposit of 111 never happened on the chain the node came back with
        market.operator.market().deposit(BigInteger.valueOf(222));
        market.operator.market().deposit(BigInteger.valueOf(333));
        assertTrue(market.chain.blockNumber() > sawUpTo, "the new chain is longer: only the block hash shows the change");

        follower.poll();
        assertEquals(1, follower.rewinds());
        assertTrue(seen.containsAll(List.of(BigInteger.valueOf(222), BigInteger.valueOf(333))), "both new deposits handled: " + seen);
    }

    @Test
    void aFollowerRestartedOnAShorterChainReadsTheNewBlocksFromItsFileCheckpoint(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("checkpoint.json");
        String beforeLoss = market.snapshot();
        market.operator.market().deposit(BigInteger.valueOf(444));
        market.operator.market().deposit(BigInteger.valueOf(555));
        depositsFollower(market, checkpoint, new ArrayList<>()).poll(); // then the agent stops, its checkpoint on disk

        market.revertTo(beforeLoss);
        market.operator.market().deposit(BigInteger.valueOf(666));
        List<BigInteger> seen = new ArrayList<>();
        EventFollower restarted = depositsFollower(market, checkpoint, seen);
        restarted.poll();
        assertEquals(1, restarted.rewinds(), "the head below the checkpoint is a rollback");
        assertTrue(seen.contains(BigInteger.valueOf(666)), "the deposit mined after the loss is handled: " + seen);
        assertTrue(!seen.contains(BigInteger.valueOf(444)), "nothing from the lost blocks: " + seen);

        restarted.poll();
        assertEquals(1, restarted.rewinds(), "an unchanged chain is not re-read");
    }

    @Test
    void theBackoffDoublesFromThePollIntervalUpToItsCap() {
        java.time.Duration interval = java.time.Duration.ofMillis(200);
        assertEquals(200, EventFollower.backoffMillis(interval, 1));
        assertEquals(400, EventFollower.backoffMillis(interval, 2));
        assertEquals(1600, EventFollower.backoffMillis(interval, 4));
        assertEquals(EventFollower.MAX_BACKOFF.toMillis(), EventFollower.backoffMillis(interval, 30));
    }
}
