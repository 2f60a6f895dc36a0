package io.gatewarden.lint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.FuzzConfigDir;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.OpenClawConfigReader;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target for the chain lint: whatever config the reader accepts (input layout: {@link FuzzConfigDir}), linting
 * it and writing the text and JSON reports never throw, every finding names its agent, code and message, and a
 * config whose lint has errors exits non-zero. Regression inputs:
 * {@code src/test/resources/io/gatewarden/lint/ChainLinterFuzzTestInputs/}.
 */
class ChainLinterFuzzTest {
    private static final FuzzConfigDir DIR = new FuzzConfigDir("gw-lint-fuzz");
    private static final ChainLinter DEFAULTS = new ChainLinter();
    private static final ChainLinter PAID_FIRST = new ChainLinter(LintSettings.defaults()
            .withOrderPolicy(List.of(RungClass.PAID, RungClass.FREE, RungClass.LOCAL)));

    @FuzzTest(maxDuration = "5m")
    void lintConfig(byte[] input) {
        Path file = DIR.write(input);
        if (file == null) return;
        GatewayConfig cfg;
        try {
            cfg = new OpenClawConfigReader().read(file);
        } catch (ConfigError e) {
            assertThat(new JsonReportWriter().writeError(e, 2)).contains(JsonReportWriter.FORMAT);
            return;
        }
        for (ChainLinter linter : List.of(DEFAULTS, PAID_FIRST)) {
            LintReport r = linter.lint(cfg);
            assertThat(r.findings()).allSatisfy(f -> {
                assertThat(f.agent()).isNotNull();
                assertThat(f.code()).isNotNull();
                assertThat(f.severity()).isNotNull();
                assertThat(f.message()).isNotBlank();
            });
            assertThat(new TextReportWriter().write(r)).isNotBlank();
            assertThat(TextReportWriter.summary(r)).isNotBlank();
            assertThat(new JsonReportWriter().write(r, r.hasErrors() ? 1 : 0)).contains(JsonReportWriter.FORMAT);
        }
    }
}
