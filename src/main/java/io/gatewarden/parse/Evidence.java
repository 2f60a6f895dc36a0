package io.gatewarden.parse;

import io.gatewarden.secret.Redactor;
import java.nio.charset.StandardCharsets;

/** The raw-line excerpt kept on an event: short, and with credentials masked. */
final class Evidence {
    private Evidence() {}

    static String of(String line, int maxChars) {
        if (line == null) return null;
        if (line.length() <= maxChars) return Redactor.mask(line, false);
        int end = maxChars;
        if (Character.isHighSurrogate(line.charAt(end - 1))) end--;
        return Redactor.mask(line.substring(0, end), true);
    }

    /**
     * {@link #of(String, int)} of the line whose valid UTF-8 bytes are {@code b[off, off+len)}, decoding only the
     * excerpt when it is ASCII (most lines start with ASCII JSON), else the whole line.
     */
    static String of(byte[] b, int off, int len, int maxChars) {
        int limit = off + Math.min(len, maxChars);
        int j = off;
        while (j < limit && b[j] >= 0) j++;
        if (j < limit) return of(new String(b, off, prefixBytes(b, off, len, maxChars), StandardCharsets.UTF_8), maxChars);
        // the first min(len, maxChars) chars are these ASCII bytes; any further byte makes the line longer
        if (len <= maxChars) return Redactor.mask(new String(b, off, len, StandardCharsets.ISO_8859_1), false);
        return Redactor.mask(new String(b, off, maxChars, StandardCharsets.ISO_8859_1), true);
    }

    /**
     * How many bytes of the line to decode so that the excerpt is the same as from the whole line: all of them when
     * the line has at most {@code maxChars} chars, else the shortest run of whole UTF-8 sequences that decodes to more
     * than {@code maxChars} chars (a four-byte sequence is two chars). The line is valid UTF-8 (TslogBytes checked).
     */
    static int prefixBytes(byte[] b, int off, int len, int maxChars) {
        int end = off + len;
        int j = off;
        int chars = 0;
        while (j < end && chars <= maxChars) {
            int c = b[j] & 0xFF;
            int n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            chars += n == 4 ? 2 : 1;
            j += n;
        }
        return Math.min(j, end) - off;
    }
}
