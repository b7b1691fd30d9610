package org.vnfx.store;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultipartReaderTest {
    private static byte[] body(String boundary, byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i++) {
            b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f" + i + "\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(parts[i]);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        b.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    /** Hands out 1 to 7 bytes per read: every split of the delimiter across reads happens somewhere. */
    private static InputStream dribble(byte[] data, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + r.nextInt(7)));
            }
        };
    }

    @Test
    void findsTheDelimiterWhereverReadsSplitItAndKeepsLookAlikes() throws IOException {
        String boundary = "xYz123";
        // Content full of near-misses: CRLF, "--", the boundary without CRLF, a CRLF-- with another boundary.
        byte[] tricky = ("a\r\n--xYz12\r\n-\r\n--xYz12Q--xYz123\r\n\r\n--").getBytes(StandardCharsets.US_ASCII);
        byte[] random = TestData.bytes(200_000, 20);
        for (long seed = 0; seed < 20; seed++) {
            MultipartReader mp = new MultipartReader(dribble(body(boundary, tricky, random, new byte[0]), seed), boundary);
            Map<String, String> h = mp.nextPart();
            assertEquals("form-data; name=\"file\"; filename=\"f0\"", h.get("content-disposition"));
            assertArrayEquals(tricky, mp.body().readAllBytes());
            mp.nextPart();
            assertArrayEquals(random, mp.body().readAllBytes());
            mp.nextPart();
            assertArrayEquals(new byte[0], mp.body().readAllBytes());
            assertNull(mp.nextPart());
        }
    }

    @Test
    void aCutBodyIsAnErrorNotAShorterFile() throws IOException {
        byte[] full = body("b", TestData.bytes(10_000, 21));
        MultipartReader mp = new MultipartReader(new ByteArrayInputStream(full, 0, 5_000), "b");
        mp.nextPart();
        assertThrows(EOFException.class, () -> mp.body().readAllBytes());
    }

    @Test
    void parsesHeaderParameters() {
        assertEquals("a b", MultipartReader.boundaryOf("multipart/form-data; boundary=\"a b\""));
        assertEquals("abc", MultipartReader.boundaryOf("multipart/form-data;boundary=abc"));
        assertNull(MultipartReader.boundaryOf("multipart/form-data"));
        assertEquals("x.bin", MultipartReader.parameter("form-data; name=\"file\"; filename=\"x.bin\"", "filename"));
    }
}
