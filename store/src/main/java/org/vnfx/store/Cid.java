package org.vnfx.store;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A content identifier as IPFS writes it: CIDv1, multihash sha2-256, multibase base32 lower-case.
 *
 * <p>Binary form: {@code varint(1) varint(codec) varint(0x12) varint(32) digest[32]}; text form:
 * {@code 'b'} followed by the binary form in RFC 4648 base32, lower-case, no padding.
 *
 * <p>Two codecs are accepted. {@link #RAW} (0x55): the digest is the SHA-256 of the content itself,
 * so anyone holding the bytes can check them — this is what vnfx's stores make. {@link #DAG_PB}
 * (0x70): what an IPFS node answers for a file larger than one chunk (256 KiB by default); the digest
 * is that of a UnixFS protobuf node linking to the chunks, not of the content, so such a CID names
 * the content but a plain byte stream cannot be checked against it (see {@link #contentVerifiable()}).
 *
 * @param codec  multicodec of the addressed block: {@link #RAW} or {@link #DAG_PB}
 * @param digest the 32-byte sha2-256 digest (copied in and out: a CID is immutable)
 */
public record Cid(int codec, byte[] digest) {
    public static final int RAW = 0x55;
    public static final int DAG_PB = 0x70;
    /** Multihash code of sha2-256. */
    public static final int SHA2_256 = 0x12;
    public static final int DIGEST_LENGTH = 32;

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET[i]] = i;
    }

    public Cid {
        if (codec != RAW && codec != DAG_PB) {
            throw new IllegalArgumentException("unsupported CID codec 0x" + Integer.toHexString(codec)
                    + " (supported: 0x55 raw, 0x70 dag-pb)");
        }
        if (digest == null || digest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("a sha2-256 digest has 32 bytes, got "
                    + (digest == null ? "null" : digest.length));
        }
        digest = digest.clone();
    }

    /** The CID of content whose SHA-256 is {@code digest32}, as a raw block (what {@code ipfs add --raw-leaves --cid-version=1} gives for one chunk). */
    public static Cid rawSha256(byte[] digest32) {
        return new Cid(RAW, digest32);
    }

    /** The raw CID of {@code content}: for tests and small values; stores hash while they stream. */
    public static Cid ofRaw(byte[] content) {
        return rawSha256(sha256().digest(content));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Parses the text form. Errors name what is wrong and where: the multibase prefix, a character
     * outside the base32 alphabet (with its index in {@code text}), the CID version, codec, hash
     * function, digest length, trailing bytes.
     */
    public static Cid parse(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty CID");
        if (text.length() == 46 && text.startsWith("Qm")) {
            throw new IllegalArgumentException("CID " + text + " is a CIDv0 (base58btc, dag-pb); expected CIDv1 in base32 ('b…'), e.g. from `ipfs add --cid-version=1`");
        }
        char prefix = text.charAt(0);
        if (prefix != 'b') {
            throw new IllegalArgumentException("CID " + abbreviate(text) + " has multibase prefix '" + prefix + "'"
                    + multibaseName(prefix) + "; expected 'b' (base32 lower-case, RFC 4648, no padding)");
        }
        byte[] bin = decodeBase32(text, 1);
        int[] pos = {0};
        long version = readVarint(bin, pos, text, "version");
        if (version != 1) {
            throw new IllegalArgumentException("CID " + abbreviate(text) + " is version " + version + "; only CIDv1 is supported");
        }
        long codec = readVarint(bin, pos, text, "codec");
        if (codec != RAW && codec != DAG_PB) {
            throw new IllegalArgumentException("CID " + abbreviate(text) + " has codec 0x" + Long.toHexString(codec)
                    + codecName(codec) + "; supported: 0x55 raw, 0x70 dag-pb");
        }
        long hash = readVarint(bin, pos, text, "multihash function");
        if (hash != SHA2_256) {
            throw new IllegalArgumentException("CID " + abbreviate(text) + " uses multihash function 0x" + Long.toHexString(hash)
                    + hashName(hash) + "; only sha2-256 (0x12) is supported");
        }
        long length = readVarint(bin, pos, text, "digest length");
        if (length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("CID " + abbreviate(text) + " declares a sha2-256 digest of " + length
                    + " bytes; sha2-256 digests have 32");
        }
        int available = bin.length - pos[0];
        if (available < DIGEST_LENGTH) {
            throw new IllegalArgumentException("CID " + abbreviate(text) + " is truncated: the digest has " + available + " of 32 bytes");
        }
        if (available > DIGEST_LENGTH) {
            throw new IllegalArgumentException("CID " + abbreviate(text) + " has " + (available - DIGEST_LENGTH) + " bytes after the digest");
        }
        return new Cid((int) codec, Arrays.copyOfRange(bin, pos[0], bin.length));
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** True for raw CIDs: the digest is that of the content, so a byte stream can be checked against it. */
    public boolean contentVerifiable() {
        return codec == RAW;
    }

    /** The binary CID (what a contract or a multiaddr carries). */
    public byte[] bytes() {
        byte[] out = new byte[4 + DIGEST_LENGTH];
        out[0] = 1;
        out[1] = (byte) codec; // 0x55 and 0x70 are below 0x80: one varint byte each
        out[2] = SHA2_256;
        out[3] = DIGEST_LENGTH;
        System.arraycopy(digest, 0, out, 4, DIGEST_LENGTH);
        return out;
    }

    /** Hex of the digest, for messages and logs. */
    public String digestHex() {
        return HexFormat.of().formatHex(digest);
    }

    @Override
    public String toString() {
        return "b" + encodeBase32(bytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid c && c.codec == codec && Arrays.equals(c.digest, digest);
    }

    @Override
    public int hashCode() {
        return 31 * codec + Arrays.hashCode(digest);
    }

    static String encodeBase32(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        return sb.toString();
    }

    private static byte[] decodeBase32(String text, int from) {
        int chars = text.length() - from;
        ByteArrayOutputStream out = new ByteArrayOutputStream(chars * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                String hint = c >= 'A' && c <= 'Z' ? " (upper case: base32 here is lower-case)" : c == '=' ? " (padding: CIDs are unpadded)" : "";
                throw new IllegalArgumentException("CID " + abbreviate(text) + " has invalid base32 character '" + c
                        + "' at index " + i + hint);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        // 1, 3 or 6 leftover characters cannot come from whole bytes: no encoder writes them.
        int rest = chars % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            throw new IllegalArgumentException("CID " + abbreviate(text) + " has " + chars
                    + " base32 characters, a length no whole number of bytes encodes to (truncated?)");
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("CID " + abbreviate(text) + " is not canonical base32: its last character carries non-zero padding bits");
        }
        return out.toByteArray();
    }

    private static long readVarint(byte[] bin, int[] pos, String text, String what) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos[0] >= bin.length) {
                throw new IllegalArgumentException("CID " + abbreviate(text) + " ends inside its " + what + " (byte " + pos[0] + ")");
            }
            int b = bin[pos[0]++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new IllegalArgumentException("CID " + abbreviate(text) + " has an over-long varint for its " + what);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static String multibaseName(char prefix) {
        return switch (prefix) {
            case 'B' -> " (base32 upper-case)";
            case 'z' -> " (base58btc)";
            case 'f' -> " (base16)";
            case 'm', 'M', 'u', 'U' -> " (base64)";
            case 'k' -> " (base36)";
            default -> "";
        };
    }

    private static String codecName(long codec) {
        return codec == 0x71 ? " (dag-cbor)" : codec == 0x0129 ? " (dag-json)" : codec == 0x72 ? " (libp2p-key)" : "";
    }

    private static String hashName(long code) {
        return code == 0x13 ? " (sha2-512)" : code == 0x1e ? " (blake3)" : code == 0xb220 ? " (blake2b-256)" : code == 0x16 ? " (sha3-256)" : code == 0x00 ? " (identity)" : "";
    }
}
