package io.gatewarden.parse;

/** Small allocation-light helpers for reading OpenClaw's "key=value key=value" message texts. */
final class Texts {
    private Texts() {}

    /**
     * The value of {@code key=} in a space-separated text, up to the next space (or the end); null when
     * absent. The key must start the text or follow a space, so "model=" does not match "xmodel=".
     */
    static String kv(String text, String key) {
        int from = 0;
        int keyLen = key.length();
        while (true) {
            int i = text.indexOf(key, from);
            if (i < 0) return null;
            int eq = i + keyLen;
            if ((i == 0 || text.charAt(i - 1) == ' ') && eq < text.length() && text.charAt(eq) == '=') {
                int start = eq + 1;
                int end = text.indexOf(' ', start);
                if (end < 0) end = text.length();
                return end > start ? text.substring(start, end) : null;
            }
            from = i + 1;
        }
    }

    /** The text between {@code open} (first occurrence at or after {@code from}) and the next {@code close}. */
    static String between(String text, int from, char open, char close) {
        int a = text.indexOf(open, from);
        if (a < 0) return null;
        int b = text.indexOf(close, a + 1);
        if (b < 0) return null;
        return text.substring(a + 1, b);
    }

    /** The word starting at {@code from}: up to the next space or the end; null when empty. */
    static String word(String text, int from) {
        if (from < 0 || from >= text.length()) return null;
        int end = text.indexOf(' ', from);
        if (end < 0) end = text.length();
        return end > from ? text.substring(from, end) : null;
    }

    /** {@code s} without trailing characters from {@code chars}. */
    static String stripTrailing(String s, String chars) {
        if (s == null) return null;
        int end = s.length();
        while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) end--;
        return end == 0 ? null : end == s.length() ? s : s.substring(0, end);
    }

    /** Parses a non-negative decimal int; -1 when the text is not one (or overflows). */
    static int toInt(String s) {
        if (s == null || s.isEmpty() || s.length() > 9) return -1;
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Parses a non-negative decimal long (also "123.0"); -1 when the text is not one. */
    static long toLong(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' && i > 0) return v;
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** {@code s} cut to at most {@code max} chars, never splitting a surrogate pair; "…" marks a cut. */
    static String cap(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int end = max;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }
}
