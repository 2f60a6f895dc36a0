package io.gatewarden.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void parsesTheYamlFormsAndIso() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse(" 30s ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesWhatIsNotADuration() {
        assertThatThrownBy(() -> Durations.parse("30")).hasMessageContaining("'30' is not a duration");
        assertThatThrownBy(() -> Durations.parse("3 m")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Durations.parse("1x")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Durations.parse(" ")).hasMessage("duration is empty");
        assertThatThrownBy(() -> Durations.parse(null)).hasMessage("duration is missing");
    }

    @Test
    void formatIsExactAndParsesBack() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(1250))).isEqualTo("1s250ms");
        assertThat(Durations.format(Duration.ofHours(26))).isEqualTo("1d2h");
        Duration odd = Duration.ofDays(3).plusHours(4).plusMinutes(5).plusSeconds(6).plusMillis(7);
        assertThat(Durations.parse(Durations.format(odd))).isEqualTo(odd);
    }

    @Test
    void spanKeepsTwoUnitsOfWholeSeconds() {
        assertThat(Durations.span(Duration.ofMillis(-5))).isEqualTo("0s");
        assertThat(Durations.span(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.span(Duration.ofMillis(999))).isEqualTo("0s");
        assertThat(Durations.span(Duration.ofMillis(45_900))).isEqualTo("45s");
        assertThat(Durations.span(Duration.ofSeconds(180))).isEqualTo("3m");
        assertThat(Durations.span(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(Durations.span(Duration.ofSeconds(3600 + 59))).isEqualTo("1h");
        assertThat(Durations.span(Duration.ofHours(26).plusMinutes(5).plusSeconds(30))).isEqualTo("26h5m");
    }

    @Test
    void approxRoundsToOneUnit() {
        assertThat(Durations.approx(Duration.ofSeconds(89))).isEqualTo("89s");
        assertThat(Durations.approx(Duration.ofSeconds(90))).isEqualTo("2m");
        assertThat(Durations.approx(Duration.ofSeconds(12 * 60 + 29))).isEqualTo("12m");
        assertThat(Durations.approx(Duration.ofSeconds(89 * 60 + 59))).isEqualTo("90m");
        assertThat(Durations.approx(Duration.ofMinutes(90))).isEqualTo("1.5h");
        assertThat(Durations.approx(Duration.ofMinutes(150))).isEqualTo("2.5h");
    }
}
