package io.gatewarden.lint;

import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.OpenClawConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every captured config: the lint says what the capture showed happening. */
class FixtureConfigsLintTest {
    static final Path CONFIGS = Path.of("src/test/resources/fixtures/openclaw/configs");

    /** file, expected findings as "code@rungs" */
    static Stream<Arguments> configs() {
        return Stream.of(
                // anthropic/claude-sonnet-4-5 has no key at all in this lab; fakeoa's two rungs use one key
                arguments("01-initial-openclaw.json", List.of("no_credentials@3", "shared_credential@1,4", "order_policy@3")),
                arguments("04-quota-scenario-openclaw.json", List.of("shared_credential@1,3")),
                // the capture logged: No API key found for provider "nokeyremote"
                arguments("05-nokey-scenario-openclaw.json", List.of("no_credentials@2", "shared_credential@1,3", "order_policy@2")),
                // the capture logged: All models failed (2)
                arguments("06-exhausted-scenario-openclaw.json", List.of("no_credentials@2")),
                arguments("07-context-overflow-openclaw.json", List.of("shared_credential@1,2")),
                arguments("08-tool-use-openclaw.json", List.of("shared_credential@1,2")),
                // rate-limit cooldown on fakerl:default, the profile both fakerl rungs use
                arguments("09-rate-limit-cooldown-openclaw.json", List.of("shared_credential@1,2")),
                arguments("12-port-change-openclaw.json", List.of("shared_credential@1,2")),
                // captures 14-16: one auth profile behind every fakeoa rung — the cooldown that skipped the sibling
                arguments("14-cooldown-skip-same-profile-sibling-openclaw.json", List.of("shared_credential@1,2,3")),
                arguments("14b-rate-limit-two-rung-sibling-tried-openclaw.json", List.of("shared_credential@1,2")),
                arguments("14c-billing-two-rung-sibling-skipped-openclaw.json", List.of("shared_credential@1,2")),
                // fakeanth and fakeanth2 are one key: a session rejected by all three rungs
                arguments("15-session-rejected-every-run-openclaw.json", List.of("shared_credential@1,2,3")),
                arguments("16-preflight-near-context-window-openclaw.json", List.of()),
                // one model, no fallbacks: the session levers
                arguments("17-session-actions-openclaw.json", List.of()),
                // main-ok → main-fb on one inline key; ops has one rung and says fallbacks: [] (deliberate)
                arguments("21-heartbeat-and-cron-load-openclaw.json", List.of("shared_credential@1,2")),
                arguments("21i-heartbeat-and-cron-load-info-level-openclaw.json", List.of("shared_credential@1,2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void lintsEachCapturedConfig(String file, List<String> expected) throws Exception {
        LintReport r = new ChainLinter().lint(new OpenClawConfigReader().read(CONFIGS.resolve(file)));
        assertThat(r.findings()).extracting(f -> f.code().wireName() + "@" + f.positions())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.hasErrors()).isEqualTo(expected.stream().anyMatch(s -> s.startsWith("no_credentials")));
        // the fake providers all listen on 127.0.0.1: local rungs, and only keyless ones go without credentials
        assertThat(r.chains()).isNotEmpty().allSatisfy(c -> assertThat(c.rungs()).allSatisfy(rv -> {
            if (rv.rung().provider().startsWith("fake") || rv.rung().provider().equals("nokey")) {
                assertThat(rv.rungClass()).isEqualTo(RungClass.LOCAL);
            }
        }));
    }

    @Test
    void everyConfigInTheFolderIsCovered() throws Exception {
        try (Stream<Path> s = Files.list(CONFIGS)) {
            List<String> files = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("11-")).sorted().toList();
            assertThat(files).containsExactlyElementsOf(configs().map(a -> (String) a.get()[0]).sorted().toList());
        }
    }

    @Test
    void theInvalidCapturesGiveClearErrors() {
        ConfigError truncated = catchThrowableOfType(ConfigError.class,
                () -> new OpenClawConfigReader().read(CONFIGS.resolve("11-invalid-json5-truncated-openclaw.json")));
        assertThat(truncated.getMessage()).endsWith("11-invalid-json5-truncated-openclaw.json:1:33: invalid JSON5:"
                + " unexpected end-of-input within/between object entries");
        ConfigError schema = catchThrowableOfType(ConfigError.class,
                () -> new OpenClawConfigReader().read(CONFIGS.resolve("11-invalid-schema-openclaw.json")));
        assertThat(schema.getMessage()).endsWith(":28:9: agents.defaults.model: unrecognized key \"bogusKey\" (allowed: primary, fallbacks)");
    }
}
