package io.gatewarden.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewarden.testsupport.SeededRuns;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The editor on the real openclaw.json captures, restyled as hand-written JSON5 (unquoted keys, single quotes,
 * comments, trailing commas, escapes in the primary) and then damaged (a char flipped, inserted, deleted, the file
 * cut short): editing {@code agents.defaults.model.primary} or {@code .fallbacks} either fails with a
 * {@link Json5EditException} that says why — and only when the document or the path really is not there — or
 * changes exactly that value: every char outside the old value's span is identical, the new value reads back, and
 * every other value is equal. Seeded: {@code -Dgatewarden.seed=N} replays a run; {@link Json5EditorFuzzTest} searches
 * the same property coverage-guided.
 */
class Json5EditorMutationPropertyTest {
    static final List<String> CONFIGS = configs();
    static final String PRIMARY = "agents.defaults.model.primary";
    static final String FALLBACKS = "agents.defaults.model.fallbacks";

    private static List<String> configs() {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/fixtures/openclaw/configs"))) {
            List<String> out = new ArrayList<>();
            for (Path p : s.sorted().toList()) out.add(Files.readString(p));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Case(String text, String note) {
        @Override
        public String toString() {
            return note + "\n" + text;
        }
    }

    static Case document(Random r) {
        String cfg = CONFIGS.get(r.nextInt(CONFIGS.size()));
        String doc = r.nextInt(4) == 0 ? cfg : json5ify(cfg, r);
        int mutations = r.nextInt(3);
        StringBuilder note = new StringBuilder("mutations:");
        for (int i = 0; i < mutations; i++) {
            String before = doc;
            doc = mutate(doc, r);
            note.append(' ').append(before.length()).append("->").append(doc.length());
        }
        return new Case(doc, note.toString());
    }

    private static final String[] MODELS = {"fakeanth/ovl-529", "fakeoa/ok", "anthropic/claude-sonnet-4-5", ""};
    private static final String ODD = "ab/-_.:'\"\\\n\t\u0001é日\u2028";

    static String value(Random r) {
        if (r.nextBoolean()) return MODELS[r.nextInt(MODELS.length)];
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = r.nextInt(17); i < n; i++) sb.append(ODD.charAt(r.nextInt(ODD.length())));
        return sb.toString();
    }

    @Test
    void aPrimaryEditIsCleanOrAClearRefusal() {
        int tries = 400;
        int[] edited = {0};
        SeededRuns.forEachChecked(tries, r -> {
            Case c = document(r);
            String value = value(r);
            if (check(c.text(), PRIMARY, () -> Json5Editor.setString(c.text(), PRIMARY, value), JsonNodeKind.STRING)) edited[0]++;
        });
        assertThat(edited[0]).as("edits that went through").isGreaterThan(tries / 4);
    }

    @Test
    void aFallbacksEditIsCleanOrAClearRefusal() {
        int tries = 200;
        int[] edited = {0};
        SeededRuns.forEachChecked(tries, r -> {
            Case c = document(r);
            List<String> values = new ArrayList<>();
            for (int i = 0, n = r.nextInt(5); i < n; i++) values.add(value(r));
            if (check(c.text(), FALLBACKS, () -> Json5Editor.setStringList(c.text(), FALLBACKS, values), JsonNodeKind.ARRAY)) edited[0]++;
        });
        assertThat(edited[0]).as("edits that went through").isGreaterThan(tries / 4);
    }

    @Test
    void theRestyledConfigsAreValidJson5WithTheSameValuesOutsideThePrimary() {
        SeededRuns.forEachChecked(100, r -> {
            long seed = r.nextLong();
            for (String cfg : CONFIGS) {
                JsonNode strict = parseOrNull(cfg);
                if (strict == null) continue; // the captured invalid config stays invalid
                String styled = json5ify(cfg, new Random(seed));
                JsonNode root = Json5Editor.parse(styled);
                assertThat(Json5Editor.withValue(root, Json5Path.parse(PRIMARY), strict.at("/agents/defaults/model/primary")))
                        .as(styled).isEqualTo(strict);
                assertThat(Json5Editor.setString(styled, PRIMARY, "fakeoa/ok").changed()).isTrue();
            }
        });
    }

    enum JsonNodeKind { STRING, ARRAY }

    interface EditCall {
        Json5Editor.Edit run() throws Json5EditException;
    }

