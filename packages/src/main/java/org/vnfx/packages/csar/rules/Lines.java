package org.vnfx.packages.csar.rules;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A text file of a package as lines: UTF-8 (a byte order mark skipped), LF or CRLF line ends, each line's byte offset kept. */
final class Lines {
    /** One line without its line end; {@code start} is the byte offset where it begins in the file. */
    record Line(int number, String text, int start) {
        boolean isBlank() {
            return text.isBlank();
        }
    }

    /** A line that is not UTF-8. */
    static final class NotUtf8 extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        NotUtf8(int line) {
            super("line " + line + " is not UTF-8 text");
            this.line = line;
        }
    }

    private Lines() {}

    static List<Line> of(byte[] bytes) throws NotUtf8 {
        List<Line> lines = new ArrayList<>();
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        int number = 1;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') end++;
            int textEnd = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, start, textEnd - start)).toString();
            } catch (CharacterCodingException e) {
                throw new NotUtf8(number);
            }
            lines.add(new Line(number++, text, start));
            start = end + 1;
        }
        return lines;
    }
}
