package io.gatewarden.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewarden.testsupport.SeededRuns;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: an edit never changes anything but the intended value. Random JSON5 documents (comments, odd
 * whitespace, CRLF, unquoted/single/double-quoted keys, escapes, trailing commas, JSON5 numbers, nesting), a random
 * string or string-array path in them, a random new value: the text outside the old value's span is byte-identical,
 * and the document reads back as the old one with only that value replaced. Seeded: {@code -Dgatewarden.seed=N}
 * replays a run.
 */
class Json5EditorPropertyTest {

    /** A generated document and the paths in it that hold strings and arrays of strings. */
    record Doc(String text, List<String> stringPaths, List<String> arrayPaths) {
        @Override
        public String toString() {
            return "Doc[\n" + text + "\n] strings=" + stringPaths + " arrays=" + arrayPaths;
        }
    }

    private static final String PLAIN = "abcXYZ019/-_.:@ ";
    private static final String ODD = "a'\"\\\n\t\r\u0001é日\u2028/";

    static String value(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> chars(r, PLAIN, r.nextInt(31));
            case 1 -> chars(r, ODD, r.nextInt(13));
            default -> {
                // any char, surrogates included
                StringBuilder sb = new StringBuilder();
                for (int i = 0, n = r.nextInt(11); i < n; i++) sb.append((char) r.nextInt(0x10000));
                yield sb.toString();
            }
        };
    }

    private static String chars(Random r, String alphabet, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString();
    }

    @Test
    void settingAStringChangesOnlyItsSpan() {
        SeededRuns.forEachChecked(400, r -> {
            Doc doc = new DocBuilder(new Random(r.nextLong())).build();
            String value = value(r);
            String path = doc.stringPaths().get(r.nextInt(doc.stringPaths().size()));
            Json5Editor.Edit e = Json5Editor.setString(doc.text(), path, value);
            assertUntouchedOutsideSpan(doc, e);
            assertThat(Json5Editor.valueAt(e.newText(), path).textValue()).as("%s", doc).isEqualTo(value);
        });
    }

    @Test
    void settingAStringArrayChangesOnlyItsSpan() {
        SeededRuns.forEachChecked(200, r -> {
            Doc doc = new DocBuilder(new Random(r.nextLong())).build();
            List<String> values = new ArrayList<>();
            for (int i = 0, n = r.nextInt(6); i < n; i++) values.add(value(r));
            if (doc.arrayPaths().isEmpty()) return;
            String path = doc.arrayPaths().get(r.nextInt(doc.arrayPaths().size()));
            Json5Editor.Edit e = Json5Editor.setStringList(doc.text(), path, values);
            assertUntouchedOutsideSpan(doc, e);
            List<String> back = new ArrayList<>();
            Json5Editor.valueAt(e.newText(), path).forEach(n -> back.add(n.textValue()));
            assertThat(back).as("%s", doc).isEqualTo(values);
        });
    }

    private static void assertUntouchedOutsideSpan(Doc doc, Json5Editor.Edit e) throws Exception {
        String old = doc.text();
        int start = e.oldSpan().start();
        int end = e.oldSpan().end();
        String prefix = old.substring(0, start);
        String suffix = old.substring(end);
        assertThat(e.newText().substring(0, start)).as("text before the value in %s", doc).isEqualTo(prefix);
        assertThat(e.newText().substring(e.newText().length() - suffix.length())).as("text after the value").isEqualTo(suffix);
        assertThat(e.newText().length()).isEqualTo(prefix.length() + e.renderedValue().length() + suffix.length());
        // the old span held exactly the old value, and the rest of the document reads the same
        JsonNode oldValue = Json5Editor.parse("{v: " + old.substring(start, end) + "}").get("v");
        assertThat(oldValue).isEqualTo(e.before());
        JsonNode expected = Json5Editor.withValue(Json5Editor.parse(old), Json5Path.parse(e.path()), e.after());
        assertThat(Json5Editor.parse(e.newText())).isEqualTo(expected);
    }

    /** Renders a random JSON5 object with random formatting, remembering which paths hold strings and string arrays. */
    static final class DocBuilder {
        private static final String[] BLANKS = {"", " ", "  ", "\n", "\r\n", "\t", "\n    ", " /* c */ ", "// line, comment: {x}\n",
                "/* multi\n   line * / comment */", "\n// a\n// b\n"};
        private static final String[] NUMBERS = {"0", "-1", "42", "3.14", "-0.5e3", "1E10", ".5", "5.", "+7", "Infinity", "-Infinity", "NaN", "1e-7"};
        private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCXYZ_$0123456789-. /:";
        private final Random r;
        private final List<String> strings = new ArrayList<>();
        private final List<String> arrays = new ArrayList<>();

        DocBuilder(Random r) {
            this.r = r;
        }

        Doc build() {
            StringBuilder sb = new StringBuilder(blank());
            object(sb, "", 0, true);
            sb.append(blank());
            return new Doc(sb.toString(), strings, arrays);
        }

        private String blank() {
            int n = r.nextInt(3);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) sb.append(BLANKS[r.nextInt(BLANKS.length)]);
            return sb.toString();
        }

        private void object(StringBuilder sb, String path, int depth, boolean root) {
            sb.append('{');
            int n = root ? 1 + r.nextInt(5) : r.nextInt(4);
            List<String> used = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String k = key(used);
                used.add(k);
                sb.append(blank()).append(renderKey(k)).append(blank()).append(':').append(blank());
                value(sb, join(path, k), depth + 1, root && i == 0);
                sb.append(blank());
                if (i < n - 1 || r.nextBoolean()) sb.append(',');
            }
            sb.append(blank()).append('}');
        }

        private void value(StringBuilder sb, String path, int depth, boolean forceString) {
            int kind = forceString ? 0 : r.nextInt(depth > 3 ? 4 : 7);
            switch (kind) {
                case 0 -> { sb.append(stringLiteral(randomText())); strings.add(path); }
                case 1 -> sb.append(NUMBERS[r.nextInt(NUMBERS.length)]);
                case 2 -> sb.append(r.nextBoolean() ? "true" : r.nextBoolean() ? "false" : "null");
                case 3 -> { sb.append(stringLiteral(randomText())); strings.add(path); }
                case 4, 5 -> array(sb, path, depth);
                default -> object(sb, path, depth, false);
            }
        }

        private void array(StringBuilder sb, String path, int depth) {
            boolean onlyStrings = r.nextBoolean();
            int n = r.nextInt(4);
            sb.append('[');
            for (int i = 0; i < n; i++) {
                sb.append(blank());
                String p = path + "[" + i + "]";
                if (onlyStrings) { sb.append(stringLiteral(randomText())); strings.add(p); }
                else value(sb, p, depth + 1, false);
                sb.append(blank());
                if (i < n - 1 || r.nextBoolean()) sb.append(',');
            }
            sb.append(blank()).append(']');
            if (onlyStrings) arrays.add(path);
        }

        private String key(List<String> used) {
            String k;
            do {
                int len = 1 + r.nextInt(8);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < len; i++) sb.append(KEY_CHARS.charAt(r.nextInt(KEY_CHARS.length())));
                k = sb.toString();
            } while (used.contains(k));
            return k;
        }

        private String renderKey(String k) {
            boolean ident = k.matches("[A-Za-z_$][A-Za-z0-9_$]*");
            int style = r.nextInt(ident ? 3 : 2);
            return style == 2 ? k : stringLiteral(k, style == 0 ? '"' : '\'');
        }

        private static String join(String path, String key) {
            // a key of spaces only cannot be written bare in a dotted path: quote it like any odd key
            boolean plain = key.matches("[A-Za-z0-9_$:/ -]+") && !key.isBlank();
            if (plain) return path.isEmpty() ? key : path + "." + key;
            return path + "[\"" + key + "\"]";
        }

        private String randomText() {
            String alphabet = "abc XYZ/._-:'\"\\\n\té日\u0007😀";
            int len = r.nextInt(10);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                int j = r.nextInt(alphabet.length());
                char c = alphabet.charAt(j);
                if (Character.isHighSurrogate(c)) sb.append(c).append(alphabet.charAt(j + 1));
                else if (!Character.isLowSurrogate(c)) sb.append(c);
            }
            return sb.toString();
        }

        private String stringLiteral(String s) {
            return stringLiteral(s, r.nextBoolean() ? '"' : '\'');
        }

        /** The generator's own escaping (independent of the editor's), sometimes with \\u escapes. */
        private String stringLiteral(String s, char q) {
            StringBuilder sb = new StringBuilder().append(q);
            for (char c : s.toCharArray()) {
                if (c == q || c == '\\') sb.append('\\').append(c);
                else if (c == '\n') sb.append("\\n");
                else if (c == '\t') sb.append(r.nextBoolean() ? "\\t" : "\\u0009");
                else if (c < 0x20) sb.append(String.format("\\u%04X", (int) c));
                else if (c > 0x7f && r.nextInt(4) == 0) sb.append(String.format("\\u%04x", (int) c));
                else sb.append(c);
            }
            return sb.append(q).toString();
        }
    }
}
