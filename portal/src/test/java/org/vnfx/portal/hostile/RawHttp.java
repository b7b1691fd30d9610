package org.vnfx.portal.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A client that says what no well-behaved client would, over a plain socket, and reads whatever comes back: a status
 * and body, or the server closing the connection ({@link Answer#CLOSED}).
 */
final class RawHttp {
    /** How long a read may wait for the server: far beyond every limit under test, so a hang fails the test instead of holding it. */
    static final int READ_TIMEOUT_MILLIS = 20_000;

    /** {@code hungUp}: the server closed the connection after its answer instead of waiting for more. */
    record Answer(int status, String body, boolean hungUp) {
        static final Answer CLOSED = new Answer(-1, "", true);

        boolean closedOr(int expected) {
            return status == -1 || status == expected;
        }
    }

    /** What the client sends after the head, while the server answers; it may never end (until the server hangs up). */
    interface Body {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private RawHttp() {}

    static Answer send(URI server, String head, Body body) throws IOException {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (body != null) body.write(out);
                    out.flush();
                } catch (IOException | InterruptedException e) {
                    // the server hung up on us: what several scenarios want
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                return read(s.getInputStream());
            } finally {
                writer.interrupt();
            }
        }
    }

    /** A request head; {@code headers} are full header lines. */
    static String head(String requestLine, String host, String... headers) {
        StringBuilder b = new StringBuilder(requestLine).append("\r\nHost: ").append(host).append("\r\n");
        for (String h : headers) b.append(h).append("\r\n");
        return b.append("\r\n").toString();
    }

    /** Writes {@code chunk} as HTTP chunks until the server stops reading. */
    static Body chunkedForever(byte[] chunk) {
        return out -> {
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            while (!Thread.currentThread().isInterrupted()) {
                out.write(size);
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        };
    }

    /** Sends a few bytes of the body, then nothing, holding the connection open. */
    static Body stalls(String start) {
        return out -> {
            out.write(start.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(READ_TIMEOUT_MILLIS * 2L);
        };
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine;
        try {
            statusLine = line(in);
        } catch (SocketException e) {
            return Answer.CLOSED; // reset: the server closed with our bytes unread
        }
        if (statusLine == null) return Answer.CLOSED;
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        long length = -1;
        boolean closing = false;
        for (String h; (h = line(in)) != null && !h.isEmpty(); ) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
            if (lower.startsWith("connection:") && lower.contains("close")) closing = true;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean hungUp;
        try {
            if (length >= 0) body.write(in.readNBytes((int) length));
            // a kept-alive connection is not read further: that would only wait for the timeout
            hungUp = closing && in.read() == -1;
        } catch (SocketException e) {
            hungUp = true; // cut short: keep what came
        } catch (java.net.SocketTimeoutException e) {
            hungUp = false;
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8), hungUp);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') return b.toString(StandardCharsets.ISO_8859_1).stripTrailing();
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
