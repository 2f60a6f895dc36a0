package io.gatewarden.act;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.gatewarden.breaker.BreakerSettings;
import io.gatewarden.config.ConfigMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActSettingsTest {
    @Test
    void bindsSnakeCaseYaml_withDefaultsForMissingKeys() throws Exception {
        String yaml = """
                dry_run: false
                gateway: home
                switch_primary:
                  confirm_timeout: 15s
                  min_time_between_switches: 3m
                  fail_back_dwell: 10m
                  reorder_fallbacks: true
                cooldowns:
                  restart: 5m
                backups:
                  keep: 4
                  dir: /var/lib/gatewarden/backups
                journal:
                  max_mb: 2
                """;
        ActSettings s = ConfigMapper.yaml().readValue(yaml, ActSettings.class);
        assertThat(s.dryRun()).isFalse();
        assertThat(s.gateway()).isEqualTo("home");
        assertThat(s.switchPrimary().confirmTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.switchPrimary().minTimeBetweenSwitches()).isEqualTo(Duration.ofMinutes(3));
        assertThat(s.switchPrimary().failBackDwell()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.switchPrimary().reorderFallbacks()).isTrue();
        assertThat(s.switchPrimary().failBack()).isTrue();
        assertThat(s.switchPrimary().preferOtherRateLimitDomain()).isTrue();
        assertThat(s.switchPrimary().quarantineAfterRollback()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.cooldowns()).containsEntry("restart", Duration.ofMinutes(5));
        assertThat(s.backups().keep()).isEqualTo(4);
        assertThat(s.backups().dir()).isEqualTo(Path.of("/var/lib/gatewarden/backups"));
        assertThat(s.journal().file()).isEqualTo("actions.jsonl");
        assertThat(s.journal().maxMb()).isEqualTo(2);
        assertThat(s.maxInFlight()).isEqualTo(Duration.ofMinutes(5));

        ActSettings empty = ConfigMapper.yaml().readValue("{}", ActSettings.class);
        assertThat(empty).isEqualTo(ActSettings.defaults());
        assertThat(empty.dryRun()).as("embedded default: decide and journal, change nothing").isTrue();
        assertThat(ConfigMapper.yaml().readValue("dry_run: false", ActSettings.class).dryRun()).isFalse();
        assertThat(ConfigMapper.yaml().readValue("dry_run: null", ActSettings.class).dryRun()).isTrue();
        assertThat(ActSettings.defaults().withDryRun(false)).isEqualTo(new ActSettings(false, null, null, null, null, null, null));
        assertThat(empty.switchPrimary().confirmTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(empty.switchPrimary().minTimeBetweenSwitches()).isEqualTo(Duration.ofMinutes(2));
        assertThat(empty.switchPrimary().failBackDwell()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void breakerSettingsBind_andRejectNonsense() throws Exception {
        BreakerSettings b = ConfigMapper.yaml().readValue("""
                failure_rate_threshold: 0.6
                minimum_calls: 10
                window: 2m
                consecutive_failures: 5
                open_waits: [10s, 1m]
                failure_reasons: [rate_limit, overloaded, billing, auth, server_error]
                """, BreakerSettings.class);
        assertThat(b.failureRateThreshold()).isEqualTo(0.6);
        assertThat(b.window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(b.openWaits()).containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1));
        assertThat(b.openWait(7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(b.counts("server_error")).isTrue();
        assertThat(b.maxBreakers()).isEqualTo(256);
        assertThat(ConfigMapper.yaml().readValue("{}", BreakerSettings.class)).isEqualTo(BreakerSettings.defaults());
        assertThat(BreakerSettings.defaults().openWaits()).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30));

        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("failure_rate: 0.5", BreakerSettings.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("failure_rate_threshold: 1.5", BreakerSettings.class))
                .hasMessageContaining("failure_rate_threshold must be in (0, 1]");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("window: 2h", BreakerSettings.class))
                .hasMessageContaining("window must be between 1s and 1h");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("switch_primary: {confirm_timeout: 0s}", ActSettings.class))
                .hasMessageContaining("confirm_timeout must be positive");
        assertThat(List.of(BreakerSettings.defaults().failureReasons())).isNotEmpty();
    }
}
