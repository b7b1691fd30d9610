package org.vnfx.packages.csar;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.vnfx.packages.PackageException;

/**
 * A zip archive read the careful way: from its central directory, which this class parses itself so that it sees
 * what {@link java.util.zip} hides (every duplicate name, the unix file type in the external attributes, local
 * headers that disagree with the central directory, entries that overlap). Nothing is extracted; {@link #open}
 * streams one entry's bytes, inflating them against the {@link ZipLimits} (the bytes that actually come out, not
 * the sizes the headers declare) and checking the size and CRC-32 at the end.
 *
 * <p>Supports stored and deflated entries and ZIP64; refuses multi-disk archives. Names are decoded as UTF-8 (as
 * {@link java.util.zip.ZipFile} does by default), strictly.
 */
public final class ZipArchive implements Closeable {
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final long MAX_CENTRAL_DIRECTORY = 64L << 20;
    public static final int STORED = 0;
    public static final int DEFLATED = 8;

    /**
     * One central directory record.
     *
     * @param name the entry's name as stored (UTF-8)
     * @param madeBy "version made by": the high byte is the host system (3 = unix, 19 = OS X)
     * @param flags general purpose bit flags (bit 0: encrypted)
     * @param method compression method (0 stored, 8 deflated)
     * @param externalAttributes on unix hosts, the file mode in the high 16 bits
     * @param dataOffset where the entry's compressed bytes start, after its local header
     */
    public record Entry(String name, int madeBy, int flags, int method, long crc, long compressedSize, long size,
                        long localHeaderOffset, long externalAttributes, long dataOffset) {
        public static final int S_IFMT = 0170000;
        public static final int S_IFREG = 0100000;
        public static final int S_IFDIR = 0040000;
        public static final int S_IFLNK = 0120000;

        public boolean isDirectory() {
            return name.endsWith("/");
        }

        public boolean encrypted() {
            return (flags & 1) != 0;
        }

        /** The unix file type bits (S_IFMT) when a unix-like host wrote the entry, else 0 (unknown). */
        public int unixFileType() {
            int host = madeBy >>> 8;
            return host == 3 || host == 19 ? (int) (externalAttributes >>> 16) & S_IFMT : 0;
        }
    }

    /** A problem found while reading an entry's bytes; {@link #rule()} says which check it breaks. */
    public static final class EntryException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String rule;

        EntryException(String rule, String message) {
            super(message);
            this.rule = rule;
        }

