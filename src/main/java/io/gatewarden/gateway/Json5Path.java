package io.gatewarden.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A path into a JSON5 document: dotted keys with optional array indices and bracket-quoted keys,
 * e.g. {@code agents.defaults.model.primary}, {@code agents.defaults.model.fallbacks[0]},
 * {@code agents.defaults.models["anthropic/claude-opus-4-6"].alias}.
 */
public final class Json5Path {
    /** One step: a key in an object, or an index in an array. */
    public record Segment(String key, int index) {
        public boolean isIndex() {
            return key == null;
        }

        @Override
        public String toString() {
            return isIndex() ? "[" + index + "]" : key;
        }
    }

    private final String text;
    private final List<Segment> segments;

    private Json5Path(String text, List<Segment> segments) {
        this.text = text;
        this.segments = Collections.unmodifiableList(segments);
    }

    public static Json5Path parse(String path) {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("empty config path");
        List<Segment> out = new ArrayList<>();
        int i = 0;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                if (i == 0 || i == n - 1 || path.charAt(i + 1) == '.') throw bad(path, "empty key");
                i++;
            } else if (c == '[') {
                int close;
                if (i + 1 < n && (path.charAt(i + 1) == '"' || path.charAt(i + 1) == '\'')) {
                    char q = path.charAt(i + 1);
                    int end = path.indexOf(q, i + 2);
                    if (end < 0 || end + 1 >= n || path.charAt(end + 1) != ']') throw bad(path, "unclosed quoted key");
                    out.add(new Segment(path.substring(i + 2, end), -1));
                    close = end + 1;
                } else {
                    close = path.indexOf(']', i);
                    if (close < 0) throw bad(path, "unclosed [");
                    try {
                        int idx = Integer.parseInt(path.substring(i + 1, close).trim());
                        if (idx < 0) throw bad(path, "negative index");
                        out.add(new Segment(null, idx));
                    } catch (NumberFormatException e) {
                        throw bad(path, "index is not a number");
                    }
                }
                i = close + 1;
            } else {
                int j = i;
                while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') j++;
                out.add(new Segment(path.substring(i, j), -1));
                i = j;
            }
        }
        if (out.isEmpty()) throw bad(path, "no segments");
        return new Json5Path(path, out);
    }

    private static IllegalArgumentException bad(String path, String why) {
        return new IllegalArgumentException("bad config path '" + path + "': " + why);
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The path up to (excluding) segment {@code n}, for error messages. */
    public String prefix(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n && i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (!s.isIndex() && sb.length() > 0) sb.append('.');
            sb.append(s);
        }
        return sb.length() == 0 ? "<root>" : sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
