package io.gatewarden.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The shared JSON machinery of the line parsers: one factory, and the checks every line gets first. */
final class JsonLines {
    /** Log lines are shallow; a deep one is hostile or broken, and must not cost a deep recursion. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private JsonLines() {}

    /**
     * Why this line cannot be a JSON object line, or null when it may be one. Cheap checks only:
     * too long, empty, or not starting with '{' (console text, arrays, binary).
     */
    static String precheck(String line, int maxLineChars) {
        if (line == null) return "no line";
        int start = line.isEmpty() || line.charAt(0) != '\uFEFF' ? 0 : 1;
        int end = line.length();
        while (end > start && line.charAt(end - 1) <= ' ') end--;
        if (end - start > maxLineChars) return "line too long (" + (end - start) + " chars > " + maxLineChars + ")";
        int i = start;
        while (i < end && line.charAt(i) <= ' ') i++;
        if (i == end) return "empty line";
        char c = line.charAt(i);
        if (c == '{') return null;
        return c == '[' ? "JSON array, not an object" : "not JSON: starts with " + describe(c);
    }

    /**
     * A parser over the line, past a byte order mark if there is one. The line is handed to Jackson as
     * UTF-8 bytes: its byte parser reads tslog lines about a fifth faster than its char parser, more than
     * the encoding costs (measured on the fixtures; ASCII strings encode by a plain copy).
     */
    static JsonParser open(String line) throws IOException {
        String s = !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return FACTORY.createParser(b, 0, b.length);
    }

    /** A short reason for a JSON syntax error (Jackson's message without the location block). */
    static String reason(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) m = e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        return "invalid JSON: " + Texts.cap(m, 160);
    }

    private static String describe(char c) {
        if (c >= 0x20 && c < 0x7f) return "'" + c + "'";
        return String.format("U+%04X", (int) c);
    }
}
