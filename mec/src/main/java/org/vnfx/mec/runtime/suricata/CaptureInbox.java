package org.vnfx.mec.runtime.suricata;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * The folder Suricata reads captures from ({@code -r DIR --pcap-file-continuous --pcap-file-delete}).
 * Suricata takes a file only once its modification time is older than a settling delay and newer than
 * the last file it read, in modification-time order. So a capture is written in a staging folder
 * beside the inbox, given the next back-dated timestamp, and renamed in whole: Suricata never sees
 * half a file, and captures are inspected in the order they arrived.
 */
final class CaptureInbox {
    /** How far back the first capture is dated: more than Suricata's settling delay, less than a session would ever need. */
    static final Duration BACKDATE = Duration.ofDays(1);
    static final long MAX_CAPTURE_BYTES = 256L << 20;
    /** A pcap file with no packets: enough for Suricata to start its engine. */
    static final byte[] EMPTY_PCAP = {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0};

    private final Path inbox;
    private final Path staging;
    private final long firstEpochSecond;
    private long sequence;

    CaptureInbox(Path inbox, Path staging) throws IOException {
        this.inbox = Files.createDirectories(inbox);
        this.staging = Files.createDirectories(staging);
        this.firstEpochSecond = Instant.now().minus(BACKDATE).getEpochSecond();
    }

    Path folder() {
        return inbox;
    }

    /** Captures Suricata has not finished reading (it deletes each one it has read). */
    long pending() {
        try (var files = Files.list(inbox)) {
            return files.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Queues a capture for inspection; returns its name in the inbox. */
    synchronized String add(InputStream capture) throws IOException {
        String name = String.format("capture-%06d.pcap", sequence + 1);
        Path temp = staging.resolve(name);
        long bytes = 0;
        byte[] head = new byte[4];
        try (OutputStream out = Files.newOutputStream(temp)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = capture.read(buf)) > 0; ) {
                if (bytes < 4) System.arraycopy(buf, 0, head, (int) bytes, (int) Math.min(n, 4 - bytes));
                bytes += n;
                if (bytes > MAX_CAPTURE_BYTES) throw new CaptureRejected(413, "a capture may hold at most " + MAX_CAPTURE_BYTES + " bytes");
                out.write(buf, 0, n);
            }
            if (bytes < 24 || !pcapMagic(head)) throw new CaptureRejected(400, "not a pcap or pcapng file (" + bytes + " bytes, no pcap magic number)");
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.setLastModifiedTime(temp, FileTime.from(Instant.ofEpochSecond(firstEpochSecond + sequence)));
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        sequence++;
        return name;
    }

    private static boolean pcapMagic(byte[] h) {
        int be = ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        int le = Integer.reverseBytes(be);
        for (int m : new int[] {0xa1b2c3d4, 0xa1b23c4d, 0x0a0d0d0a}) if (be == m || le == m) return true;
        return false;
    }

    /** A capture refused before it reached Suricata, with the HTTP status to answer. */
    static final class CaptureRejected extends IOException {
        final int status;

        CaptureRejected(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
