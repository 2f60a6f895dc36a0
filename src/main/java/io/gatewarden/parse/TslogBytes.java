package io.gatewarden.parse;

import java.nio.charset.StandardCharsets;

/**
 * Reads a {@link TslogLine} straight from the line's UTF-8 bytes, without Jackson and without decoding the line:
 * the fields {@link TslogLine#read} keeps are decoded, everything else is stepped over by a byte scan.
 * <p>
 * It only answers for lines it fully understands, and then gives exactly what {@link TslogLine#read} gives for the
 * decoded line: strict RFC 8259 JSON (the grammar Jackson accepts with its default features), valid UTF-8 (so
 * decoding a part of the line gives the same chars as decoding all of it), no control bytes, shallow nesting, no
 * escapes in field names, nothing but whitespace around the object. For anything else it returns null, and the
 * caller takes the general path (decode, precheck, Jackson), which decides MALFORMED and its reason. So the fast
 * path can never turn a bad line into an event, and the tests compare both paths line by line.
 * <p>
 * Not thread-safe; cheap to create (one per line).
 */
final class TslogBytes {
    /** Far below Jackson's own limits (nesting 64, names 50,000 chars, numbers 1,000 digits): past these, ask Jackson. */
    private static final int MAX_DEPTH = 32;
    private static final int MAX_NAME_BYTES = 1000;
    private static final int MAX_NUMBER_BYTES = 100;

    /** "Not sure about this line": ends the scan; the caller falls back. Shared, without a stack trace. */
    private static final class Unsure extends Exception {
        Unsure() {
            super("not a plain tslog line", null, false, false);
        }
    }

    private static final Unsure UNSURE = new Unsure();

    private final byte[] b;
    private final int end;
    private int i;
    /** The last string scanned: bytes [strFrom, strTo) between its quotes, and whether it held escapes. */
    private int strFrom;
    private int strTo;
    private boolean strEscaped;

    private TslogBytes(byte[] b, int off, int len) {
        this.b = b;
        this.i = off;
        this.end = off + len;
    }

