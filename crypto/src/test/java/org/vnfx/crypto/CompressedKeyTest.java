package org.vnfx.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The 33-byte form (prefix + x) that identities carry on chain. */
class CompressedKeyTest {
    /** secp256k1's generator G, compressed: a known valid key. */
    static final String G = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    @Test
    void bytesHexAndParsingRoundTrip() {
        CompressedKey k = CompressedKey.ofHex("0x" + G);
        assertEquals(2, k.prefix());
        assertEquals("0x" + G, k.hex());
        assertArrayEquals(HexFormat.of().parseHex(G), k.bytes());
        assertEquals(k, CompressedKey.of(k.bytes()));
        assertEquals(k, CompressedKey.ofHex(G), "the 0x is optional");
        assertEquals(k.hashCode(), CompressedKey.of(k.bytes()).hashCode());
        assertEquals("0x" + G, k.toString());
    }

    @Test
    void theKeyCannotBeChangedThroughItsArrays() {
        byte[] x = HexFormat.of().parseHex(G.substring(2));
        CompressedKey k = new CompressedKey((byte) 2, x);
        x[0] ^= 1;
        k.x()[1] ^= 1;
        k.bytes()[2] ^= 1;
        assertEquals("0x" + G, k.hex());
    }

    @Test
    void keysDifferingInPrefixOrXAreDifferent() {
        CompressedKey k = CompressedKey.ofHex(G);
        assertNotEquals(k, CompressedKey.ofHex("03" + G.substring(2)));
        assertNotEquals(k, CompressedKey.ofHex(G.substring(0, 65) + "9"));
    }

    @ParameterizedTest(name = "prefix 0x{0} is refused")
    @ValueSource(strings = {"00", "01", "04", "05", "ff"})
    void onlyThePrefixes02And03AreCompressedKeys(String prefix) {
        var e = assertThrows(IllegalArgumentException.class, () -> CompressedKey.ofHex(prefix + G.substring(2)));
        assertTrue(e.getMessage().contains("prefix must be 0x02 or 0x03, got 0x" + prefix), e.getMessage());
    }

    @ParameterizedTest(name = "{0} bytes are refused")
    @ValueSource(ints = {0, 1, 32, 34, 65})
    void aCompressedKeyIsExactly33Bytes(int length) {
        byte[] b = new byte[length];
        if (length > 0) b[0] = 2;
        var e = assertThrows(IllegalArgumentException.class, () -> CompressedKey.of(b));
        assertTrue(e.getMessage().contains("33 bytes, got " + length), e.getMessage());
    }

    @Test
    void xMustBe32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> new CompressedKey((byte) 2, new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new CompressedKey((byte) 3, new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> new CompressedKey((byte) 3, null));
    }

    @Test
    void hexThatIsNotHexIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CompressedKey.ofHex("zz" + G.substring(2)));
    }
}