    /**
     * Runs the edit and checks it: a refusal says why and happens only when the document or the path really is not
     * there (or holds another type); an edit changes exactly the value's span. True when the edit went through.
     */
    static boolean check(String text, String path, EditCall call, JsonNodeKind kind) throws Exception {
        JsonNode oldRoot = parseOrNull(text);
        JsonNode oldValue = oldRoot == null ? null : at(oldRoot, path);
        boolean editable = oldValue != null && (kind == JsonNodeKind.STRING ? oldValue.isTextual() : oldValue.isArray());
        Json5Editor.Edit e;
        try {
            e = call.run();
        } catch (Json5EditException refused) {
            assertThat(refused.getMessage()).as("a refusal says why").isNotBlank();
            assertThat(editable).as("refused an editable document: " + refused.getMessage()).isFalse();
            if (oldRoot != null) assertThat(refused.kind()).isNotEqualTo(Json5EditException.Kind.INVALID_DOCUMENT);
            return false;
        }
        assertThat(editable).as("edited a document the reader rejects, or a path that is not there").isTrue();
        int start = e.oldSpan().start();
        int end = e.oldSpan().end();
        assertThat(e.newText()).startsWith(text.substring(0, start)).endsWith(text.substring(end));
        assertThat(e.newText().length()).isEqualTo(start + e.renderedValue().length() + text.length() - end);
        assertThat(Json5Editor.valueAt(e.newText(), path)).isEqualTo(e.after());
        assertThat(Json5Editor.parse(e.newText())).isEqualTo(Json5Editor.withValue(oldRoot, Json5Path.parse(path), e.after()));
        return true;
    }

    static JsonNode parseOrNull(String text) {
        try {
            return Json5Editor.parse(text);
        } catch (Json5EditException e) {
            return null;
        }
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            if (n == null || !n.isObject()) return null;
            n = n.get(part);
        }
        return n;
    }

    // ------------------------------------------------------------------ generators

    private static final Pattern KEY = Pattern.compile("\"([A-Za-z_$][A-Za-z0-9_$]*)\"(\\s*):");
    private static final Pattern CLOSE = Pattern.compile("([^\\s,{\\[])(\\s*\\n\\s*)([}\\]])");

    /** Restyles strict JSON as a human writes JSON5; the values stay the same. */
    static String json5ify(String json, Random r) {
        Matcher m = KEY.matcher(json);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String repl = switch (r.nextInt(3)) {
                case 0 -> key + m.group(2) + ":";
                case 1 -> "'" + key + "'" + m.group(2) + ":";
                default -> m.group(0);
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(repl));
        }
        m.appendTail(sb);
        String s = sb.toString();
        // trailing commas before some closing brackets
        m = CLOSE.matcher(s);
        sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + (r.nextBoolean() ? "," : "") + m.group(2) + m.group(3)));
        m.appendTail(sb);
        s = sb.toString();
        // comments around the model block, one of them holding JSON-looking text
        s = s.replaceFirst("(\"?'?model'?\"?\\s*:\\s*\\{)", Matcher.quoteReplacement("// the chain: {\"primary\": \"x\"}\n      ") + "$1 /* primary first */");
        // the primary written with escapes and single quotes sometimes
        if (r.nextBoolean()) {
            s = s.replaceFirst("(primary\"?'?\\s*:\\s*)\"([^\"]*)\"", "$1'$2\\\\u002Fesc\\\\'aped\\\\\\\\'");
        }
        return r.nextBoolean() ? s.replace("\n", "\r\n") : s;
    }

    private static final String NOISE = "{}[],:\"'/\\*\n 0aé";

    static String mutate(String s, Random r) {
        if (s.isEmpty()) return s;
        // half the damage lands near the model block, where the edit happens
        int anchor = s.indexOf("model");
        int i = anchor >= 0 && r.nextBoolean() ? Math.min(s.length() - 1, Math.max(0, anchor - 40 + r.nextInt(200))) : r.nextInt(s.length());
        char c = NOISE.charAt(r.nextInt(NOISE.length()));
        return switch (r.nextInt(5)) {
            case 0 -> s.substring(0, i) + c + s.substring(i + 1);
            case 1 -> s.substring(0, i) + c + s.substring(i);
            case 2 -> s.substring(0, i) + s.substring(i + 1);
            case 3 -> s.substring(0, i);
            default -> s.substring(0, i) + (char) (s.charAt(i) ^ (1 << r.nextInt(7))) + s.substring(i + 1);
        };
    }
}
