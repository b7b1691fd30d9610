package org.vnfx.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidTest {
    /** What js-ipfs 0.66.1 answers to add --cid-version=1 --raw-leaves (checked again live in JsIpfsTest). */
    static final String EMPTY = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    static final String HELLO_WORLD = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
    /** The empty UnixFS directory (block 0a 02 08 01) as CIDv1 dag-pb: QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn in v0. */
    static final String EMPTY_DIR = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

    private static String b32(byte[] bin) {
        return "b" + Cid.encodeBase32(bin);
    }

    private static byte[] bin(int... prefix) {
        return prefix.length == 0 ? new byte[0] : toBytes(prefix);
    }

    private static byte[] toBytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void goldenVectorsMatchIpfs() {
        assertEquals(EMPTY, Cid.ofRaw(new byte[0]).toString());
        assertEquals(HELLO_WORLD, Cid.ofRaw("hello world".getBytes(StandardCharsets.US_ASCII)).toString());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Cid.parse(EMPTY).digestHex());
        assertEquals("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", Cid.parse(HELLO_WORLD).digestHex());
    }

    @Test
    void rawCidRoundTripsAndHasTheMulticodecLayout() {
        Cid c = Cid.parse(HELLO_WORLD);
        assertEquals(Cid.RAW, c.codec());
        assertTrue(c.contentVerifiable());
        assertEquals(c, Cid.parse(c.toString()));
        assertEquals(c.hashCode(), Cid.parse(c.toString()).hashCode());
        byte[] b = c.bytes();
        assertEquals(36, b.length);
        assertArrayEquals(bin(0x01, 0x55, 0x12, 0x20), java.util.Arrays.copyOf(b, 4));
        assertArrayEquals(c.digest(), java.util.Arrays.copyOfRange(b, 4, 36));
        assertEquals(c.toString(), b32(b));
    }

    @Test
    void dagPbCidsParse() {
        Cid dir = Cid.parse(EMPTY_DIR);
        assertEquals(Cid.DAG_PB, dir.codec());
        assertFalse(dir.contentVerifiable());
        assertArrayEquals(Cid.sha256().digest(bin(0x0a, 0x02, 0x08, 0x01)), dir.digest());
        assertEquals(EMPTY_DIR, dir.toString());
        assertNotEquals(dir, Cid.rawSha256(dir.digest()));
    }

    @Test
    void isImmutable() {
        byte[] d = Cid.parse(EMPTY).digest();
        Cid c = Cid.rawSha256(d);
        d[0] ^= 1;
        assertEquals(EMPTY, c.toString());
        c.digest()[0] ^= 1;
        assertEquals(EMPTY, c.toString());
    }

    @Test
    void rejectsOtherMultibases() {
        var e = assertThrows(IllegalArgumentException.class, () -> Cid.parse("zb2rhj7crUKTQYRGCRATFaQ6YFLTde2YzdqbbhAASkL9uRDXn"));
        assertTrue(e.getMessage().contains("multibase prefix 'z' (base58btc)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(HELLO_WORLD.toUpperCase()));
        assertTrue(e.getMessage().contains("'B' (base32 upper-case)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"));
        assertTrue(e.getMessage().contains("CIDv0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cid.parse(""));
    }

    @Test
    void namesABadBase32CharacterAndItsIndex() {
        String bad = HELLO_WORLD.substring(0, 10) + "1" + HELLO_WORLD.substring(11);
        var e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(bad));
        assertTrue(e.getMessage().contains("invalid base32 character '1' at index 10"), e.getMessage());
        String upper = HELLO_WORLD.substring(0, 20) + "Q" + HELLO_WORLD.substring(21);
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(upper));
        assertTrue(e.getMessage().contains("'Q' at index 20 (upper case"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(HELLO_WORLD + "="));
        assertTrue(e.getMessage().contains("'=' at index 59 (padding"), e.getMessage());
    }

    @Test
    void rejectsWrongVersionCodecHashAndLength() {
        byte[] digest = Cid.parse(HELLO_WORLD).digest();
        var e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(b32(concat(bin(0x02, 0x55, 0x12, 0x20), digest))));
        assertTrue(e.getMessage().contains("is version 2; only CIDv1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(b32(concat(bin(0x01, 0x71, 0x12, 0x20), digest))));
        assertTrue(e.getMessage().contains("codec 0x71 (dag-cbor)"), e.getMessage());
        // dag-json is 0x0129: a two-byte varint
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(b32(concat(bin(0x01, 0xa9, 0x02, 0x12, 0x20), digest))));
        assertTrue(e.getMessage().contains("codec 0x129 (dag-json)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(b32(concat(bin(0x01, 0x55, 0x13, 0x40), concat(digest, digest)))));
        assertTrue(e.getMessage().contains("multihash function 0x13 (sha2-512)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(b32(concat(bin(0x01, 0x55, 0x12, 0x1f), java.util.Arrays.copyOf(digest, 31)))));
        assertTrue(e.getMessage().contains("digest of 31 bytes; sha2-256 digests have 32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(b32(concat(bin(0x01, 0x55, 0x12, 0x20), java.util.Arrays.copyOf(digest, 30)))));
        assertTrue(e.getMessage().contains("truncated: the digest has 30 of 32 bytes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(b32(concat(concat(bin(0x01, 0x55, 0x12, 0x20), digest), bin(0, 0)))));
        assertTrue(e.getMessage().contains("2 bytes after the digest"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(b32(bin(0x01, 0x55))));
        assertTrue(e.getMessage().contains("ends inside its multihash function"), e.getMessage());
    }

    @Test
    void rejectsImpossibleBase32Lengths() {
        var e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(HELLO_WORLD.substring(0, HELLO_WORLD.length() - 1)));
        assertTrue(e.getMessage().contains("57 base32 characters"), e.getMessage());
    }

    @Test
    void constructorChecksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> Cid.rawSha256(new byte[31]));
        var e = assertThrows(IllegalArgumentException.class, () -> new Cid(0x71, new byte[32]));
        assertTrue(e.getMessage().contains("0x71"), e.getMessage());
        assertEquals("00".repeat(32), HexFormat.of().formatHex(new Cid(Cid.DAG_PB, new byte[32]).digest()));
    }
}
