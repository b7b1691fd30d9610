package org.vnfx.mec.runtime.suricata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows Suricata's eve.json as it grows: counts alerts per signature and keeps the latest stats record.
 * Only complete lines are read; a line Suricata is still writing is read at the next poll.
 */
public final class EveLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE_BYTES = 1 << 20;

    /** Alerts raised by one signature. */
    public record Alert(long signatureId, String signature, String category, long count) {}

    private final Path file;
    private long offset;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final Map<Long, Alert> alerts = new TreeMap<>();
    private long alertTotal;
    private JsonNode stats = MissingNode.getInstance();
    private long malformedLines;

    public EveLog(Path file) {
        this.file = file;
    }

    /** Reads what was appended since the last poll. */
    public synchronized void poll() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < offset) { // rotated or truncated: start over
                offset = 0;
                partial.reset();
            }
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            for (int n; (n = ch.read(buf, offset)) > 0; buf.clear()) {
                offset += n;
                byte[] a = buf.array();
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i] != '\n') continue;
                    partial.write(a, from, i - from);
                    line(partial.toByteArray());
                    partial.reset();
                    from = i + 1;
                }
                partial.write(a, from, n - from);
                if (partial.size() > MAX_LINE_BYTES) { // not eve output; skip it rather than grow without bound
                    partial.reset();
                    malformedLines++;
                }
            }
        } catch (NoSuchFileException e) {
            // Suricata has not opened its log yet.
        }
    }

    private void line(byte[] bytes) {
        if (bytes.length == 0) return;
        JsonNode e;
        try {
            e = JSON.readTree(bytes);
        } catch (IOException ex) {
            malformedLines++;
            return;
        }
        switch (e.path("event_type").asText()) {
            case "alert" -> {
                JsonNode a = e.path("alert");
                long sid = a.path("signature_id").asLong();
                Alert before = alerts.get(sid);
                alerts.put(sid, new Alert(sid, a.path("signature").asText(), a.path("category").asText(), before == null ? 1 : before.count() + 1));
                alertTotal++;
            }
            case "stats" -> stats = e.path("stats");
            default -> { }
        }
    }

    /** Alerts so far, by signature id. */
    public synchronized List<Alert> alerts() {
        return List.copyOf(alerts.values());
    }

    public synchronized long alertTotal() {
        return alertTotal;
    }

    /** The latest stats record (Suricata's cumulative counters), or a missing node before the first. */
    public synchronized JsonNode stats() {
        return stats;
    }

    public synchronized boolean hasStats() {
        return !stats.isMissingNode();
    }

    /** Lines that were not JSON (a log Suricata did not write, or a crash mid-line). */
    public synchronized long malformedLines() {
        return malformedLines;
    }

    public boolean exists() {
        return Files.exists(file);
    }
}
