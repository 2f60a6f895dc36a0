package io.gatewarden.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where each key of a YAML document sits: dotted path (as Jackson names it, {@code probe.providers[0].kind}) to line
 * and scalar text. Jackson's own error locations point past the value (often at the next key or the end of the
 * file); this index lets an error name the line of the key itself. Built by one streaming pass, which also rejects
 * duplicate keys (Jackson would silently keep the last one).
 */
final class YamlKeyIndex {
    /** One key (or list element) of the document. {@code scalar} is null for mappings and lists. */
    record Entry(int line, int column, String scalar) {}

    /** A key that appears twice in one mapping. */
    static final class DuplicateKeyException extends Exception {
        final String path;
        final int line;
        final int firstLine;

        DuplicateKeyException(String path, int line, int firstLine) {
            super("duplicate key");
            this.path = path;
            this.line = line;
            this.firstLine = firstLine;
        }
    }

    private final Map<String, Entry> entries;
    private final boolean empty;

    private YamlKeyIndex(Map<String, Entry> entries, boolean empty) {
        this.entries = Collections.unmodifiableMap(entries);
        this.empty = empty;
    }

    /** @throws IOException a YAML syntax error (Jackson's exception, with the SnakeYAML cause) */
    static YamlKeyIndex of(String yaml) throws IOException, DuplicateKeyException {
        Map<String, Entry> out = new LinkedHashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) return new YamlKeyIndex(out, true);
            JsonToken t = first;
            while (t != null) {
                Frame top = stack.peek();
                if (t == JsonToken.FIELD_NAME) {
                    String path = top.path.isEmpty() ? p.currentName() : top.path + "." + p.currentName();
                    int line = p.currentTokenLocation().getLineNr();
                    if (!top.names.add(p.currentName())) {
                        throw new DuplicateKeyException(path, line, out.get(path).line());
                    }
                    top.pendingKey = path;
                    out.put(path, new Entry(line, p.currentTokenLocation().getColumnNr(), null));
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    stack.pop();
                } else {
                    // a value: a scalar, or the start of a mapping or list
                    String path = null;
                    if (top != null && top.array) {
                        path = top.path + "[" + top.nextIndex++ + "]";
                        out.put(path, new Entry(p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr(), null));
                    } else if (top != null) {
                        path = top.pendingKey;
                    }
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        stack.push(new Frame(path == null ? "" : path, t == JsonToken.START_ARRAY));
                    } else if (path != null) {
                        Entry e = out.get(path);
                        out.put(path, new Entry(e.line(), e.column(), p.getText()));
                    }
                }
                t = p.nextToken();
            }
        }
        return new YamlKeyIndex(out, false);
    }

    /** No content at all (blank, only comments, only {@code ---} or {@code null}): the defaults apply. */
    boolean isEmpty() {
        return empty;
    }

    Entry get(String path) {
        return entries.get(path);
    }

    boolean contains(String path) {
        return entries.containsKey(path);
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /** The line of {@code path}, or of its nearest ancestor that is in the document; 0 when none is. */
    int lineOf(String path) {
        String p = path;
        while (p != null && !p.isEmpty()) {
            Entry e = entries.get(p);
            if (e != null) return e.line();
            p = parent(p);
        }
        return 0;
    }

    /** {@code a.b[0].c} → {@code a.b[0]} → {@code a.b} → {@code a} → "". */
    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static final class Frame {
        final String path;
        final boolean array;
        final Set<String> names = new HashSet<>();
        String pendingKey;
        int nextIndex;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }
}
