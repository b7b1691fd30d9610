package org.vnfx.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageCipherTest {
    static final HexFormat HEX = HexFormat.of();

    /** sha256("vnfx test content key") */
    static final String KEY = "980647138972ed481175889287306bdc3ef231d9375d1dd719d23873d23b1189";
    static final byte[] PLAINTEXT = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
    static final String PREFIX = "b0b1b2b3b4b5b6";
    /**
     * 43 bytes in 16-byte chunks: 16 + 16 + 11. Reproduced with Python's cryptography (OpenSSL),
     * src/test/resources/interop/vectors.py, and below with the JDK's AES-GCM chunk by chunk.
     */
    static final String CIPHERTEXT = "564e4658454e4331" + "00000010" + "b0b1b2b3b4b5b6" // header
            + "542d3ababf1d7a73eb2bfa1351b9c29f" + "21bad6c58798442105c9f8e9c9695393" // chunk 0, tag
            + "303e9ed1471b484e53193eaf6795e7a0" + "765d6be9be30a02cfdfb643ca7430ee8" // chunk 1, tag
            + "a8f6b4d16b4a1629dccef2" + "2ef2fe3a8c6a8af3048a04af9c1ef801"; // chunk 2 (last), tag
    static final String PLAINTEXT_SHA256 = "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592";
    static final String CIPHERTEXT_SHA256 = "696f3072276ba1c80a587f78dc0111343cda7718ffebe1a6dd7da028fccd348c";

    static final int C = 16; // chunk size for the tampering tests: a sealed chunk is 32 bytes
    static final byte[] KEY_BYTES = HEX.parseHex(KEY);

    static byte[] encrypt(byte[] plaintext, int chunkBytes, boolean threaded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackageCipher.encrypt(new ByteArrayInputStream(plaintext), out, KEY_BYTES, chunkBytes, new SecureRandom(), threaded);
        return out.toByteArray();
    }

    static byte[] decrypt(byte[] ciphertext, byte[] key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackageCipher.decrypt(new ByteArrayInputStream(ciphertext), out, key);
        return out.toByteArray();
    }

    static String failure(byte[] ciphertext) {
        return assertThrows(CryptoException.class, () -> decrypt(ciphertext, KEY_BYTES)).getMessage();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @Test
    void theTestVectorIsReproducedFromAFixedNoncePrefix() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FixedRandom random = new FixedRandom(PREFIX);

        PackageCipher.Sealed sealed = PackageCipher.encrypt(new ByteArrayInputStream(PLAINTEXT), out, KEY_BYTES, 16, random, false);

        assertEquals(CIPHERTEXT, HEX.formatHex(out.toByteArray()));
        assertEquals(7, random.used());
        assertEquals(new PackageCipher.Sealed(HEX.parseHex(PLAINTEXT_SHA256), HEX.parseHex(CIPHERTEXT_SHA256), 43, 110), sealed);
        assertArrayEquals(sha256(PLAINTEXT), sealed.plaintextSha256());
        assertArrayEquals(sha256(out.toByteArray()), sealed.ciphertextSha256());

        ByteArrayOutputStream back = new ByteArrayOutputStream();
        PackageCipher.Opened opened = PackageCipher.decrypt(new ByteArrayInputStream(HEX.parseHex(CIPHERTEXT)), back, KEY_BYTES);
        assertArrayEquals(PLAINTEXT, back.toByteArray());
        assertEquals(new PackageCipher.Opened(HEX.parseHex(PLAINTEXT_SHA256), 43), opened);
    }

    /** The format written out by hand with the JDK's AES-GCM: the vector is not the implementation checking itself. */
    @Test
    void theTestVectorMatchesTheFormatWrittenOutByHand() throws Exception {
        byte[] header = EciesTest.concat("VNFXENC1".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 0, 0, 16}, HEX.parseHex(PREFIX));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        int chunks = 3;
        for (int i = 0; i < chunks; i++) {
            byte[] nonce = EciesTest.concat(HEX.parseHex(PREFIX), new byte[] {0, 0, 0, (byte) i, (byte) (i == chunks - 1 ? 1 : 0)});
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY_BYTES, "AES"), new GCMParameterSpec(128, nonce));
            gcm.updateAAD(header);
            out.write(gcm.doFinal(Arrays.copyOfRange(PLAINTEXT, 16 * i, Math.min(16 * (i + 1), PLAINTEXT.length))));
        }
        assertEquals(CIPHERTEXT, HEX.formatHex(out.toByteArray()));
    }

    @ParameterizedTest(name = "threaded hashing: {0}")
    @ValueSource(booleans = {true, false})
    void roundTripsAtEveryBoundary(boolean threaded) throws Exception {
        int chunk = 64;
        for (int size : new int[] {0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk, 2 * chunk + 1, 5 * chunk + 3, 50 * chunk}) {
            byte[] plaintext = random(size, size);
            ByteArrayOutputStream ct = new ByteArrayOutputStream();

            PackageCipher.Sealed sealed = PackageCipher.encrypt(new ByteArrayInputStream(plaintext), ct, KEY_BYTES, chunk, new SecureRandom(), threaded);

            byte[] ciphertext = ct.toByteArray();
            long chunks = Math.max(1, (size + chunk - 1) / chunk);
            assertEquals(19 + size + 16 * chunks, ciphertext.length, "size " + size);
            assertEquals(PackageCipher.ciphertextLength(size, chunk), ciphertext.length);
            assertEquals(new PackageCipher.Sealed(sha256(plaintext), sha256(ciphertext), size, ciphertext.length), sealed);

            ByteArrayOutputStream pt = new ByteArrayOutputStream();
            PackageCipher.Opened opened = PackageCipher.decrypt(new ByteArrayInputStream(ciphertext), pt, KEY_BYTES, threaded);
            assertArrayEquals(plaintext, pt.toByteArray(), "size " + size);
            assertEquals(new PackageCipher.Opened(sha256(plaintext), size), opened);
        }
    }

    @Test
    void roundTripsWithTheDefaultChunkSizeThroughThePublicApi() throws Exception {
        byte[] plaintext = random(3 * PackageCipher.DEFAULT_CHUNK_BYTES + 5, 7);
        byte[] key = PackageCipher.newKey();
        ByteArrayOutputStream ct = new ByteArrayOutputStream();

        PackageCipher.Sealed sealed = PackageCipher.encrypt(new ByteArrayInputStream(plaintext), ct, key);

        assertEquals(19 + plaintext.length + 4 * 16, ct.size());
        assertEquals(PackageCipher.DEFAULT_CHUNK_BYTES, java.nio.ByteBuffer.wrap(ct.toByteArray(), 8, 4).getInt(), "chunk size in the header");
        assertArrayEquals(plaintext, decrypt(ct.toByteArray(), key));
        assertArrayEquals(sha256(plaintext), sealed.plaintextSha256());
    }

    @Test
    void theSamePlaintextEncryptsDifferentlyEachTime() throws Exception {
        assertFalse(Arrays.equals(encrypt(PLAINTEXT, C, true), encrypt(PLAINTEXT, C, true)), "a fresh nonce prefix");
    }

    @Test
    void newKeysAre32RandomBytes() {
        byte[] a = PackageCipher.newKey(), b = PackageCipher.newKey();
        assertEquals(32, a.length);
        assertFalse(Arrays.equals(a, b));
    }

    /** Every bit of a three-chunk ciphertext flipped in turn: each fails, naming the part that was hit. */
    @ParameterizedTest(name = "plaintext of {0} bytes")
    @ValueSource(ints = {40, 48}) // last chunk partial, last chunk full
    void everyFlippedBitIsDetectedAndTheChunkNamed(int size) throws Exception {
        byte[] ciphertext = encrypt(random(size, 3), C, true);
        for (int bit = 0; bit < ciphertext.length * 8; bit++) {
            byte[] bad = ciphertext.clone();
            int at = bit / 8;
            bad[at] ^= (byte) (1 << (bit % 8));

            String message = failure(bad);

            if (at < 8) {
                assertEquals("not a vnfx encrypted package: it does not start with \"VNFXENC1\"", message);
            } else if (at < 12) { // chunk size: out of range, or another size the chunks then do not fit
                assertTrue(message.matches("chunk size \\d+ in the header is outside 16\\.\\.16777216") || message.startsWith("chunk 0 "),
                        "bit " + bit + ": " + message);
            } else if (at < 19) { // nonce prefix
                assertEquals(authFailure(0), message, "bit " + bit);
            } else {
                assertEquals(authFailure((at - 19) / 32), message, "bit " + bit);
            }
        }
    }

    static String authFailure(int chunk) {
        return "chunk " + chunk + " does not authenticate: wrong key, or the ciphertext was modified, reordered, truncated or extended";
    }

    /** No proper prefix of a ciphertext decrypts: every cut is detected, and said what it is. */
    @Test
    void everyTruncationIsDetected() throws Exception {
        byte[] ciphertext = encrypt(random(40, 4), C, true); // 19 + 32 + 32 + 24 bytes
        for (int len = 0; len < ciphertext.length; len++) {
            String message = failure(Arrays.copyOf(ciphertext, len));
            String expected;
            if (len == 0) expected = "not a vnfx encrypted package: it is empty";
            else if (len < 8) expected = "not a vnfx encrypted package: it does not start with \"VNFXENC1\"";
            else if (len < 19) expected = "truncated header: " + len + " bytes, 19 expected";
            else if (len == 19) expected = "truncated after the header: no chunk follows";
            else {
                int chunk = (len - 19 - 1) / 32, inChunk = len - 19 - 32 * chunk;
                if (inChunk == 32) expected = "truncated after chunk " + chunk + ": it is not the last chunk and nothing follows it";
                else if (inChunk < 16) expected = "truncated in chunk " + chunk + ": " + inChunk + " bytes, shorter than its 16-byte tag";
                else expected = authFailure(chunk);
            }
            assertEquals(expected, message, "cut at " + len);
        }
    }

    @Test
    void droppingTheLastChunkIsDetected() throws Exception {
        byte[] ciphertext = encrypt(random(5 * C, 5), C, true); // five full chunks, the fifth is the last
        assertEquals("truncated after chunk 3: it is not the last chunk and nothing follows it", failure(Arrays.copyOf(ciphertext, 19 + 4 * 32)));
        assertEquals("truncated after chunk 0: it is not the last chunk and nothing follows it", failure(Arrays.copyOf(ciphertext, 19 + 32)));
    }

    @Test
    void dataAfterTheLastChunkIsDetected() throws Exception {
        byte[] full = encrypt(random(3 * C, 6), C, true); // the last chunk is full: its end is unambiguous
        for (byte[] tail : new byte[][] {{0}, new byte[31], new byte[32], Arrays.copyOfRange(full, full.length - 32, full.length)}) {
            assertEquals("trailing data after the last chunk (chunk 2)", failure(EciesTest.concat(full, tail)));
        }
        // A short last chunk with bytes after it reads as one longer chunk, which does not authenticate.
        byte[] partial = encrypt(random(3 * C - 5, 6), C, true);
        assertEquals(authFailure(2), failure(EciesTest.concat(partial, new byte[] {0})));
        assertEquals(authFailure(2), failure(EciesTest.concat(partial, new byte[100])));
        byte[] empty = encrypt(new byte[0], C, true);
        assertEquals(35, empty.length, "an empty package is a header and one tag");
        assertEquals(authFailure(0), failure(EciesTest.concat(empty, new byte[] {0})));
    }

    @Test
    void reorderedDroppedOrRepeatedChunksAreDetected() throws Exception {
        byte[] ct = encrypt(random(4 * C, 8), C, true);
        byte[] header = Arrays.copyOf(ct, 19);
        List<byte[]> chunks = Stream.iterate(19, at -> at < ct.length, at -> at + 32).map(at -> Arrays.copyOfRange(ct, at, at + 32)).toList();
        assertEquals(4, chunks.size());

        assertEquals(authFailure(0), failure(EciesTest.concat(header, chunks.get(1), chunks.get(0), chunks.get(2), chunks.get(3))));
        assertEquals(authFailure(2), failure(EciesTest.concat(header, chunks.get(0), chunks.get(1), chunks.get(3), chunks.get(2))));
        assertEquals(authFailure(1), failure(EciesTest.concat(header, chunks.get(0), chunks.get(2), chunks.get(3)))); // one dropped
        assertEquals(authFailure(1), failure(EciesTest.concat(header, chunks.get(0), chunks.get(0), chunks.get(1), chunks.get(2), chunks.get(3))));
        byte[] other = encrypt(random(4 * C, 8), C, true); // same key and plaintext, another nonce prefix
        assertEquals(authFailure(1), failure(EciesTest.concat(header, chunks.get(0), Arrays.copyOfRange(other, 19 + 32, 19 + 64), chunks.get(2), chunks.get(3))));
    }

    @Test
    void aWrongKeyFailsAtTheFirstChunkAndReleasesNothing() throws Exception {
        byte[] ciphertext = encrypt(random(3 * C, 9), C, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var e = assertThrows(CryptoException.class, () -> PackageCipher.decrypt(new ByteArrayInputStream(ciphertext), out, PackageCipher.newKey()));
        assertEquals(authFailure(0), e.getMessage());
        assertEquals(0, out.size());
    }

    @Test
    void onlyChunksThatAuthenticatedAreReleased() throws Exception {
        byte[] plaintext = random(4 * C, 10);
        byte[] ciphertext = encrypt(plaintext, C, true);
        ciphertext[19 + 2 * 32 + 5] ^= 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        var e = assertThrows(CryptoException.class, () -> PackageCipher.decrypt(new ByteArrayInputStream(ciphertext), out, KEY_BYTES));

        assertEquals(authFailure(2), e.getMessage());
        assertArrayEquals(Arrays.copyOf(plaintext, 2 * C), out.toByteArray());
    }

    @Test
    void aHeaderChunkSizeOutOfRangeIsRefusedBeforeAllocating() throws Exception {
        byte[] ciphertext = encrypt(PLAINTEXT, C, true);
        for (int[] size : new int[][] {{0, 0, 0, 8}, {0xff, 0xff, 0xff, 0xff}, {0x04, 0, 0, 1}}) {
            byte[] bad = ciphertext.clone();
            for (int i = 0; i < 4; i++) bad[8 + i] = (byte) size[i];
            long value = ((long) size[0] << 24 | size[1] << 16 | size[2] << 8 | size[3]) & 0xffffffffL;
            assertEquals("chunk size " + value + " in the header is outside 16..16777216", failure(bad));
        }
    }

    @Test
    void badArgumentsAreRefused() {
        var ex = assertThrows(IllegalArgumentException.class, () -> encrypt(PLAINTEXT, 8, true));
        assertEquals("chunk size must be 16..16777216 bytes, got 8", ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> decrypt(HEX.parseHex(CIPHERTEXT), new byte[16]));
        assertEquals("content key must be 32 bytes, got 16", ex.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PackageCipher.encrypt(new ByteArrayInputStream(PLAINTEXT), new ByteArrayOutputStream(), new byte[31]));
    }

    /** Plaintext leaves decrypt as it arrives: it never holds more than the chunk it is working on. */
    @ParameterizedTest(name = "threaded hashing: {0}")
    @ValueSource(booleans = {true, false})
    void decryptReleasesPlaintextAsItReadsCiphertext(boolean threaded) throws Exception {
        int chunk = 64 * 1024;
        long size = 16L * 1024 * 1024 + 123;

        LargeStream.Result r = LargeStream.run(size, chunk, 99, threaded);

        assertEquals(size, r.outputBytes());
        assertArrayEquals(r.generatedSha256(), r.outputSha256(), "the plaintext came back");
        assertArrayEquals(r.generatedSha256(), r.opened().plaintextSha256());
        assertArrayEquals(r.generatedSha256(), r.sealed().plaintextSha256());
        assertEquals(PackageCipher.ciphertextLength(size, chunk), r.ciphertextConsumed());
        assertTrue(r.consumedAtFirstWrite() <= 19 + chunk + 16 + 1, "first plaintext after one chunk: " + r.consumedAtFirstWrite());
        assertTrue(r.maxLag() <= chunk + 16, "decrypt read " + r.maxLag() + " bytes beyond what it had released");
    }

    /** 256 MiB through encrypt and decrypt in a JVM whose whole heap is 64 MiB. */
    @Test
    void aStreamFourTimesTheHeapPassesThroughInConstantMemory() throws Exception {
        long size = 256L * 1024 * 1024;
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), LargeStream.class.getName(), Long.toString(size))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.startsWith("ok bytes=" + size), output);
    }

    @Test
    void decryptVerifiedWritesTheFileOnlyWhenTheDigestMatches(@TempDir Path dir) throws Exception {
        byte[] plaintext = random(5 * C + 7, 11);
        byte[] ciphertext = encrypt(plaintext, C, true);
        Path target = dir.resolve("sub").resolve("package.csar");

        PackageCipher.Opened opened = PackageCipher.decryptVerified(new ByteArrayInputStream(ciphertext), target, KEY_BYTES, sha256(plaintext));

        assertArrayEquals(plaintext, Files.readAllBytes(target));
        assertEquals(new PackageCipher.Opened(sha256(plaintext), plaintext.length), opened);
        assertEquals(List.of(target), list(target.getParent()), "no temp file left");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void decryptVerifiedLeavesNothingOnAWrongDigest(@TempDir Path dir) throws Exception {
        byte[] plaintext = random(5 * C + 7, 12);
        byte[] ciphertext = encrypt(plaintext, C, true);
        byte[] expected = sha256("another package".getBytes(StandardCharsets.US_ASCII));
        Path target = dir.resolve("package.csar");

        var e = assertThrows(CryptoException.class, () -> PackageCipher.decryptVerified(new ByteArrayInputStream(ciphertext), target, KEY_BYTES, expected));

        assertEquals("plaintext SHA-256 is " + HEX.formatHex(sha256(plaintext)) + ", expected " + HEX.formatHex(expected) + "; " + target
                + " was not written", e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void decryptVerifiedLeavesAnExistingFileAloneOnTamperedCiphertext(@TempDir Path dir) throws Exception {
        byte[] plaintext = random(5 * C + 7, 13);
        byte[] ciphertext = encrypt(plaintext, C, true);
        ciphertext[ciphertext.length - 1] ^= 1;
        Path target = dir.resolve("package.csar");
        Files.writeString(target, "the previous version");

        var e = assertThrows(CryptoException.class, () -> PackageCipher.decryptVerified(new ByteArrayInputStream(ciphertext), target, KEY_BYTES, sha256(plaintext)));

        assertEquals(authFailure(5), e.getMessage());
        assertEquals("the previous version", Files.readString(target));
        assertEquals(List.of(target), list(dir));
    }

    @Test
    void decryptVerifiedLeavesNothingWhenTheInputFails(@TempDir Path dir) throws Exception {
        byte[] ciphertext = encrypt(random(5 * C, 14), C, true);
        Path target = dir.resolve("package.csar");
        var failing = new java.io.FilterInputStream(new ByteArrayInputStream(ciphertext)) {
            int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 60) throw new IOException("connection reset");
                int n = super.read(b, off, Math.min(len, 20));
                read += Math.max(n, 0);
                return n;
            }
        };
        var e = assertThrows(IOException.class, () -> PackageCipher.decryptVerified(failing, target, KEY_BYTES, new byte[32]));
        assertEquals("connection reset", e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
