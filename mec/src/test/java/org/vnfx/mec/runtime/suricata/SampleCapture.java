package org.vnfx.mec.runtime.suricata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The capture shipped in the IDS exemplar package, {@code examples/suricata-ids/package/Files/traffic/sample.pcap},
 * written by {@link Pcap} so that it is reproducible byte for byte ({@code SampleCaptureTest} checks the committed
 * file against a fresh one). Regenerate it with
 * {@code java -cp mec/target/classes:mec/target/test-classes org.vnfx.mec.runtime.suricata.SampleCapture FILE}.
 *
 * <p>What it holds, in order (one packet per second from {@link #START}):
 * <ol>
 *   <li>the five packets of {@code SuricataExemplarTest}: one per rule of {@code vnfx.rules} (sids 9000001,
 *       9000002, 9000003) and two benign ones (a datagram to 5353 without the marker, a normal ping);</li>
 *   <li>{@link #FLOWS} distinct benign UDP flows, one datagram each, from 10.1.x.y to 10.0.0.2:9999, enough to
 *       fill a small flow table (the degraded lite variant's runs out and enters emergency mode);</li>
 *   <li>after every {@link #PROBE_EVERY}th of those flows, a VNFX-PROBE datagram from the same host to port 5353
 *       (sid 9000001), so alerts keep coming while the flow table is under pressure.</li>
 * </ol>
 * With the exemplar's rules this raises {@link #PROBES} + 1 alerts of sid 9000001 and one each of 9000002 and 9000003.
 */
public final class SampleCapture {
    public static final long START = 1_700_000_000L;
    public static final int FLOWS = 20_000;
    public static final int PROBE_EVERY = 100;
    public static final int PROBES = FLOWS / PROBE_EVERY;
    /** 5 + FLOWS + PROBES */
    public static final int PACKETS = 5 + FLOWS + PROBES;

    static final int[] A = {10, 0, 0, 1};
    static final int[] B = {10, 0, 0, 2};

    private SampleCapture() {}

    /** The five packets of the exemplar test: three marked, two benign. */
    public static Pcap marked(Pcap pcap) {
        return pcap
                .udp(A, 40000, B, 5353, ascii("hello VNFX-PROBE"))               // sid 9000001
                .udp(A, 40001, B, 9999, ascii("payload with exfil inside"))      // sid 9000002 (nocase)
                .icmpEcho(A, B, 7, 1, new byte[1200])                            // sid 9000003
                .udp(A, 40002, B, 5353, ascii("an ordinary mDNS-ish datagram"))  // benign
                .icmpEcho(A, B, 7, 2, new byte[56]);                             // a normal ping
    }

    public static Pcap build() {
        Pcap pcap = marked(new Pcap(START));
        for (int i = 0; i < FLOWS; i++) {
            int[] src = {10, 1, i / 250, i % 250 + 1};
            pcap.udp(src, 1024 + i, B, 9999, ascii(String.format("n%07d", i)));
            if (i % PROBE_EVERY == PROBE_EVERY - 1) pcap.udp(src, 1024 + i, B, 5353, ascii("VNFX-PROBE"));
        }
        return pcap;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: SampleCapture FILE.pcap");
        Pcap pcap = build();
        pcap.write(Path.of(args[0]));
        System.out.println("wrote " + args[0] + " (" + pcap.packets() + " packets)");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
