package org.vnfx.mec.runtime.suricata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.vnfx.ledger.economics.ErrorType;

/**
 * Suricata's own counters as the error counts X(m, v, e) of equation (1). Every counter is cumulative
 * since the engine started (eve stats with totals), so the latest stats record is the session's count.
 * The mapping is documented in docs/reputation.md; alerts are service, never errors.
 */
public final class SuricataTelemetry {
    /** Packets the capture layer lost (live capture only; a replayed file cannot drop). */
    static final List<String> CAPTURE_DROPS = List.of("capture.kernel_drops", "capture.kernel_ifdrops");
    /** Packets the decoders rejected. */
    static final List<String> DECODER_INVALID = List.of("decoder.invalid");
    /** Flows and sessions lost or evicted early because a memory cap was reached. */
    static final List<String> MEMCAP_HITS = List.of("flow.memcap", "flow.get_used", "tcp.ssn_memcap_drop", "tcp.segment_memcap_drop",
            "http.memcap", "ftp.memcap");
    static final long UINT32_MAX = 0xFFFF_FFFFL;

    private SuricataTelemetry() {}

    /**
     * @param stats   the latest eve stats record ({@code "stats"} object), or a missing node
     * @param crashed the engine exited while it was in service
     */
    public static long[] errorCounts(JsonNode stats, boolean crashed) {
        long[] counts = new long[ErrorType.values().length];
        counts[ErrorType.CAPTURE_DROP.ordinal()] = sum(stats, CAPTURE_DROPS);
        counts[ErrorType.DECODER_INVALID.ordinal()] = sum(stats, DECODER_INVALID);
        counts[ErrorType.MEMCAP_HIT.ordinal()] = sum(stats, MEMCAP_HITS);
        long rulesFailed = 0;
        for (JsonNode engine : stats.path("detect").path("engines")) rulesFailed += Math.max(0, engine.path("rules_failed").asLong());
        counts[ErrorType.RULE_FAILURE.ordinal()] = rulesFailed;
        counts[ErrorType.ENGINE_CRASH.ordinal()] = crashed ? 1 : 0;
        for (int i = 0; i < counts.length; i++) counts[i] = Math.min(counts[i], UINT32_MAX); // the contract takes uint32
        return counts;
    }

    private static long sum(JsonNode stats, List<String> paths) {
        long total = 0;
        for (String p : paths) {
            JsonNode n = stats;
            for (String part : p.split("\\.")) n = n.path(part);
            total += Math.max(0, n.asLong(0));
        }
        return total;
    }
}
