package io.gatewarden.gateway;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the few JSON5 forms that Jackson's {@code JsonReadFeature}s do not cover into forms it reads,
 * before parsing: hexadecimal numbers ({@code 0x1F} becomes {@code 31}), string line continuations
 * (a backslash before a line break is dropped with the break, as JSON5 says) and backslash-x-HH escapes
 * (become the four-digit backslash-u form). Everything else (comments, quotes, trailing commas, NaN, ...) is left to Jackson.
 *
 * <p>This is a scanner that only tracks "inside a string / comment or not", not a parser. Dropped line
 * breaks would shift every later line number in Jackson's error messages, so it keeps a map from
 * rewritten lines back to the file's own lines.
 */
final class Json5Extensions {
    private Json5Extensions() {}

    /** The text Jackson reads, and for each of its lines (index 0 = line 1) the line in the original file. */
    record Rewritten(String text, int[] originalLine) {
        int mapLine(int line) {
            if (originalLine == null || line < 1) return line;
            return line <= originalLine.length ? originalLine[line - 1] : line + (originalLine[originalLine.length - 1] - originalLine.length);
        }
    }

    static Rewritten rewrite(String in) {
        if (!needsRewrite(in)) return new Rewritten(in, null);
        return scan(in, false);
    }

    /**
     * The text with every character at its offset, for {@link Json5Editor} to find a value's span: a hex number
     * becomes {@code 0} padded with spaces and a line continuation becomes spaces. Values in it are placeholders
     * (the editor takes values from {@link #rewrite}); {@code \x} escapes need nothing, as Jackson's "escape any
     * character" reads them.
     */
    static String forLocating(String in) {
        if (!needsRewrite(in)) return in;
        return scan(in, true).text();
    }

    private static Rewritten scan(String in, boolean sameLength) {
        StringBuilder out = new StringBuilder(in.length());
        List<Integer> lineStarts = new ArrayList<>();
        int origLine = 1;
        lineStarts.add(1);
        char quote = 0;          // non-zero while inside a string
        int pending = 0;         // sameLength: blanks owed for continuations dropped from the current string
        boolean lineComment = false;
        boolean blockComment = false;
        int n = in.length();
        for (int i = 0; i < n; i++) {
            char c = in.charAt(i);
            char next = i + 1 < n ? in.charAt(i + 1) : 0;
            if (c == '\n' || (c == '\r' && next != '\n')) {
                lineComment = false;
                out.append(c);
                origLine++;
                lineStarts.add(origLine);
                continue;
            }
            if (lineComment) { out.append(c); continue; }
            if (blockComment) {
                out.append(c);
                if (c == '*' && next == '/') { out.append('/'); i++; blockComment = false; }
                continue;
            }
            if (quote != 0) {
                if (c == '\\' && (next == '\n' || next == '\r' || next == '\u2028' || next == '\u2029')) {
                    // JSON5 line continuation: both the backslash and the line break vanish from the value
                    int from = i;
                    i++;
                    if (next == '\r' && i + 1 < n && in.charAt(i + 1) == '\n') i++;
                    if (next == '\n' || next == '\r') origLine++;
                    // sameLength: the blanks go after the closing quote, so that a key keeps its name ("a\<LF>b" is
                    // the key "ab") and every token after the string keeps its offset
                    if (sameLength) pending += i - from + 1;
                    continue;
                }
                if (!sameLength && c == '\\' && next == 'x' && i + 3 < n && isHex(in.charAt(i + 2)) && isHex(in.charAt(i + 3))) {
                    out.append("\\u00").append(in, i + 2, i + 4);
                    i += 3;
                    continue;
                }
                if (c == '\\' && next != 0 && next != '\r') { out.append(c).append(next); i++; continue; }
                out.append(c);
                if (c == quote) {
                    quote = 0;
                    out.append(" ".repeat(pending));
                    pending = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') { quote = c; out.append(c); continue; }
            if (c == '/' && next == '/') { lineComment = true; out.append("//"); i++; continue; }
            if (c == '/' && next == '*') { blockComment = true; out.append("/*"); i++; continue; }
            if (c == '0' && (next == 'x' || next == 'X') && i + 2 < n && isHex(in.charAt(i + 2)) && startsToken(in, i)) {
                int end = i + 2;
                while (end < n && isHex(in.charAt(end))) end++;
                if (end < n && in.charAt(end) == '.') { out.append(c); continue; } // "0x1F.5" is no JSON5 number: Jackson refuses it as written
                String decimal = sameLength ? "0" : new BigInteger(in.substring(i + 2, end), 16).toString();
                out.append(decimal);
                // pad so that later columns on this line stay where the editor shows them
                for (int pad = (end - i) - decimal.length(); pad > 0; pad--) out.append(' ');
                i = end - 1;
                continue;
            }
            out.append(c);
        }
        out.append(" ".repeat(pending)); // a string left open
        int[] map = lineStarts.stream().mapToInt(Integer::intValue).toArray();
        return new Rewritten(out.toString(), map);
    }

    private static boolean needsRewrite(String s) {
        return s.contains("0x") || s.contains("0X") || s.contains("\\\n") || s.contains("\\\r")
                || s.contains("\\x") || s.contains("\\\u2028") || s.contains("\\\u2029");
    }

    private static boolean startsToken(String s, int i) {
        if (i == 0) return true;
        char p = s.charAt(i - 1);
        return !(Character.isLetterOrDigit(p) || p == '_' || p == '$' || p == '.');
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
