package io.gatewarden.parse;

import io.gatewarden.config.ConfigMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParseSettingsTest {
    private static ParseSettings yaml(String text) throws Exception {
        return ConfigMapper.yaml().readValue(text, ParseSettings.class);
    }

    @Test
    void defaults() throws Exception {
        assertThat(ParseSettings.defaults()).isEqualTo(new ParseSettings("openclaw", 1 << 20, 300));
        assertThat(yaml("{}")).isEqualTo(ParseSettings.defaults());
        assertThat(ParseSettings.defaults().newParser()).isInstanceOf(OpenClawLineParser.class);
    }

    @Test
    void snakeCaseKeysBind() throws Exception {
        ParseSettings s = yaml("format: JSON\nmax_line_chars: 4096\nevidence_chars: 120\n");
        assertThat(s).isEqualTo(new ParseSettings("json", 4096, 120));
        assertThat(s.newParser()).isInstanceOf(GenericJsonLineParser.class);
        assertThat(s.newParser().parse("{\"message\":\"" + "m".repeat(200) + "\"}").raw()).hasSize(120);
    }

    @Test
    void badValuesAreRejectedWithTheKeyNamed() {
        assertThatThrownBy(() -> yaml("format: regex\n")).hasMessageContaining("parse.format");
        assertThatThrownBy(() -> yaml("evidence_chars: 500\n")).hasMessageContaining("parse.evidence_chars");
        assertThatThrownBy(() -> yaml("max_line_chars: 10\n")).hasMessageContaining("parse.max_line_chars");
        assertThatThrownBy(() -> yaml("max_line_char: 4096\n")).hasMessageContaining("max_line_char");
    }
}