    /** The line in {@code b[off, off+len)}, or null when the general path must read it. */
    static TslogLine read(byte[] b, int off, int len) {
        try {
            return new TslogBytes(b, off, len).line();
        } catch (Unsure e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- the line

    private TslogLine line() throws Unsure {
        ws();
        if (at(i) != '{') throw UNSURE;
        i++;
        TslogLine out = new TslogLine();
        ws();
        if (at(i) == '}') {
            i++;
        } else {
            while (true) {
                key();
                int kFrom = strFrom;
                int kLen = strTo - strFrom;
                colon();
                topField(out, kFrom, kLen);
                if (endOfMember()) break;
            }
        }
        ws();
        if (i != end) throw UNSURE; // trailing content: Jackson's call
        return out;
    }

    /** The value of one top-level field, as {@link TslogLine#read} dispatches it. */
    private void topField(TslogLine out, int k, int n) throws Unsure {
        byte c0 = b[k];
        if (n == 1 && c0 == '0') {
            bindings(out);
        } else if (isArgKey(k, n)) {
            arg(out);
        } else if (n == 5 && c0 == '_' && is(k, "_meta")) {
            meta(out);
        } else if (n == 4 && c0 == 't' && is(k, "time")) {
            out.time = stringOrNull();
        } else if (n == 10 && c0 == 's' && is(k, "session_id")) {
            out.sessionId = stringOrNull();
        } else if (n == 8 && c0 == 'a' && is(k, "agent_id")) {
            out.agentId = stringOrNull();
        } else if (n == 7 && c0 == 't' && is(k, "traceId")) {
            out.traceId = stringOrNull();
        } else {
            skipValue(1);
        }
    }

    private void bindings(TslogLine out) throws Unsure {
        byte c = at(i);
        if (c == '"') {
            string();
            int n = strTo - strFrom;
            if (n >= 2 && b[strFrom] == '{') {
                // at least two chars, the first '{' (an escape cannot start the text here)
                out.hasBindings = true;
                out.subsystem = Bindings.subsystem(b, strFrom, n, strEscaped);
            } else if (n >= 1 && b[strFrom] == '\\') {
                String s = text(); // starts with an escape: look at the decoded text
                if (s.length() > 1 && s.charAt(0) == '{') {
                    out.hasBindings = true;
                    out.subsystem = Bindings.subsystem(s.toCharArray(), 0, s.length());
                } else {
                    out.text0 = s;
                }
            } else {
                out.text0 = text();
            }
        } else if (c == '{') {
            object(1, (k, n) -> {
                if (n == 7 && is(k, "message") && at(i) == '"') {
                    string();
                    out.text0 = text();
                } else {
                    skipValue(2);
                }
            });
        } else {
            skipValue(1);
        }
    }

    private void arg(TslogLine out) throws Unsure {
        byte c = at(i);
        if (c == '"') {
            string();
            if (out.firstArg == null) out.firstArg = text();
        } else if (c == '{' && out.fields == null) {
            EventFields f = new EventFields();
            object(1, (k, n) -> {
                int slot = EventFields.slotOf(b, k, n);
                if (slot < 0) {
                    skipValue(2);
                    return;
                }
                String v = scalarText();
                if (v != null) f.set(slot, v);
            });
            out.fields = f;
        } else {
            skipValue(1);
        }
    }

    private void meta(TslogLine out) throws Unsure {
        if (at(i) != '{') {
            skipValue(1);
            return;
        }
        object(1, (k, n) -> {
            byte c = at(i);
            if (n == 10 && is(k, "logLevelId") && (c == '-' || (c >= '0' && c <= '9'))) {
                int from = i;
                if (number()) {
                    // an integer token: Jackson's getIntValue; past 9 digits it may not fit, let Jackson say so
                    if (i - from > 9) throw UNSURE;
                    out.level = Integer.parseInt(new String(b, from, i - from, StandardCharsets.ISO_8859_1));
                }
            } else {
                skipValue(2);
            }
        });
    }

    /** A string's text, or null (after skipping) for anything else; {@code TslogLine.stringOrNull}. */
    private String stringOrNull() throws Unsure {
        if (at(i) == '"') {
            string();
            return text();
        }
        skipValue(1);
        return null;
    }

    /**
     * The text Jackson's getText gives for a scalar (a string decoded, a number or boolean as written); null, after
     * skipping it, for null, arrays and objects.
     */
    private String scalarText() throws Unsure {
        byte c = at(i);
        if (c == '"') {
            string();
            return text();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int from = i;
            number();
            return new String(b, from, i - from, StandardCharsets.ISO_8859_1);
        }
        if (c == 't') {
            literal("true");
            return "true";
        }
        if (c == 'f') {
            literal("false");
            return "false";
        }
        skipValue(2);
        return null;
    }

    // ---------------------------------------------------------------- JSON grammar

    private interface Member {
        /** Reads or skips the member's value, which starts at {@code i}; the name is {@code b[k, k+n)}. */
        void value(int k, int n) throws Unsure;
    }

    /** An object at {@code i} (its '{'), member by member. */
    private void object(int depth, Member m) throws Unsure {
        if (depth + 1 > MAX_DEPTH) throw UNSURE;
        i++;
        ws();
        if (at(i) == '}') {
            i++;
            return;
        }
        while (true) {
            key();
            int k = strFrom;
            int n = strTo - strFrom;
            colon();
            m.value(k, n);
            if (endOfMember()) return;
        }
    }

    /** After a member's value: true at the object's '}' (consumed), false after a ',' (consumed). */
    private boolean endOfMember() throws Unsure {
        ws();
        byte c = at(i);
        if (c == ',') {
            i++;
            ws();
            return false;
        }
        if (c == '}') {
            i++;
            return true;
        }
        throw UNSURE;
    }

    private void key() throws Unsure {
        if (at(i) != '"') throw UNSURE;
        string();
        if (strEscaped || strTo - strFrom > MAX_NAME_BYTES) throw UNSURE;
    }

    private void colon() throws Unsure {
        ws();
        if (at(i) != ':') throw UNSURE;
        i++;
        ws();
    }

    private void skipValue(int depth) throws Unsure {
        switch (at(i)) {
            case '"' -> string();
            case '{' -> object(depth, (k, n) -> skipValue(depth + 1));
            case '[' -> array(depth);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
            default -> throw UNSURE;
        }
    }

    private void array(int depth) throws Unsure {
        if (depth + 1 > MAX_DEPTH) throw UNSURE;
        i++;
        ws();
        if (at(i) == ']') {
            i++;
            return;
        }
        while (true) {
            skipValue(depth + 1);
            ws();
            byte c = at(i);
            if (c == ',') {
                i++;
                ws();
            } else if (c == ']') {
                i++;
                return;
            } else {
                throw UNSURE;
            }
        }
    }

    private void literal(String word) throws Unsure {
        int n = word.length();
        if (i + n > end) throw UNSURE;
        for (int j = 0; j < n; j++) {
            if (b[i + j] != word.charAt(j)) throw UNSURE;
        }
        i += n;
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; true when it was an integer (no fraction, no exponent). */
    private boolean number() throws Unsure {
        int from = i;
        if (at(i) == '-') i++;
        byte c = at(i);
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw UNSURE;
        }
        boolean integer = true;
        if (at(i) == '.') {
            i++;
            if (!isDigit(at(i))) throw UNSURE;
            digits();
            integer = false;
        }
        c = at(i);
        if (c == 'e' || c == 'E') {
            i++;
            c = at(i);
            if (c == '+' || c == '-') i++;
            if (!isDigit(at(i))) throw UNSURE;
            digits();
            integer = false;
        }
        if (i - from > MAX_NUMBER_BYTES) throw UNSURE;
        return integer;
    }

    private void digits() {
        while (i < end && isDigit(b[i])) i++;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * A string at {@code i} (its opening quote): leaves {@code i} after the closing quote and the contents in
     * strFrom/strTo/strEscaped. Control bytes, unknown escapes and invalid UTF-8 are Jackson's (or the decoder's) call.
     */
    private void string() throws Unsure {
        int j = i + 1;
        int from = j;
        boolean escaped = false;
        final byte[] b = this.b;
        final int end = this.end;
        while (true) {
            byte c = 0;
            // the common run: printable ASCII other than '"' and '\'
            while (j < end && (c = b[j]) >= 0x20 && c != '"' && c != '\\') j++;
            if (j >= end) throw UNSURE;
            if (c == '"') break;
            if (c == '\\') {
                escaped = true;
                j = escape(j);
            } else if (c < 0) {
                j = utf8(j);
            } else {
                throw UNSURE; // a control byte
            }
        }
        strFrom = from;
        strTo = j;
        strEscaped = escaped;
        i = j + 1;
    }

    /** Index after the escape at {@code j} (its backslash). */
    private int escape(int j) throws Unsure {
        if (j + 1 >= end) throw UNSURE;
        switch (b[j + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return j + 2;
            }
            case 'u' -> {
                if (j + 6 > end) throw UNSURE;
                for (int k = j + 2; k < j + 6; k++) {
                    if (hex(b[k]) < 0) throw UNSURE;
                }
                return j + 6;
            }
            default -> throw UNSURE;
        }
    }

    /** Index after the well-formed UTF-8 sequence at {@code j} (its lead byte); unsure for anything malformed. */
    private int utf8(int j) throws Unsure {
        int c0 = b[j] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        if (c0 >= 0xc2 && c0 <= 0xdf) {
            n = 1;
        } else if (c0 >= 0xe0 && c0 <= 0xef) {
            n = 2;
            if (c0 == 0xe0) lo = 0xa0; // no overlong forms
            if (c0 == 0xed) hi = 0x9f; // no surrogates
        } else if (c0 >= 0xf0 && c0 <= 0xf4) {
            n = 3;
            if (c0 == 0xf0) lo = 0x90;
            if (c0 == 0xf4) hi = 0x8f; // nothing past U+10FFFF
        } else {
            throw UNSURE;
        }
        if (j + n >= end) throw UNSURE;
        int c1 = b[j + 1] & 0xff;
        if (c1 < lo || c1 > hi) throw UNSURE;
        for (int k = j + 2; k <= j + n; k++) {
            if ((b[k] & 0xc0) != 0x80) throw UNSURE;
        }
        return j + n + 1;
    }

    /** The decoded text of the last string scanned. */
    private String text() {
        return strEscaped ? unescape(b, strFrom, strTo) : new String(b, strFrom, strTo - strFrom, StandardCharsets.UTF_8);
    }

    /**
     * Decodes the (already validated) contents of a JSON string: escapes as Jackson reads them ({@code \\uXXXX} gives
     * the UTF-16 unit as is, so a pair of them gives a surrogate pair), everything else as UTF-8.
     */
    static String unescape(byte[] b, int from, int to) {
        char[] out = new char[to - from];
        int n = 0;
        int j = from;
        while (j < to) {
            int c = b[j];
            if (c == '\\') {
                byte e = b[j + 1];
                switch (e) {
                    case 'b' -> out[n++] = '\b';
                    case 'f' -> out[n++] = '\f';
                    case 'n' -> out[n++] = '\n';
                    case 'r' -> out[n++] = '\r';
                    case 't' -> out[n++] = '\t';
                    case 'u' -> {
                        out[n++] = (char) ((hex(b[j + 2]) << 12) | (hex(b[j + 3]) << 8) | (hex(b[j + 4]) << 4) | hex(b[j + 5]));
                        j += 4;
                    }
                    default -> out[n++] = (char) e; // '"', '\\', '/'
                }
                j += 2;
            } else if (c >= 0) {
                out[n++] = (char) c;
                j++;
            } else {
                int c0 = c & 0xff;
                if (c0 < 0xe0) {
                    out[n++] = (char) (((c0 & 0x1f) << 6) | (b[j + 1] & 0x3f));
                    j += 2;
                } else if (c0 < 0xf0) {
                    out[n++] = (char) (((c0 & 0x0f) << 12) | ((b[j + 1] & 0x3f) << 6) | (b[j + 2] & 0x3f));
                    j += 3;
                } else {
                    int cp = ((c0 & 0x07) << 18) | ((b[j + 1] & 0x3f) << 12) | ((b[j + 2] & 0x3f) << 6) | (b[j + 3] & 0x3f);
                    out[n++] = Character.highSurrogate(cp);
                    out[n++] = Character.lowSurrogate(cp);
                    j += 4;
                }
            }
        }
        return new String(out, 0, n);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** JSON whitespace: space, tab, CR, LF (a line holds no LF, but Jackson would accept one). */
    private void ws() {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return;
            i++;
        }
    }

    /** The byte at {@code j}, or 0 (never valid where a token is expected) past the end. */
    private byte at(int j) {
        return j < end ? b[j] : 0;
    }

    private boolean is(int k, String ascii) {
        for (int j = 0; j < ascii.length(); j++) {
            if (b[k + j] != ascii.charAt(j)) return false;
        }
        return true;
    }

    /** Argument keys are small decimal numbers ({@code TslogLine.isArgKey}); "0" is handled before. */
    private boolean isArgKey(int k, int n) {
        if (n == 0 || n > 3) return false;
        for (int j = k; j < k + n; j++) {
            if (!isDigit(b[j])) return false;
        }
        return true;
    }
}
