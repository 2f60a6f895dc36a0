package io.gatewarden.lint;

import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.OpenClawConfigReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The two seed cases must report exactly the findings their README lists. */
class SeedCaseLintTest {
    static final Path SEEDS = Path.of("src/test/resources/fixtures/seed-cases");

    static LintReport lint(Path config) throws Exception {
        GatewayConfig c = new OpenClawConfigReader().read(config);
        return new ChainLinter().lint(c);
    }

    static List<Integer> positions(Finding f) {
        return f.rungs().stream().map(Rung::position).toList();
    }

    @Test
    void chainWithoutCredentials() throws Exception {
        LintReport r = lint(SEEDS.resolve("chain-without-credentials/openclaw.json"));

        // the auth-profiles.json next to the config is found without being named
        assertThat(r.legacyAuthFiles()).extracting(p -> p.getFileName().toString()).containsExactly("auth-profiles.json");

        List<Finding> errors = r.findings().stream().filter(f -> f.severity() == LintSeverity.ERROR).toList();
        assertThat(errors).extracting(Finding::code, f -> f.rung().ref())
                .containsExactlyInAnyOrder(
                        tuple(FindingCode.NO_CREDENTIALS, "openai/gpt-4.1"),
                        tuple(FindingCode.PROVIDER_NOT_REGISTERED, "ollama/qwen2.5:latest"));
        assertThat(errors).allSatisfy(f -> assertThat(f.rungs()).hasSize(1));
        Finding openai = errors.stream().filter(f -> f.code() == FindingCode.NO_CREDENTIALS).findFirst().orElseThrow();
        assertThat(openai.rung().position()).isEqualTo(3);
        assertThat(openai.message()).startsWith("provider openai has no credentials");
        Finding ollama = errors.stream().filter(f -> f.code() == FindingCode.PROVIDER_NOT_REGISTERED).findFirst().orElseThrow();
        assertThat(ollama.rung().position()).isEqualTo(4);
        assertThat(ollama.message()).startsWith("provider ollama is not registered").contains("no auth profile").contains("baseUrl");

        List<Finding> shared = r.findings().stream().filter(f -> f.code() == FindingCode.SHARED_CREDENTIAL).toList();
        assertThat(shared).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(LintSeverity.WARNING);
            assertThat(f.rungs()).extracting(Rung::ref)
                    .containsExactly("anthropic/claude-opus-4-5", "anthropic/claude-sonnet-4-6");
            // anthropic documents its limits per model (gateway.rate_limit_domains): the same words the switcher acts on
            assertThat(f.message()).contains("anthropic:default").contains("a rate limit on one leaves the other")
                    .contains("anthropic rate-limits per model").contains("billing, auth or quota failure of the credential takes them all");
        });
        LintReport perKey = new ChainLinter(LintSettings.defaults(),
                new io.gatewarden.gateway.RateLimitDomains(java.util.Map.of("anthropic", "per_key")))
                .lint(new OpenClawConfigReader().read(SEEDS.resolve("chain-without-credentials/openclaw.json")));
        assertThat(perKey.findings()).filteredOn(f -> f.code() == FindingCode.SHARED_CREDENTIAL).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("one rate limit takes them all", "per key", "this fallback is not redundancy"));
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.fix()).isNotBlank());
        assertThat(r.hasErrors()).isTrue();
    }

    @Test
    void chainPaidBeforeLocal() throws Exception {
        LintReport r = lint(SEEDS.resolve("chain-paid-before-local/openclaw.json"));

        assertThat(r.findings()).extracting(Finding::code).containsExactlyInAnyOrder(
                FindingCode.PRIMARY_REPEATED, FindingCode.SHARED_CREDENTIAL, FindingCode.SHARED_CREDENTIAL,
                FindingCode.NO_LOCAL_RUNG, FindingCode.ORDER_POLICY);
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(LintSeverity.WARNING));

        Finding repeated = byCode(r, FindingCode.PRIMARY_REPEATED).get(0);
        assertThat(positions(repeated)).containsExactly(1, 2);
        assertThat(repeated.rung().ref()).isEqualTo("anthropic/claude-opus-4-5");

        List<Finding> shared = byCode(r, FindingCode.SHARED_CREDENTIAL);
        assertThat(shared).extracting(f -> f.rung().provider()).containsExactly("anthropic", "openai");
        assertThat(positions(shared.get(0))).containsExactly(1, 2, 3);
        assertThat(shared.get(0).message()).contains("anthropic:default");
        assertThat(positions(shared.get(1))).containsExactly(4, 5, 6, 7);
        assertThat(shared.get(1).message()).contains("openai:default");

        Finding order = byCode(r, FindingCode.ORDER_POLICY).get(0);
        assertThat(positions(order)).containsExactly(1, 3, 4, 5, 6, 7);
        assertThat(order.message()).contains("paid rungs").contains("free rung 8").contains("local → free → paid");

        assertThat(r.chains().get(0).rungs()).extracting(RungView::rungClass).containsExactly(
                RungClass.PAID, RungClass.PAID, RungClass.PAID, RungClass.PAID, RungClass.PAID, RungClass.PAID,
                RungClass.PAID, RungClass.FREE);
        assertThat(r.hasErrors()).isFalse();
    }

    static List<Finding> byCode(LintReport r, FindingCode code) {
        return r.findings().stream().filter(f -> f.code() == code).toList();
    }
}
