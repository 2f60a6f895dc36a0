package io.gatewarden.gateway.restart;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.gatewarden.config.ConfigMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartSettingsTest {

    @Test
    void defaults() {
        RestartSettings s = RestartSettings.defaults();
        assertThat(s.strategy()).isEqualTo("systemd");
        assertThat(s.unit()).isEqualTo("openclaw-gateway.service");
        assertThat(s.userMode()).isTrue();
        assertThat(s.healthUrl()).isEqualTo("http://127.0.0.1:18789");
        assertThat(s.failuresBeforeDown()).isEqualTo(3);
        assertThat(s.probeInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.startupTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.budget().maxRestarts()).isEqualTo(3);
        assertThat(s.budget().window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.command()).containsExactly("openclaw", "gateway", "restart");
        assertThat(s.processCheckConfigured()).isFalse();
        assertThat(s.triggers()).containsExactlyInAnyOrder("down", "process_gone", "crashed", "incident");
    }

    @Test
    void bindsSnakeCaseYaml() throws Exception {
        String yaml = """
                strategy: kubernetes
                user_mode: false
                pidfile: /run/openclaw/gateway.pid
                process_name: openclaw-gateway
                command: [openclaw, gateway, restart]
                command_timeout: 20s
                kubernetes:
                  namespace: agents
                  pod: openclaw-0
                  api_url: https://10.0.0.1:443/
                  token_path: /tmp/token
                health_url: http://127.0.0.1:18789/
                failures_before_down: 2
                probe_interval: 5s
                startup_timeout: 90s
                budget: {max_restarts: 5, window: 1h}
                cooldown: 1m
                triggers: [down, crashed]
                """;
        RestartSettings s = ConfigMapper.yaml().readValue(yaml, RestartSettings.class);
        assertThat(s.strategy()).isEqualTo("kubernetes");
        assertThat(s.userMode()).isFalse();
        assertThat(s.pidfile()).isEqualTo(Path.of("/run/openclaw/gateway.pid"));
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.kubernetes().apiUrl()).isEqualTo("https://10.0.0.1:443");
        assertThat(s.kubernetes().tokenPath()).isEqualTo(Path.of("/tmp/token"));
        assertThat(s.kubernetes().caPath()).isEqualTo(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"));
        assertThat(s.healthUrl()).isEqualTo("http://127.0.0.1:18789");
        assertThat(s.budget().maxRestarts()).isEqualTo(5);
        assertThat(s.budget().window()).isEqualTo(Duration.ofHours(1));
        assertThat(s.cooldown()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.triggers()).isEqualTo(Set.of("down", "crashed"));
        assertThat(s.triggerEnabled(RestartTrigger.INCIDENT_PERSISTS)).isFalse();
        assertThat(s.triggerEnabled(RestartTrigger.MANUAL)).isTrue();
        assertThat(s.command()).isEqualTo(List.of("openclaw", "gateway", "restart"));
    }

    @Test
    void rejectsTyposAndNonsense() {
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("stratgy: signal\n", RestartSettings.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("stratgy");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("strategy: reboot\n", RestartSettings.class))
                .hasMessageContaining("restart.strategy");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("budget: {max_restarts: 0}\n", RestartSettings.class))
                .hasMessageContaining("max_restarts");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("triggers: [down, reboot]\n", RestartSettings.class))
                .hasMessageContaining("reboot");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("health_url: 127.0.0.1:18789\n", RestartSettings.class))
                .hasMessageContaining("health_url");
    }
}
