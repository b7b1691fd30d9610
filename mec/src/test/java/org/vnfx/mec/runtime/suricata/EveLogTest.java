package org.vnfx.mec.runtime.suricata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.ledger.economics.ErrorType;

/** Following eve.json while Suricata writes it, and turning its counters into the error counts of equation (1). */
class EveLogTest {
    @TempDir
    Path dir;

    static String alert(long sid, String msg) {
        return "{\"event_type\":\"alert\",\"alert\":{\"signature_id\":" + sid + ",\"signature\":\"" + msg + "\",\"category\":\"Misc activity\"}}\n";
    }

    void append(Path f, String s) throws Exception {
        Files.writeString(f, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void countsAlertsPerSignatureAndReadsAHalfWrittenLineOnlyOnceItIsComplete() throws Exception {
        Path f = dir.resolve("eve.json");
        EveLog eve = new EveLog(f);
        eve.poll(); // no file yet: nothing, no error
        assertFalse(eve.hasStats());
        String second = alert(9000002, "exfil");
        append(f, alert(9000001, "probe") + alert(9000001, "probe") + second.substring(0, 20));
        eve.poll();
        assertEquals(2, eve.alertTotal());
        append(f, second.substring(20) + "{\"event_type\":\"stats\",\"stats\":{\"decoder\":{\"pkts\":5,\"invalid\":1}}}\n");
        eve.poll();
        assertEquals(List.of(new EveLog.Alert(9000001, "probe", "Misc activity", 2), new EveLog.Alert(9000002, "exfil", "Misc activity", 1)),
                eve.alerts());
        assertEquals(5, eve.stats().path("decoder").path("pkts").asLong());
        append(f, "not json\n");
        eve.poll();
        assertEquals(1, eve.malformedLines());
        assertEquals(3, eve.alertTotal(), "a line is never counted twice");
    }

    @Test
    void mapsSuricatasCountersToTheErrorTypesAndNeverCountsAlerts() throws Exception {
        var stats = new ObjectMapper().readTree("""
                {"capture":{"kernel_drops":7,"kernel_ifdrops":1},
                 "decoder":{"pkts":20200,"invalid":3},
                 "flow":{"memcap":2,"get_used":151,"get_used_failed":9},
                 "tcp":{"ssn_memcap_drop":4,"segment_memcap_drop":5},
                 "http":{"memcap":0},
                 "detect":{"engines":[{"id":0,"rules_loaded":3,"rules_failed":2}],"alert":200}}""");
        long[] expected = new long[ErrorType.values().length];
        expected[ErrorType.CAPTURE_DROP.ordinal()] = 8;
        expected[ErrorType.DECODER_INVALID.ordinal()] = 3;
        expected[ErrorType.MEMCAP_HIT.ordinal()] = 2 + 151 + 4 + 5;
        expected[ErrorType.RULE_FAILURE.ordinal()] = 2;
        assertArrayEquals(expected, SuricataTelemetry.errorCounts(stats, false));
        expected[ErrorType.ENGINE_CRASH.ordinal()] = 1;
        assertArrayEquals(expected, SuricataTelemetry.errorCounts(stats, true));
        assertArrayEquals(new long[ErrorType.values().length], SuricataTelemetry.errorCounts(new ObjectMapper().missingNode(), false),
                "before the first stats record there is nothing to count");
        var huge = new ObjectMapper().readTree("{\"decoder\":{\"invalid\":99999999999}}");
        assertEquals(SuricataTelemetry.UINT32_MAX, SuricataTelemetry.errorCounts(huge, false)[ErrorType.DECODER_INVALID.ordinal()],
                "counts saturate at the contract's uint32");
        assertTrue(SuricataTelemetry.MEMCAP_HITS.contains("flow.get_used"));
    }
}
