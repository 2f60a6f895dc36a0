package io.gatewarden.gateway;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The JSON5 forms OpenClaw configs may use, including the ones Jackson's read features do not cover. */
class Json5ReaderTest {
    static final Path F = Path.of("openclaw.json");

    JsonNode parse(String text) throws ConfigError {
        return Json5Reader.parse(F, text).root();
    }

    @Test
    void jacksonFeatures() throws Exception {
        JsonNode n = parse("""
                // line comment
                { unquoted: 1, 'single': 'it\\'s', "double": "x", /* block */
                  $include_like: true, trailing: [1, 2,], plus: +3, lead: .5, trail: 5., inf: Infinity, nan: NaN,
                  dup: 1, dup: 2, }
                """);
        assertThat(n.get("unquoted").asInt()).isEqualTo(1);
        assertThat(n.get("single").asText()).isEqualTo("it's");
        assertThat(n.get("$include_like").asBoolean()).isTrue();
        assertThat(n.get("trailing")).hasSize(2);
        assertThat(n.get("plus").asInt()).isEqualTo(3);
        assertThat(n.get("lead").asDouble()).isEqualTo(0.5);
        assertThat(n.get("trail").asDouble()).isEqualTo(5.0);
        assertThat(n.get("inf").asDouble()).isInfinite();
        assertThat(n.get("nan").asDouble()).isNaN();
        assertThat(n.get("dup").asInt()).isEqualTo(2); // last one wins, as in OpenClaw
    }

    @Test
    void hexNumbersLineContinuationsAndHexEscapes() throws Exception {
        JsonNode n = parse("{ port: 0x4A55, neg: -0xFF, big: 0xFFFFFFFFFF, s: 'a\\\nb', e: '\\x41', t: \"0x10 stays\", // 0x1 in a comment\n z: 1 }");
        assertThat(n.get("port").asInt()).isEqualTo(0x4A55);
        assertThat(n.get("neg").asInt()).isEqualTo(-255);
        assertThat(n.get("big").asLong()).isEqualTo(0xFFFFFFFFFFL);
        assertThat(n.get("s").asText()).isEqualTo("ab");
        assertThat(n.get("e").asText()).isEqualTo("A");
        assertThat(n.get("t").asText()).isEqualTo("0x10 stays");
        assertThat(n.get("z").asInt()).isEqualTo(1);
    }

    @Test
    void columnsAfterAHexNumberStayWhereTheEditorShowsThem() throws Exception {
        Json5Reader.Parsed p = Json5Reader.parse(F, "{ a: 0xFF, b: [true] }");
        assertThat(Json5Reader.locate(p, JsonPointer.compile("/b/0"))).containsExactly(1, 16);
        ConfigError e = catchThrowableOfType(ConfigError.class, () -> parse("{ a: 0xFF, b: ] }"));
        assertThat(e.column()).isEqualTo(15);
    }

    @Test
    void crlfLineContinuationKeepsLineNumbers() {
        ConfigError e = catchThrowableOfType(ConfigError.class, () -> parse("{\r\n a: 'x\\\r\ny',\r\n b: }"));
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.reason()).startsWith("invalid JSON5: unexpected character");
    }

    @Test
    void anUnquotedKeyIsNeverEchoedInTheError() {
        ConfigError e = catchThrowableOfType(ConfigError.class, () -> parse("{ apiKey: sk-ant-secret123 }"));
        assertThat(e.getMessage()).doesNotContain("sk").doesNotContain("secret")
                .endsWith("openclaw.json:1:11: invalid JSON5: unrecognized bare word (strings must be quoted)");
    }
}
