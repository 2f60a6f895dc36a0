package io.gatewarden.probe;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.gatewarden.config.ConfigMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbeSettingsTest {
    @Test
    void defaultsProbeNothingTheRestarterAlreadyWatches() {
        ProbeSettings s = ProbeSettings.defaults();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.unhealthyAfter()).isEqualTo(3);
        // gateway health belongs to restart.health_url; providers are probed only when configured
        assertThat(s.targets()).isEmpty();
        ProbeSettings.GatewayProbe gw = s.gateway();
        assertThat(gw.enabled()).isFalse();
        assertThat(gw.paths()).containsExactly("/healthz", "/readyz");
        assertThat(gw.interval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void bindsSnakeCaseYaml() throws Exception {
        String yaml = """
                interval: 2m
                jitter: 0.2
                timeout: 4s
                connect_timeout: 1s
                unhealthy_after: 4
                max_body_bytes: 100000
                gateway:
                  enabled: true
                  base_url: http://127.0.0.1:18790
                  paths: [/healthz, /readyz, /startupz]
                  down_after: 3
                providers:
                  - name: anthropic
                    kind: anthropic
                    profile: anthropic:default
                    api_key_env: ANTHROPIC_API_KEY
                  - name: lmstudio
                    kind: openai
                    base_url: http://127.0.0.1:1234/v1
                    interval: 30s
                  - name: gemini
                    kind: gemini
                    api_key_file: /run/secrets/gemini
                    key_in_query: true
                """;
        ProbeSettings s = ConfigMapper.yaml().readValue(yaml, ProbeSettings.class);
        assertThat(s.interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.gateway().downAfter()).isEqualTo(3);
        List<ProbeTarget> t = s.targets();
        assertThat(t).extracting(ProbeTarget::name).containsExactly("gateway", "anthropic", "lmstudio", "gemini");
        assertThat(t.get(0).paths()).containsExactly("/healthz", "/readyz", "/startupz");
        assertThat(t.get(1).baseUri().toString()).isEqualTo("https://api.anthropic.com");
        assertThat(t.get(1).credential().envVar()).isEqualTo("ANTHROPIC_API_KEY");
        assertThat(t.get(1).interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(t.get(2).interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.get(2).uriFor("/v1/models").toString()).isEqualTo("http://127.0.0.1:1234/v1/models");
        assertThat(t.get(3).credential().file()).isEqualTo(Path.of("/run/secrets/gemini"));
        assertThat(t.get(3).keyInQuery()).isTrue();
    }

    @Test
    void rejectsTyposAndBadValuesClearly() {
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("intervall: 1m", ProbeSettings.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("intervall");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("providers: [{name: x, kind: azure}]", ProbeSettings.class))
                .hasMessageContaining("unknown probe kind 'azure'");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue(
                "providers: [{name: x, kind: openai, base_url: 'https://sk-1:x@api.example/v1'}]", ProbeSettings.class).targets())
                .hasMessageContaining("user info");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue(
                "providers: [{name: gateway, kind: openai}]", ProbeSettings.class))
                .hasMessageContaining("used twice");
    }
}
