package io.gatewarden.lint;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.gatewarden.config.ConfigMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LintSettingsTest {
    @Test
    void defaults() {
        LintSettings d = LintSettings.defaults();
        assertThat(d.orderPolicy()).containsExactly(RungClass.LOCAL, RungClass.FREE, RungClass.PAID);
        assertThat(d.orderIncludesPrimary()).isTrue();
        assertThat(d.requireLocalRung()).isTrue();
        assertThat(d.localProviders()).contains("ollama", "lmstudio", "vllm");
        assertThat(d.privateUrlsAreLocal()).isTrue();
        assertThat(d.freeModels()).containsExactly("*:free");
        assertThat(d.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.resignalInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.incidentMinSeverity()).isEqualTo(LintSeverity.WARNING);
    }

    @Test
    void bindsSnakeCaseYaml() throws Exception {
        LintSettings s = ConfigMapper.yaml().readValue("""
                order_policy: [free, local, paid]
                order_includes_primary: false
                require_local_rung: false
                local_providers: [ollama, MyBox]
                private_urls_are_local: false
                free_providers: [opencode]
                free_models: ["*-free", "*:free"]
                extra_known_providers: [acme]
                credentials_from_env: [openai]
                poll_interval: 2s
                resignal_interval: 0s
                incident_min_severity: error
                """, LintSettings.class);
        assertThat(s.orderPolicy()).containsExactly(RungClass.FREE, RungClass.LOCAL, RungClass.PAID);
        assertThat(s.orderIncludesPrimary()).isFalse();
        assertThat(s.requireLocalRung()).isFalse();
        assertThat(s.localProviders()).containsExactly("ollama", "mybox");
        assertThat(s.privateUrlsAreLocal()).isFalse();
        assertThat(s.freeProviders()).containsExactly("opencode");
        assertThat(s.freeModels()).containsExactly("*-free", "*:free");
        assertThat(s.extraKnownProviders()).containsExactly("acme");
        assertThat(s.credentialsFromEnv()).containsExactly("openai");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.resignalInterval()).isZero();
        assertThat(s.incidentMinSeverity()).isEqualTo(LintSeverity.ERROR);

        LintSettings partial = ConfigMapper.yaml().readValue("poll_interval: 10s\n", LintSettings.class);
        assertThat(partial.orderPolicy()).isEqualTo(LintSettings.DEFAULT_ORDER);
        assertThat(partial.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(partial.credentialsFromEnv()).isEqualTo(List.of());
    }

    @Test
    void rejectsTyposAndBadValues() {
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("order_polcy: [local]\n", LintSettings.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("order_policy: [local, cheap]\n", LintSettings.class))
                .hasMessageContaining("cheap");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("order_policy: [local, local]\n", LintSettings.class))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("poll_interval: 0s\n", LintSettings.class))
                .hasMessageContaining("poll_interval must be positive");
    }
}
