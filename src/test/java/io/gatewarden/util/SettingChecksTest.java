package io.gatewarden.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingChecksTest {

    @Test
    void positiveKeepsASetValueAndTakesTheDefaultForAMissingOne() {
        assertThat(SettingChecks.positive(Duration.ofSeconds(3), Duration.ofSeconds(9), "probe.timeout")).isEqualTo(Duration.ofSeconds(3));
        assertThat(SettingChecks.positive(null, Duration.ofSeconds(9), "probe.timeout")).isEqualTo(Duration.ofSeconds(9));
        assertThat(SettingChecks.positive("window", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void positiveRefusesZeroNegativeAndMissingNamingTheKeyAndValue() {
        assertThatThrownBy(() -> SettingChecks.positive(Duration.ZERO, Duration.ofSeconds(9), "restart.probe_timeout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("restart.probe_timeout must be positive, got PT0S");
        assertThatThrownBy(() -> SettingChecks.positive("window", Duration.ofSeconds(-1)))
                .hasMessage("window must be positive, got PT-1S");
        assertThatThrownBy(() -> SettingChecks.positive("quiet_period", null))
                .hasMessage("quiet_period must be positive, got null");
    }

    @Test
    void nonNegativeAcceptsZero() {
        assertThat(SettingChecks.nonNegative(Duration.ZERO, Duration.ofSeconds(30), "group_wait")).isEqualTo(Duration.ZERO);
        assertThat(SettingChecks.nonNegative(null, Duration.ofSeconds(30), "group_wait")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> SettingChecks.nonNegative(Duration.ofSeconds(-5), null, "group_wait"))
                .hasMessage("group_wait must not be negative, got PT-5S");
    }

    @Test
    void atLeastNamesTheFloor() {
        assertThat(SettingChecks.atLeast("min_runs", 1, 1)).isEqualTo(1);
        assertThatThrownBy(() -> SettingChecks.atLeast("error_loop.min_runs", 0, 1))
                .hasMessage("error_loop.min_runs must be at least 1, got 0");
    }
}
