package io.gatewarden.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Edits ONE value of a JSON5 text (OpenClaw's {@code openclaw.json}) and leaves every other character alone:
 * comments, key order, quote style, indentation and line endings survive byte for byte.
 *
 * <p>The editor splices; it does not say what the config means (that is {@link OpenClawConfigReader}'s job). It
 * reads the same {@link Json5Dialect} as the reader, so any file the reader accepts (hex numbers, line
 * continuations included) can be edited.
 *
 * <p>How: Jackson's streaming parser walks a same-length copy of the text ({@link Json5Extensions#forLocating}) to
 * the value at the path and reports where its first token starts; the end is the matching close bracket
 * (containers) or a small scan (strings, literals). The new value is rendered in the style of the old one (same
 * quote character; arrays keep their one-line or one-item-per-line layout) and spliced in. The result is parsed
 * again and compared with the old tree, changed only at the path, before it is returned.
 *
 * <p>Refuses, with {@link Json5EditException}, a text that is not valid JSON5, a missing path, and a value of
 * another type than the one already there: a file someone else broke is never "repaired" by us.
 * With duplicate keys the last one wins, as in JSON5. A value written in an {@code $include}d file is not in this
 * text; the caller finds that out from the reader ({@link ModelSelection#primaryFile()}).
 */
public final class Json5Editor {
    private static final JsonFactory FACTORY = Json5Dialect.FACTORY;
    private static final ObjectMapper MAPPER = Json5Dialect.MAPPER;
    private static final char BOM = '\uFEFF';
    /** Only named in parse errors of a text that is not (yet) a file. */
    private static final Path TEXT = Path.of("config");

    private Json5Editor() {}

    /** Where a value sits in the text: {@code text.substring(start, end)} is exactly the value. */
    public record ValueSpan(String path, int start, int end, JsonNodeType type, JsonNode value) {
        public int length() {
            return end - start;
        }
    }

    /** The result of one edit: the new text, the span of the old value in the OLD text, and the new value's text. */
    public record Edit(String path, String oldText, String newText, ValueSpan oldSpan, String renderedValue,
                       JsonNode before, JsonNode after) {
        public boolean changed() {
            return !oldText.equals(newText);
        }
    }

    /**
     * Checks that {@code text} is a JSON5 document with an object root, in the reader's dialect; the tree is for
     * the editor's self-check and for callers that compare versions, not for reading the config's meaning.
     */
    public static JsonNode parse(String text) throws Json5EditException {
        JsonNode root;
        try {
            root = Json5Reader.parse(TEXT, text).root();
        } catch (ConfigError e) {
            String at = e.line() > 0 ? " (line " + e.line() + (e.column() > 0 ? ", column " + e.column() : "") + ")" : "";
            String reason = e.reason();
            throw new Json5EditException(Json5EditException.Kind.INVALID_DOCUMENT, reason.startsWith("file is empty")
                    ? "config is empty" : "config is not valid JSON5: " + reason.replaceFirst("^invalid JSON5: ", "") + at);
        }
        if (!root.isObject()) {
            throw new Json5EditException(Json5EditException.Kind.INVALID_DOCUMENT, "config root is not an object");
        }
        return root;
    }

    /** The value at {@code path}, or an exception saying which part of the path is missing. */
    public static JsonNode valueAt(String text, String path) throws Json5EditException {
        return locate(text, path).value();
    }

    /** Finds the exact character span of the value at {@code path} (offsets into {@code text}, BOM included). */
    public static ValueSpan locate(String text, String path) throws Json5EditException {
        JsonNode root = parse(text);
        Json5Path p = Json5Path.parse(path);
        int shift = text.isEmpty() || text.charAt(0) != BOM ? 0 : 1;
        String body = text.substring(shift);
        try (JsonParser jp = FACTORY.createParser(Json5Extensions.forLocating(body))) {
            jp.nextToken();
            Result r = scan(jp, body, p, 0);
            if (r.span == null) throw new Json5EditException(r.kind, r.message);
            ValueSpan s = r.span;
            JsonNode value = valueIn(root, p); // from the real tree: the located copy holds placeholders
            return new ValueSpan(path, s.start + shift, s.end + shift, value.getNodeType(), value);
        } catch (IOException e) {
            throw new Json5EditException(Json5EditException.Kind.INVALID_DOCUMENT, "config is not valid JSON5: " + e.getMessage(), e);
        }
    }

    /** Sets a string value (e.g. {@code agents.defaults.model.primary}), keeping the old value's quote character. */
    public static Edit setString(String text, String path, String value) throws Json5EditException {
        return set(text, path, TextNode.valueOf(value));
    }

    /** Sets an array of strings (e.g. {@code agents.defaults.model.fallbacks}), keeping the array's layout. */
    public static Edit setStringList(String text, String path, List<String> values) throws Json5EditException {
        ArrayNode arr = MAPPER.createArrayNode();
        values.forEach(arr::add);
        return set(text, path, arr);
    }

    /** Replaces the value at {@code path} with {@code value} of the same JSON type; nothing else changes. */
    public static Edit set(String text, String path, JsonNode value) throws Json5EditException {
        JsonNode oldRoot = parse(text);
        ValueSpan span = locate(text, path);
        if (span.type() != value.getNodeType()) {
            throw new Json5EditException(Json5EditException.Kind.WRONG_TYPE, "config path " + path + " holds "
                    + describe(span.type()) + ", not " + describe(value.getNodeType()) + "; refusing to change its type");
        }
        String oldValueText = text.substring(span.start(), span.end());
        String rendered = render(oldValueText, value);
        String newText = text.substring(0, span.start()) + rendered + text.substring(span.end());
        // Self-check: the new document parses and equals the old one with exactly this value replaced.
        JsonNode newRoot;
        try {
            newRoot = parse(newText);
        } catch (Json5EditException e) {
            throw new IllegalStateException("edit of " + path + " produced invalid JSON5 (bug): " + e.getMessage(), e);
        }
        JsonNode expected = withValue(oldRoot, Json5Path.parse(path), value);
        if (!expected.equals(newRoot)) {
            throw new IllegalStateException("edit of " + path + " changed more than the value (bug)");
        }
        return new Edit(path, text, newText, span, rendered, span.value(), value);
    }

    // ------------------------------------------------------------------ locating

    private record Result(ValueSpan span, Json5EditException.Kind kind, String message) {
        static Result found(ValueSpan s) { return new Result(s, null, null); }
        static Result fail(Json5EditException.Kind k, String m) { return new Result(null, k, m); }
    }

    /** The parser sits on the first token of a value; consumes the whole value and reports what it found. */
    private static Result scan(JsonParser jp, String body, Json5Path path, int i) throws IOException {
        List<Json5Path.Segment> segs = path.segments();
        JsonToken t = jp.currentToken();
        if (i == segs.size()) return Result.found(spanOf(jp, body, t));
        Json5Path.Segment seg = segs.get(i);
        if (!seg.isIndex()) {
            if (t != JsonToken.START_OBJECT) {
                jp.skipChildren();
                return Result.fail(Json5EditException.Kind.WRONG_TYPE, "config path " + path.prefix(i)
                        + " is " + describe(t) + ", not an object; cannot reach " + path);
            }
            Result last = null;
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                jp.nextToken();
                if (name.equals(seg.key())) {
                    last = scan(jp, body, path, i + 1); // a later duplicate key wins, as in JSON5
                } else {
                    jp.skipChildren();
                }
            }
            return last != null ? last : Result.fail(Json5EditException.Kind.PATH_MISSING,
                    "config has no " + path.prefix(i + 1) + " (looking for " + path + ")");
        }
        if (t != JsonToken.START_ARRAY) {
            jp.skipChildren();
            return Result.fail(Json5EditException.Kind.WRONG_TYPE, "config path " + path.prefix(i)
                    + " is " + describe(t) + ", not an array; cannot reach " + path);
        }
        Result hit = null;
        int k = 0;
        while (jp.nextToken() != JsonToken.END_ARRAY) {
            if (k == seg.index()) hit = scan(jp, body, path, i + 1);
            else jp.skipChildren();
            k++;
        }
        return hit != null ? hit : Result.fail(Json5EditException.Kind.PATH_MISSING,
                "config array " + path.prefix(i) + " has " + k + " items, no index " + seg.index());
    }

    private static ValueSpan spanOf(JsonParser jp, String body, JsonToken t) throws IOException {
        int start = (int) jp.currentTokenLocation().getCharOffset();
        int end;
        char c = body.charAt(start);
        switch (t) {
            case START_OBJECT, START_ARRAY -> {
                jp.skipChildren();
                end = (int) jp.currentTokenLocation().getCharOffset() + 1;
                char close = t == JsonToken.START_OBJECT ? '}' : ']';
                check(c == (t == JsonToken.START_OBJECT ? '{' : '[') && body.charAt(end - 1) == close, t, start);
            }
            case VALUE_STRING -> {
                check(c == '"' || c == '\'', t, start);
                end = endOfString(body, start);
            }
            default -> end = endOfLiteral(body, start);
        }
        return new ValueSpan(null, start, end, null, null);
    }

    private static void check(boolean ok, JsonToken t, int at) {
        if (!ok) throw new IllegalStateException("value span for " + t + " at offset " + at + " is not where expected (bug)");
    }

    private static int endOfString(String s, int start) {
        char q = s.charAt(start);
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') i += 2;
            else if (c == q) return i + 1;
            else i++;
        }
        throw new IllegalStateException("unterminated string at offset " + start + " (bug: the parser accepted it)");
    }

    private static int endOfLiteral(String s, int start) {
        int i = start;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.' || c == '_') i++;
            else break;
        }
        return i;
    }

    // ------------------------------------------------------------------ rendering

    private static String render(String oldValueText, JsonNode value) {
        if (value.isTextual()) {
            char q = oldValueText.charAt(0) == '\'' ? '\'' : '"';
            return quote(value.textValue(), q);
        }
        if (value.isArray() && allText(value)) return renderStringArray(oldValueText, value);
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allText(JsonNode arr) {
        for (JsonNode n : arr) if (!n.isTextual()) return false;
        return true;
    }

    /** A string literal in quote character {@code q}: escapes the backslash, q and control characters only. */
    public static String quote(String value, char q) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append(q);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c == q) sb.append('\\').append(c);
                    else if (c < 0x20 || c == '\u2028' || c == '\u2029') sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append(q).toString();
    }

    /** Renders strings in the layout of the old array: one line or one item per line, same indents and commas. */
    private static String renderStringArray(String old, JsonNode values) {
        int n = values.size();
        if (n == 0) return "[]";
        int first = skipBlankAndComments(old, 1);
        boolean oldEmpty = first >= old.length() - 1 || old.charAt(first) == ']';
        char q = !oldEmpty && old.charAt(first) == '\'' ? '\'' : '"';
        String nl = old.contains("\r\n") ? "\r\n" : "\n";
        if (!old.contains("\n")) {
            boolean padded = !oldEmpty && old.length() > 2 && old.charAt(1) == ' ';
            String sep = ", ";
            int comma = firstCommaOutsideStrings(old);
            if (comma > 0) sep = comma + 1 < old.length() && old.charAt(comma + 1) == ' ' ? ", " : ",";
            StringBuilder sb = new StringBuilder(padded ? "[ " : "[");
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(sep);
                sb.append(quote(values.get(i).textValue(), q));
            }
            return sb.append(padded ? " ]" : "]").toString();
        }
        String closeIndent = indentBefore(old, old.length() - 1);
        String itemIndent = oldEmpty ? closeIndent + "  " : indentBefore(old, first);
        boolean trailingComma = !oldEmpty && lastSignificantBefore(old, old.length() - 1) == ',';
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(nl).append(itemIndent).append(quote(values.get(i).textValue(), q));
            if (i < n - 1 || trailingComma) sb.append(',');
        }
        return sb.append(nl).append(closeIndent).append(']').toString();
    }

    /** The spaces/tabs between the start of {@code pos}'s line and {@code pos}, if only whitespace is there. */
    private static String indentBefore(String s, int pos) {
        int i = pos;
        while (i > 0 && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) i--;
        if (i > 0 && s.charAt(i - 1) != '\n') return "";
        return s.substring(i, pos);
    }

    private static int skipBlankAndComments(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) i++;
            else if (s.startsWith("//", i)) { int e = s.indexOf('\n', i); i = e < 0 ? s.length() : e + 1; }
            else if (s.startsWith("/*", i)) { int e = s.indexOf("*/", i + 2); i = e < 0 ? s.length() : e + 2; }
            else break;
        }
        return i;
    }

    /** The last character before {@code end} that is not whitespace or inside a comment (strings are skipped). */
    private static char lastSignificantBefore(String s, int end) {
        char last = 0;
        int i = 1;
        while (i < end) {
            int j = skipBlankAndComments(s, i);
            if (j >= end) break;
            char c = s.charAt(j);
            if (c == '"' || c == '\'') { j = endOfString(s, j); last = c; i = j; continue; }
            last = c;
            i = j + 1;
        }
        return last;
    }

    private static int firstCommaOutsideStrings(String s) {
        int i = 1;
        while (i < s.length()) {
            int j = skipBlankAndComments(s, i);
            if (j >= s.length()) return -1;
            char c = s.charAt(j);
            if (c == '"' || c == '\'') { i = endOfString(s, j); continue; }
            if (c == ',') return j;
            i = j + 1;
        }
        return -1;
    }

    // ------------------------------------------------------------------ helpers

    /** The value at {@code path} in a parsed tree (the path was located, so it exists). */
    private static JsonNode valueIn(JsonNode root, Json5Path path) {
        JsonNode n = root;
        for (Json5Path.Segment s : path.segments()) n = s.isIndex() ? n.get(s.index()) : n.get(s.key());
        return n;
    }

    /** A deep copy of {@code root} with the value at {@code path} replaced (the path must exist). */
    static JsonNode withValue(JsonNode root, Json5Path path, JsonNode value) {
        JsonNode copy = root.deepCopy();
        JsonNode parent = copy;
        List<Json5Path.Segment> segs = path.segments();
        for (int i = 0; i < segs.size() - 1; i++) {
            Json5Path.Segment s = segs.get(i);
            parent = s.isIndex() ? parent.get(s.index()) : parent.get(s.key());
        }
        Json5Path.Segment last = segs.get(segs.size() - 1);
        if (last.isIndex()) ((ArrayNode) parent).set(last.index(), value);
        else ((ObjectNode) parent).set(last.key(), value);
        return copy;
    }

    private static String describe(JsonToken t) {
        if (t == null) return "nothing";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }

    private static String describe(JsonNodeType t) {
        return switch (t) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }
}
