package io.gatewarden.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target for {@code gatewarden.yaml}: any text gives a config or a {@link ConfigException} that names the file
 * and says what is wrong in words a human reads (no Java or Jackson internals), never another exception.
 * Regression inputs: {@code src/test/resources/io/gatewarden/config/ConfigLoaderFuzzTestInputs/}.
 */
class ConfigLoaderFuzzTest {
    private static final String SOURCE = "fuzz.yaml";

    @FuzzTest(maxDuration = "5m")
    void parseYaml(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        GatewardenConfig cfg;
        try {
            cfg = ConfigLoader.parse(yaml, SOURCE);
        } catch (ConfigException e) {
            assertThat(e.file()).isEqualTo(SOURCE);
            assertThat(e.line()).isNotNegative();
            assertThat(e.reason()).as("reason").isNotBlank();
            assertThat(e.getMessage()).startsWith(SOURCE);
            assertThat(e.reason().toLowerCase(java.util.Locale.ROOT)).as("a reason for a human: %s", e.reason())
                    .doesNotContain("com.fasterxml").doesNotContain("java.lang").doesNotContain("io.gatewarden")
                    .doesNotContain("exception");
            return;
        }
        assertThat(cfg).isNotNull();
    }
}
