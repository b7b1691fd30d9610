package org.vnfx.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming multipart/form-data reader (RFC 7578 / RFC 2046): part bodies are read through a small
 * window that looks for the delimiter, so a part of any size passes with a fixed 64 KiB of memory.
 */
final class MultipartReader {
    private static final int WINDOW = 1 << 16;
    private static final int MAX_HEADER_LINE = 8192;
    private static final int MAX_HEADERS = 32;

    private final InputStream in;
    /** CRLF "--" boundary: what ends a part body. */
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean partDone;
    private boolean finished;

    MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("multipart boundary must have 1 to 70 characters, got "
                    + (boundary == null ? "none" : boundary.length()));
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[WINDOW + delimiter.length];
        // The first boundary may open the body with no CRLF before it: a virtual CRLF lets one delimiter serve both cases.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** The value of {@code boundary} in a Content-Type header, or null. */
    static String boundaryOf(String contentType) {
        if (contentType == null) return null;
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String v = p.substring(9).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                return v;
            }
        }
        return null;
    }

    /** A parameter of a header value such as Content-Disposition ({@code filename="x"}), or null. */
    static String parameter(String headerValue, String name) {
        if (headerValue == null) return null;
        for (String param : headerValue.split(";")) {
            String p = param.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                return v;
            }
        }
        return null;
    }

    /**
     * Moves to the next part (skipping the rest of the current one or the preamble) and returns its
     * headers, names lower-cased; null after the closing boundary.
     */
    Map<String, String> nextPart() throws IOException {
        if (finished) return null;
        // The rest of the current part, or the preamble before the first part.
        body().transferTo(java.io.OutputStream.nullOutputStream());
        // After a delimiter: "--" closes the body; otherwise optional whitespace and CRLF open a part.
        int a = readByte();
        int b = readByte();
        if (a == '-' && b == '-') {
            finished = true;
            return null;
        }
        while (a == ' ' || a == '\t') {
            a = b;
            b = readByte();
        }
        if (a != '\r' || b != '\n') throw new IOException("malformed multipart body: no CRLF after a boundary");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; ; i++) {
            String line = readLine();
            if (line.isEmpty()) break;
            if (i >= MAX_HEADERS) throw new IOException("multipart part has more than " + MAX_HEADERS + " header lines");
            int colon = line.indexOf(':');
            if (colon <= 0) throw new IOException("malformed multipart part header: " + line);
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        partDone = false;
        return headers;
    }

    /** The current part's body, up to the next delimiter. */
    InputStream body() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return readBody(b, off, len);
            }
        };
    }

    private int readBody(byte[] b, int off, int len) throws IOException {
        if (partDone) return -1;
        if (len == 0) return 0;
        int dlen = delimiter.length;
        while (true) {
            // Only a delimiter that starts within the next `len` bytes matters to this call.
            int end = Math.min(lim, pos + len + dlen - 1);
            int idx = indexOf(pos, end);
            if (idx == pos) {
                pos += dlen;
                partDone = true;
                return -1;
            }
            int safe = idx > 0 ? idx - pos : end - (dlen - 1) - pos;
            if (safe > 0) {
                int n = Math.min(len, safe);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            if (eof) throw new EOFException("multipart body ended before its closing boundary (upload cut short?)");
            fill();
        }
    }

    /** Index of a whole delimiter inside buf[from, to), or -1. */
    private int indexOf(int from, int to) {
        byte first = delimiter[0];
        int last = to - delimiter.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != first) continue;
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        int r = in.read(buf, lim, buf.length - lim);
        if (r < 0) eof = true;
        else lim += r;
    }

    private int readByte() throws IOException {
        while (pos >= lim) {
            if (eof) throw new EOFException("multipart body ended inside a boundary or part header");
            fill();
        }
        return buf[pos++] & 0xff;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = readByte();
            if (c == '\r') {
                if (readByte() != '\n') throw new IOException("malformed multipart part header: CR without LF");
                return sb.toString();
            }
            if (sb.length() >= MAX_HEADER_LINE) throw new IOException("multipart part header line longer than " + MAX_HEADER_LINE + " bytes");
            sb.append((char) c);
        }
    }
}
