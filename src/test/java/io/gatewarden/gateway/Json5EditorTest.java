package io.gatewarden.gateway;

import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Json5EditorTest {
    static final Path CONFIGS = Path.of("src/test/resources/fixtures/openclaw/configs");
    static final Path SEED = Path.of("src/test/resources/fixtures/seed-cases/chain-without-credentials/openclaw.json");
    static final String PRIMARY = "agents.defaults.model.primary";
    static final String FALLBACKS = "agents.defaults.model.fallbacks";

    /** The diff of an edit is exactly the old value's span replaced by the new value's text. */
    static void assertOnlySpanChanged(Json5Editor.Edit e) {
        String before = e.oldText().substring(0, e.oldSpan().start());
        String after = e.oldText().substring(e.oldSpan().end());
        assertThat(e.newText()).startsWith(before).endsWith(after);
        assertThat(e.newText().length()).isEqualTo(before.length() + e.renderedValue().length() + after.length());
    }

    @Test
    void setsThePrimaryInRealConfigs_andNothingElse() throws Exception {
        for (String f : List.of("01-initial-openclaw.json", "04-quota-scenario-openclaw.json", "09-rate-limit-cooldown-openclaw.json")) {
            String text = Files.readString(CONFIGS.resolve(f));
            Json5Editor.Edit e = Json5Editor.setString(text, PRIMARY, "fakeanth/ok");
            assertOnlySpanChanged(e);
            assertThat(e.renderedValue()).isEqualTo("\"fakeanth/ok\"");
            assertThat(Json5Editor.valueAt(e.newText(), PRIMARY).textValue()).isEqualTo("fakeanth/ok");
            assertThat(e.before().textValue()).isEqualTo(Json5Editor.valueAt(text, PRIMARY).textValue());
        }
    }

    @Test
    void keepsJson5Comments_unquotedKeys_trailingCommas() throws Exception {
        String text = Files.readString(SEED);
        Json5Editor.Edit e = Json5Editor.setString(text, PRIMARY, "anthropic/claude-sonnet-4-6");
        assertOnlySpanChanged(e);
        assertThat(e.newText()).startsWith("// Routing as it stood on the day of the incident.\n{\n  gateway: {");
        assertThat(e.newText()).contains("primary: \"anthropic/claude-sonnet-4-6\",\n        fallbacks: [");
    }

    @Test
    void keepsTheQuoteCharacter_andEscapesOnlyWhatItMust() throws Exception {
        String text = "{agents:{defaults:{model:{primary:'a/b', fallbacks:['x/y']}}}}";
        Json5Editor.Edit e = Json5Editor.setString(text, PRIMARY, "it's \"q\"\\n");
        assertThat(e.newText()).isEqualTo("{agents:{defaults:{model:{primary:'it\\'s \"q\"\\\\n', fallbacks:['x/y']}}}}");
        assertThat(Json5Editor.valueAt(e.newText(), PRIMARY).textValue()).isEqualTo("it's \"q\"\\n");
    }

    @Test
    void rewritesArraysInTheirOwnLayout() throws Exception {
        String inline = Files.readString(CONFIGS.resolve("01-initial-openclaw.json"));
        Json5Editor.Edit a = Json5Editor.setStringList(inline, FALLBACKS, List.of("fakeoa/ok", "fakeanth/ovl-529"));
        assertOnlySpanChanged(a);
        assertThat(a.renderedValue()).isEqualTo("[\"fakeoa/ok\", \"fakeanth/ovl-529\"]");

        String multi = Files.readString(CONFIGS.resolve("04-quota-scenario-openclaw.json"));
        Json5Editor.Edit b = Json5Editor.setStringList(multi, FALLBACKS, List.of("fakeanth/ok", "nokey/m1"));
        assertOnlySpanChanged(b);
        assertThat(b.renderedValue()).isEqualTo("[\n          \"fakeanth/ok\",\n          \"nokey/m1\"\n        ]");

        String seed = Files.readString(SEED); // trailing comma after the last item is kept
        Json5Editor.Edit c = Json5Editor.setStringList(seed, FALLBACKS, List.of("openai/gpt-4.1", "anthropic/claude-sonnet-4-6"));
        assertThat(c.renderedValue()).isEqualTo("[\n          \"openai/gpt-4.1\",\n          \"anthropic/claude-sonnet-4-6\",\n        ]");

        for (String t : List.of(inline, multi, seed)) { // writing the same list back changes no byte
            assertThat(Json5Editor.set(t, FALLBACKS, Json5Editor.valueAt(t, FALLBACKS)).newText()).isEqualTo(t);
        }
    }

    @Test
    void crlfLineEndingsAndBomSurvive() throws Exception {
        String text = "\uFEFF{\r\n  // c\r\n  agents: { defaults: { model: {\r\n    primary: \"a/b\",\r\n    fallbacks: [\r\n      \"c/d\",\r\n    ],\r\n  } } },\r\n}\r\n";
        Json5Editor.Edit e = Json5Editor.setStringList(Json5Editor.setString(text, PRIMARY, "x/y").newText(), FALLBACKS, List.of("c/d", "e/f"));
        assertThat(e.newText()).isEqualTo("\uFEFF{\r\n  // c\r\n  agents: { defaults: { model: {\r\n    primary: \"x/y\",\r\n    fallbacks: [\r\n      \"c/d\",\r\n      \"e/f\",\r\n    ],\r\n  } } },\r\n}\r\n");
    }

    @Test
    void lastDuplicateKeyWins_asInJson5() throws Exception {
        String text = "{a: 'x', /* dup */ a: 'y'}";
        assertThat(Json5Editor.setString(text, "a", "z").newText()).isEqualTo("{a: 'x', /* dup */ a: 'z'}");
    }

    @Test
    void refusesInvalidDocuments_missingPaths_wrongTypes() throws Exception {
        String truncated = Files.readString(CONFIGS.resolve("11-invalid-json5-truncated-openclaw.json"));
        assertThatThrownBy(() -> Json5Editor.setString(truncated, PRIMARY, "a/b"))
                .isInstanceOf(Json5EditException.class).hasMessageContaining("not valid JSON5")
                .extracting(ex -> ((Json5EditException) ex).kind()).isEqualTo(Json5EditException.Kind.INVALID_DOCUMENT);
        assertThatThrownBy(() -> Json5Editor.setString("{a: 1} trailing", "a", "b")).isInstanceOf(Json5EditException.class);
        assertThatThrownBy(() -> Json5Editor.setString("[1]", "a", "b")).hasMessageContaining("root is not an object");
        assertThatThrownBy(() -> Json5Editor.setString("", "a", "b")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Json5Editor.setString("{agents: {defaults: {}}}", PRIMARY, "a/b"))
                .hasMessageContaining("config has no agents.defaults.model")
                .extracting(ex -> ((Json5EditException) ex).kind()).isEqualTo(Json5EditException.Kind.PATH_MISSING);
        assertThatThrownBy(() -> Json5Editor.setString("{agents: {defaults: {model: 'a/b'}}}", PRIMARY, "c/d"))
                .hasMessageContaining("agents.defaults.model is a string, not an object");
        assertThatThrownBy(() -> Json5Editor.setStringList("{agents: {defaults: {model: {fallbacks: 'x'}}}}", FALLBACKS, List.of()))
                .hasMessageContaining("holds a string, not an array")
                .extracting(ex -> ((Json5EditException) ex).kind()).isEqualTo(Json5EditException.Kind.WRONG_TYPE);
        assertThatThrownBy(() -> Json5Editor.set("{a: 'x'}", "a", IntNode.valueOf(1))).hasMessageContaining("refusing to change its type");
    }

    @Test
    void pathsWithIndicesAndQuotedKeys() throws Exception {
        String text = "{agents: {defaults: {models: {'anthropic/claude-opus-4-6': {alias: 'opus'}}, model: {fallbacks: ['a/b', 'c/d']}}}}";
        assertThat(Json5Editor.setString(text, "agents.defaults.model.fallbacks[1]", "e/f").newText())
                .isEqualTo("{agents: {defaults: {models: {'anthropic/claude-opus-4-6': {alias: 'opus'}}, model: {fallbacks: ['a/b', 'e/f']}}}}");
        assertThat(Json5Editor.setString(text, "agents.defaults.models[\"anthropic/claude-opus-4-6\"].alias", "o").newText())
                .contains("{alias: 'o'}");
        assertThatThrownBy(() -> Json5Editor.setString(text, "agents.defaults.model.fallbacks[2]", "x"))
                .hasMessageContaining("has 2 items, no index 2");
    }

    @Test
    void editsFilesWithHexNumbers_lineContinuations_andHexEscapes_asTheReaderReadsThem() throws Exception {
        String text = """
                // what `gatewarden check` reads, the editor can edit
                { gateway: { port: 0x4965, big: 0xFFFFFFFFFFFF, neg: -0x10 },
                  agents: { defaults: { model: { primary: 'fakeoa/rl-429', fallbacks: ['a/\\x41', "b/two"] } } },
                  models: { providers: { p: { name: 'line \\
                continued', maxTokens: 0x1000 } } } }
                """;
        Json5Editor.Edit e = Json5Editor.setString(text, PRIMARY, "fakeanth/ok");
        assertOnlySpanChanged(e);
        assertThat(e.newText()).isEqualTo(text.replace("'fakeoa/rl-429'", "'fakeanth/ok'"));
        assertThat(Json5Editor.valueAt(text, "gateway.port").intValue()).isEqualTo(0x4965);
        assertThat(Json5Editor.valueAt(text, "gateway.big").longValue()).isEqualTo(0xFFFFFFFFFFFFL);
        assertThat(Json5Editor.valueAt(text, "models.providers.p.name").textValue()).isEqualTo("line continued");
        assertThat(Json5Editor.valueAt(text, FALLBACKS + "[0]").textValue()).isEqualTo("a/A");

        Json5Editor.ValueSpan port = Json5Editor.locate(text, "gateway.port");
        assertThat(text.substring(port.start(), port.end())).isEqualTo("0x4965");
        Json5Editor.Edit list = Json5Editor.setStringList(text, FALLBACKS, List.of("b/two", "a/A"));
        assertOnlySpanChanged(list);
        assertThat(list.newText()).contains("fallbacks: ['b/two', 'a/A']").contains("maxTokens: 0x1000", "'line \\\ncontinued'");
        Json5Editor.Edit number = Json5Editor.set(text, "gateway.port", IntNode.valueOf(18790));
        assertThat(number.newText()).contains("port: 18790, big: 0xFFFFFFFFFFFF");
    }

    @Test
    void parseErrorsKeepTheReadersLineAndColumn() {
        assertThatThrownBy(() -> Json5Editor.parse("{ a: 0x10,\n  b: ] }"))
                .isInstanceOf(Json5EditException.class)
                .hasMessageStartingWith("config is not valid JSON5: unexpected character (']')")
                .hasMessageEndingWith("(line 2, column 6)");
    }
}
