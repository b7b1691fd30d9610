package org.vnfx.mec.runtime.suricata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes classic libpcap files (Ethernet, IPv4, UDP and ICMP echo) so that captures to replay into the
 * IDS VNF are made by the project, byte for byte reproducible, with no capture tool installed.
 */
public final class Pcap {
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int SNAPLEN = 65_535;

    private final List<byte[]> frames = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private long nextSecond;

    /** @param startEpochSecond timestamp of the first packet; each further packet is one second later */
    public Pcap(long startEpochSecond) {
        this.nextSecond = startEpochSecond;
    }

    public Pcap udp(int[] src, int srcPort, int[] dst, int dstPort, byte[] payload) {
        ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
        u.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return add(ipv4(src, dst, 17, u.array()));
    }

    /** A frame whose IPv4 header is cut short: decoders must reject it (Suricata counts it in decoder.invalid). */
    public Pcap truncatedIpv4() {
        return add(new byte[] {0x45, 0, 0, 40, 0, 0, 0, 0, 64, 17});
    }

    public Pcap icmpEcho(int[] src, int[] dst, int identifier, int sequence, byte[] payload) {
        ByteBuffer i = ByteBuffer.allocate(8 + payload.length);
        i.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) identifier).putShort((short) sequence).put(payload);
        byte[] icmp = i.array();
        int c = checksum(icmp);
        icmp[2] = (byte) (c >> 8);
        icmp[3] = (byte) c;
        return add(ipv4(src, dst, 1, icmp));
    }

    public int packets() {
        return frames.size();
    }

    public Path write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
        return file;
    }

    /** The capture file's bytes. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toByteArray();
    }

    private void write(OutputStream out) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN).putInt(LINKTYPE_ETHERNET);
        out.write(h.array());
        for (int k = 0; k < frames.size(); k++) {
            byte[] f = frames.get(k);
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) (long) times.get(k)).putInt(0).putInt(f.length).putInt(f.length);
            out.write(r.array());
            out.write(f);
        }
    }

    private Pcap add(byte[] ipPacket) {
        ByteBuffer e = ByteBuffer.allocate(14 + ipPacket.length);
        e.put(new byte[] {2, 0, 0, 0, 0, 2}).put(new byte[] {2, 0, 0, 0, 0, 1}).putShort((short) 0x0800).put(ipPacket);
        frames.add(e.array());
        times.add(nextSecond++);
        return this;
    }

    private static byte[] ipv4(int[] src, int[] dst, int protocol, byte[] payload) {
        ByteBuffer ip = ByteBuffer.allocate(20 + payload.length);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) protocol).putShort((short) 0);
        for (int b : src) ip.put((byte) b);
        for (int b : dst) ip.put((byte) b);
        byte[] out = ip.put(payload).array();
        int c = checksum(java.util.Arrays.copyOf(out, 20));
        out[10] = (byte) (c >> 8);
        out[11] = (byte) c;
        return out;
    }

    /** The Internet checksum (RFC 1071). */
    static int checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i < data.length; i += 2) {
            int hi = data[i] & 0xff;
            int lo = i + 1 < data.length ? data[i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }
}