        public String rule() {
            return rule;
        }
    }

    private final FileChannel channel;
    private final String label;
    private final ZipLimits limits;
    private final long declaredEntries;
    private final List<Entry> entries;
    private long inflatedTotal;

    private ZipArchive(FileChannel channel, String label, ZipLimits limits, long declaredEntries, List<Entry> entries) {
        this.channel = channel;
        this.label = label;
        this.limits = limits;
        this.declaredEntries = declaredEntries;
        this.entries = entries;
    }

    /**
     * Reads the central directory of {@code file}. When it declares more entries than {@code limits} allow, none
     * are read ({@link #entries()} is empty; see {@link #declaredEntries()}).
     *
     * @param label how messages name the archive
     * @throws PackageException when the file is not a readable zip archive (the message says why)
     */
    public static ZipArchive open(Path file, String label, ZipLimits limits) throws IOException, PackageException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ZipArchive zip = read(channel, label, limits);
            channel = null;
            return zip;
        } finally {
            if (channel != null) channel.close();
        }
    }

    private static ZipArchive read(FileChannel channel, String label, ZipLimits limits) throws IOException, PackageException {
        long size = channel.size();
        int tailLength = (int) Math.min(size, 22 + 0xFFFF);
        ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
        int eocd = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD && i + 22 + (tail.getShort(i + 20) & 0xFFFF) <= tailLength) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw new PackageException(label, "not a zip archive (no end of central directory record)");
        long trailing = tailLength - (eocd + 22 + (tail.getShort(eocd + 20) & 0xFFFF));
        if (trailing > 0) {
            // another reader could take those bytes for something else: a package is one archive and nothing more
            throw new PackageException(label, trailing + " bytes after the end of the zip archive; a package ends with its end of central directory record");
        }
        long eocdOffset = size - tailLength + eocd;
        int disk = tail.getShort(eocd + 4) & 0xFFFF;
        int cdDisk = tail.getShort(eocd + 6) & 0xFFFF;
        long count = tail.getShort(eocd + 10) & 0xFFFF;
        long cdSize = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
        long cdOffset = tail.getInt(eocd + 16) & 0xFFFFFFFFL;
        long cdEnd = eocdOffset;
        if (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
            if (eocdOffset < 20) throw new PackageException(label, "not a zip archive (truncated ZIP64 end of central directory)");
            ByteBuffer locator = readAt(channel, eocdOffset - 20, 20);
            if (locator.getInt(0) != ZIP64_LOCATOR) throw new PackageException(label, "not a zip archive (ZIP64 sizes without a ZIP64 locator)");
            long z64 = locator.getLong(8);
            if (z64 < 0 || z64 + 56 > eocdOffset - 20) throw new PackageException(label, "not a zip archive (ZIP64 record out of the file)");
            ByteBuffer record = readAt(channel, z64, 56);
            if (record.getInt(0) != ZIP64_EOCD) throw new PackageException(label, "not a zip archive (bad ZIP64 end of central directory)");
            disk = record.getInt(16);
            cdDisk = record.getInt(20);
            count = record.getLong(32);
            cdSize = record.getLong(40);
            cdOffset = record.getLong(48);
            cdEnd = z64;
        }
        if (disk != 0 || cdDisk != 0) throw new PackageException(label, "a multi-disk (split) zip archive; expected a single file");
        if (count < 0 || cdSize < 0 || cdOffset < 0 || cdOffset + cdSize > cdEnd) {
            throw new PackageException(label, "not a zip archive (the central directory lies outside the file)");
        }
        if (cdOffset + cdSize != cdEnd) {
            throw new PackageException(label, (cdEnd - cdOffset - cdSize) + " bytes between the central directory and its end record; expected none");
        }
        if (count > limits.maxEntries()) return new ZipArchive(channel, label, limits, count, List.of());
        if (cdSize > MAX_CENTRAL_DIRECTORY) throw new PackageException(label, "central directory of " + cdSize + " bytes; more than " + MAX_CENTRAL_DIRECTORY + " is not a package");

        ByteBuffer cd = readAt(channel, cdOffset, (int) cdSize);
        List<Entry> entries = new ArrayList<>((int) count);
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL) {
                throw new PackageException(label, "corrupt central directory at entry " + (i + 1) + " of " + count);
            }
            int madeBy = cd.getShort(p + 4) & 0xFFFF;
            int flags = cd.getShort(p + 8) & 0xFFFF;
            int method = cd.getShort(p + 10) & 0xFFFF;
            long crc = cd.getInt(p + 16) & 0xFFFFFFFFL;
            long csize = cd.getInt(p + 20) & 0xFFFFFFFFL;
            long usize = cd.getInt(p + 24) & 0xFFFFFFFFL;
            int nameLength = cd.getShort(p + 28) & 0xFFFF;
            int extraLength = cd.getShort(p + 30) & 0xFFFF;
            int commentLength = cd.getShort(p + 32) & 0xFFFF;
            long external = cd.getInt(p + 38) & 0xFFFFFFFFL;
            long local = cd.getInt(p + 42) & 0xFFFFFFFFL;
            int next = p + 46 + nameLength + extraLength + commentLength;
            if (next > cd.limit()) throw new PackageException(label, "corrupt central directory at entry " + (i + 1) + " of " + count);
            byte[] nameBytes = new byte[nameLength];
            cd.get(p + 46, nameBytes);
            String name = utf8(label, nameBytes, i + 1);
            // ZIP64 extra field: the 64-bit values, in this order, of just those fields that are 0xFFFFFFFF.
            for (int x = p + 46 + nameLength, end = x + extraLength; x + 4 <= end; ) {
                int id = cd.getShort(x) & 0xFFFF;
                int len = cd.getShort(x + 2) & 0xFFFF;
                if (x + 4 + len > end) break;
                if (id == 0x0001) {
                    int y = x + 4;
                    if (usize == 0xFFFFFFFFL && y + 8 <= x + 4 + len) { usize = cd.getLong(y); y += 8; }
                    if (csize == 0xFFFFFFFFL && y + 8 <= x + 4 + len) { csize = cd.getLong(y); y += 8; }
                    if (local == 0xFFFFFFFFL && y + 8 <= x + 4 + len) { local = cd.getLong(y); }
                }
                x += 4 + len;
            }
            if (usize < 0 || csize < 0 || local < 0 || local + 30 > cdOffset) {
                throw new PackageException(label, "entry '" + name + "': sizes or offset out of range");
            }
            ByteBuffer lh = readAt(channel, local, 30);
            if (lh.getInt(0) != LOCAL) throw new PackageException(label, "entry '" + name + "': no local header where the central directory says");
            int localNameLength = lh.getShort(26) & 0xFFFF;
            int localExtraLength = lh.getShort(28) & 0xFFFF;
            // the local header's own lengths are not checked by the ones above (found by CsarArchiveFuzzTest)
            if (local + 30 + localNameLength > cdOffset) {
                throw new PackageException(label, "entry '" + name + "': its local header's name runs past the central directory");
            }
            byte[] localName = readAt(channel, local + 30, localNameLength).array();
            if (!Arrays.equals(localName, nameBytes)) {
                throw new PackageException(label, "entry '" + name + "': its local header names it '"
                        + new String(localName, StandardCharsets.UTF_8) + "'; the two names of an entry must agree");
            }
            if ((lh.getShort(8) & 0xFFFF) != method) {
                throw new PackageException(label, "entry '" + name + "': local and central headers disagree on the compression method");
            }
            long data = local + 30 + localNameLength + localExtraLength;
            if (data + csize > cdOffset) throw new PackageException(label, "entry '" + name + "': its data runs past the central directory");
            entries.add(new Entry(name, madeBy, flags, method, crc, csize, usize, local, external, data));
            p = next;
        }
        if (p != cd.limit()) {
            throw new PackageException(label, "the central directory holds more than the " + count + " entries its end record declares");
        }
        return new ZipArchive(channel, label, limits, count, List.copyOf(entries));
    }

    private static String utf8(String label, byte[] bytes, long index) throws PackageException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PackageException(label, "entry " + index + ": its name is not UTF-8");
        }
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) throw new IOException("unexpected end of file at " + (position + b.position()));
        }
        return b.flip();
    }

    public String label() {
        return label;
    }

    public ZipLimits limits() {
        return limits;
    }

    /** How many entries the archive declares (beyond {@link ZipLimits#maxEntries()}, none are read). */
    public long declaredEntries() {
        return declaredEntries;
    }

    /** Every central directory record, in directory order, duplicates included. */
    public List<Entry> entries() {
        return entries;
    }

    /** Bytes inflated so far by {@link #open} streams of this archive. */
    public long inflatedTotal() {
        return inflatedTotal;
    }

    /**
     * The entry's content. Reading fails with an {@link EntryException} when it inflates beyond its declared size,
     * beyond the archive's total or the ratio limit, or ends with the wrong size or CRC-32.
     */
    public InputStream open(Entry e) throws IOException {
        if (e.method() != STORED && e.method() != DEFLATED) {
            throw new EntryException("zip-entry-types", "entry '" + e.name() + "' uses compression method " + e.method() + "; expected stored (0) or deflated (8)");
        }
        if (e.encrypted()) throw new EntryException("zip-entry-types", "entry '" + e.name() + "' is encrypted");
        return new EntryStream(e, true);
    }

    /**
     * Reads a whole (small) entry, such as a manifest, once more besides its {@link #open} pass: bounded by
     * {@code max} and by its declared size, it does not count towards the archive's total.
     */
    public byte[] read(Entry e, int max) throws IOException {
        if (e.size() > max) throw new EntryException("zip-limits", "entry '" + e.name() + "' is " + e.size() + " bytes; at most " + max + " are read");
        open(e).close(); // the same refusals as open
        try (InputStream in = new EntryStream(e, false)) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Positional reads of the compressed bytes, inflated as they come, every byte counted and checked. */
    private final class EntryStream extends InputStream {
        private final Entry entry;
        private final Inflater inflater;
        private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        private final CRC32 crc = new CRC32();
        private long compressedRead;
        private long produced;
        private boolean eof;
        private boolean dummyGiven;
        private final boolean counted;

        EntryStream(Entry entry, boolean counted) {
            this.entry = entry;
            this.counted = counted;
            this.inflater = entry.method() == DEFLATED ? new Inflater(true) : null;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (eof) return -1;
            if (len == 0) return 0;
            int n = inflater == null ? readStored(b, off, len) : readDeflated(b, off, len);
            if (n < 0) {
                finish();
                return -1;
            }
            count(b, off, n);
            return n;
        }

        private int readStored(byte[] b, int off, int len) throws IOException {
            long left = entry.compressedSize() - compressedRead;
            if (left <= 0) return -1;
            ByteBuffer target = ByteBuffer.wrap(b, off, (int) Math.min(len, left));
            int n = channel.read(target, entry.dataOffset() + compressedRead);
            if (n < 0) throw corrupt("its data is cut short");
            compressedRead += n;
            return n;
        }

        private int readDeflated(byte[] b, int off, int len) throws IOException {
            try {
                while (true) {
                    int n = inflater.inflate(b, off, len);
                    if (n > 0) return n;
                    if (inflater.finished()) return -1;
                    if (inflater.needsDictionary()) throw corrupt("its deflate stream needs a preset dictionary");
                    if (inflater.needsInput()) fill();
                }
            } catch (DataFormatException e) {
                throw corrupt("its deflate stream is corrupt (" + e.getMessage() + ")");
            }
        }

        private void fill() throws IOException {
            long left = entry.compressedSize() - compressedRead;
            if (left <= 0 && !dummyGiven) {
                // zlib may ask for one byte past a raw deflate stream before it reports the end (java.util.zip does the same)
                dummyGiven = true;
                inflater.setInput(new byte[1]);
                return;
            }
            if (left <= 0) throw corrupt("its deflate stream ends before the data does");
            in.clear().limit((int) Math.min(in.capacity(), left));
            int n = channel.read(in, entry.dataOffset() + compressedRead);
            if (n <= 0) throw corrupt("its data is cut short");
            compressedRead += n;
            inflater.setInput(in.array(), 0, n);
        }

        private void count(byte[] b, int off, int n) throws IOException {
            produced += n;
            if (counted) inflatedTotal += n;
            crc.update(b, off, n);
            if (produced > entry.size()) {
                throw new EntryException("zip-limits", "entry '" + entry.name() + "' inflates beyond the " + entry.size() + " bytes it declares");
            }
            if (limits.ratioExceeded(produced, entry.compressedSize())) {
                throw new EntryException("zip-limits", "entry '" + entry.name() + "' inflates to more than " + limits.maxRatio()
                        + " times its " + entry.compressedSize() + " compressed bytes; the ratio limit is " + limits.maxRatio());
            }
            if (inflatedTotal > limits.maxTotalBytes()) {
                throw new EntryException("zip-limits", "the entries inflate to more than " + limits.maxTotalBytes() + " bytes in total, the limit");
            }
        }

        private void finish() throws IOException {
            eof = true;
            if (produced != entry.size()) throw corrupt("it inflates to " + produced + " bytes but declares " + entry.size());
            if (crc.getValue() != entry.crc()) {
                throw corrupt(String.format("its CRC-32 is %08x; the archive says %08x", crc.getValue(), entry.crc()));
            }
        }

        private EntryException corrupt(String why) {
            return new EntryException("zip-format", "entry '" + entry.name() + "' is corrupt: " + why);
        }

        @Override
        public void close() {
            if (inflater != null) inflater.end();
        }
    }
}
