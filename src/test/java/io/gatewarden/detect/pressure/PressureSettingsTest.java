package io.gatewarden.detect.pressure;

import io.gatewarden.config.ConfigMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PressureSettingsTest {
    @Test
    void defaults() {
        PressureSettings s = PressureSettings.defaults();
        assertThat(s.context().warningRatio()).isEqualTo(0.85);
        assertThat(s.context().criticalRatio()).isEqualTo(0.95);
        assertThat(s.quota().horizon()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.quota().limits()).isEmpty();
    }

    @Test
    void bindsSnakeCaseYaml() throws Exception {
        PressureSettings s = ConfigMapper.yaml().readValue("""
                context:
                  warning_ratio: 0.8
                  critical_ratio: 0.9
                  max_sessions: 200
                quota:
                  horizon: 30m
                  confirm_for: 30s
                  limits:
                    - provider: anthropic
                      profile: anthropic:default
                      requests_per_minute: 50
                      requests_per_day: 20000
                """, PressureSettings.class);
        assertThat(s.context().warningRatio()).isEqualTo(0.8);
        assertThat(s.context().hysteresis()).isEqualTo(0.05);
        assertThat(s.quota().horizon()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.quota().confirmFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.quota().limits()).singleElement().satisfies(l -> {
            assertThat(l.requestsPerMinute()).isEqualTo(50);
            assertThat(l.profile()).isEqualTo("anthropic:default");
        });
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("context: {warning_ratio: 0.97, critical_ratio: 0.95}", PressureSettings.class))
                .hasMessageContaining("warning_ratio");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("quota: {limits: [{requests_per_minute: 5}]}", PressureSettings.class))
                .hasMessageContaining("provider is required");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("quota: {horizn: 5m}", PressureSettings.class))
                .hasMessageContaining("horizn");
    }
}
