package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.ledger.Market.Refusal;

/**
 * `vnfx bench load` at toy size, instant mining: three MEC nodes each send three requests at once and hold
 * two grants, so every node gets two grants and one refusal. The accounting (read back from the chain) must
 * balance; no timing is asserted.
 */
class BenchLoadTest {
    @TempDir
    Path dir;

    @Test
    void everyRequestEndsGrantedOrRefusedWithAReasonExactlyOnce() throws Exception {
        LoadBench.Run run = LoadBench.measure(0, 3, 3, 2, 2, new PrintWriter(new StringWriter()));

        LoadBench.Accounting a = run.accounting();
        assertTrue(a.complete(), a.toString());
        assertEquals(9, a.deployments(), "one deployment per request sent");
        assertEquals(6, a.granted(), "two grants fill each node's resources");
        assertEquals(3, a.refused(), "the third request of each node finds no room");
        assertEquals(Map.of(Refusal.INSUFFICIENT_RESOURCES, 3), a.reasons());
        assertEquals(0, a.redone(), "grants in flight are reserved: no decision reverts when mined and is made again");
        assertEquals(9, run.latencyMillis().length);
        assertEquals(9, run.transfers(), "the baseline sends as many transfers as requests");
        assertTrue(run.requestGas() > 0 && run.decisionGas() > 0, "gas is read from the receipts");
    }

    @Test
    void thePrintedTableCarriesTheBaselinesAndTheRatios() {
        Cli.Run r = new Cli(dir.resolve("data")).run("bench", "load", "--mec", "2", "--requests", "2", "--slots", "1", "--offers", "1",
                "--block-times", "0").ok();
        assertTrue(r.out().contains("TRANSFERS/S") && r.out().contains("RATIO") && r.out().contains("REQ TX/S"), r.out());
        assertTrue(r.out().contains("4 requests sent, 4 deployments, 2 granted, 2 refused {INSUFFICIENT_RESOURCES=2}, 0 still requested, 0 decided twice"),
                r.out());
    }
}
