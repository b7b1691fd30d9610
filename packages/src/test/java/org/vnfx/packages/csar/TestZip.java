package org.vnfx.packages.csar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip archives byte by byte for tests, including what {@link java.util.zip.ZipOutputStream} refuses to
 * write: duplicate names, '..' and absolute paths, symbolic links (unix mode in the external attributes), headers
 * that lie about sizes, entries whose data runs into the next.
 */
public final class TestZip {
    /** One entry; the fields a test may bend are public. */
    public static final class Entry {
        public final String name;
        public final byte[] data;
        public int method = 8;
        /** The unix mode in the external attributes (e.g. 0120777 for a link), 0 for none (a DOS host). */
        public int unixMode = 0100644;
        /** When >= 0, the uncompressed size the headers declare instead of the real one. */
        public long declaredSize = -1;
        public int flags = 0x0800; // UTF-8 names
        /** Added to the compressed size the headers declare (an entry whose data runs into the next one). */
        public long extraCompressed = 0;

        Entry(String name, byte[] data) {
            this.name = name;
            this.data = data;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    public Entry add(String name, byte[] data) {
        Entry e = new Entry(name, data);
        entries.add(e);
        return e;
    }

    public Entry add(String name, String text) {
        return add(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every file of a map (path → content), in the map's order. */
    public static TestZip of(Map<String, byte[]> files) {
        TestZip z = new TestZip();
        files.forEach(z::add);
        return z;
    }

    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes());
        return file;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            byte[] stored = e.method == 8 ? deflate(e.data) : e.data;
            CRC32 crc = new CRC32();
            crc.update(e.data);
            long size = e.declaredSize >= 0 ? e.declaredSize : e.data.length;
            long offset = out.size();
            long csize = stored.length + e.extraCompressed;
            out.writeBytes(header(0x04034b50, false, e, crc.getValue(), csize, size, name, 0));
            out.writeBytes(stored);
            central.writeBytes(header(0x02014b50, true, e, crc.getValue(), csize, size, name, offset));
        }
        long cdOffset = out.size();
        out.writeBytes(central.toByteArray());
        ByteBuffer eocd = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        eocd.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size()).putShort((short) entries.size())
                .putInt(central.size()).putInt((int) cdOffset).putShort((short) 0);
        out.writeBytes(eocd.array());
        return out.toByteArray();
    }

    private static byte[] header(int signature, boolean central, Entry e, long crc, long csize, long size, byte[] name, long offset) {
        ByteBuffer b = ByteBuffer.allocate((central ? 46 : 30) + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(signature);
        if (central) b.putShort((short) (e.unixMode != 0 ? 0x0314 : 0x0014)); // made by: unix or MS-DOS, zip 2.0
        b.putShort((short) 20).putShort((short) e.flags).putShort((short) e.method).putShort((short) 0).putShort((short) 0x0021)
                .putInt((int) crc).putInt((int) csize).putInt((int) size).putShort((short) name.length).putShort((short) 0);
        if (central) {
            b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(e.unixMode << 16).putInt((int) offset);
        }
        b.put(name);
        return b.array();
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }
}
