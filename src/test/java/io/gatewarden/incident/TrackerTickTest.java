package io.gatewarden.incident;

import io.gatewarden.testsupport.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Ticks skip the scan of open incidents until one may be due; they must still resolve exactly when due. */
class TrackerTickTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private static Signal rl(String model, Instant at) {
        return new Signal(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, Map.of("provider", "p", "model", model),
                "run:" + at, "s", null, at);
    }

    @Test
    void anExtendedEpisodeIsResolvedAtItsNewDeadlineNotItsFirst() {
        IncidentTracker t = new IncidentTracker(IncidentSettings.defaults(), MutableClock.at("2026-11-23T12:00:00Z"));
        t.signal(rl("a", T0));
        t.signal(rl("a", T0.plus(Duration.ofMinutes(4))));
        t.tick(T0.plus(Duration.ofMinutes(5)));           // the first deadline: a scan, nothing due
        t.tick(T0.plus(Duration.ofMinutes(8)).plusSeconds(59));
        assertThat(t.open()).hasSize(1);
        t.tick(T0.plus(Duration.ofMinutes(9)));
        assertThat(t.open()).isEmpty();
        assertThat(t.recent().get(0).endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(9)));
    }

    @Test
    void aShortQuietTypeOpenedAfterALongOneIsStillResolvedOnTime() {
        IncidentTracker t = new IncidentTracker(IncidentSettings.defaults(), MutableClock.at("2026-11-23T12:00:00Z"));
        t.signal(new Signal(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, Map.of(), null, "bad", null, T0)); // 1 h
        t.tick(T0.plusSeconds(1));
        t.signal(rl("b", T0.plusSeconds(2)));                                                                     // 5 min
        t.tick(T0.plus(Duration.ofMinutes(5)).plusSeconds(2));
        assertThat(t.open()).extracting(Incident::type).containsExactly(IncidentType.CONFIG_RELOAD_FAILED);
        t.tick(T0.plus(Duration.ofHours(1)));
        assertThat(t.open()).isEmpty();
    }

    @Test
    void restoredEpisodesAreTickedToo() {
        IncidentTracker a = new IncidentTracker(IncidentSettings.defaults(), MutableClock.at("2026-11-23T12:00:00Z"));
        a.signal(rl("c", T0));
        IncidentTracker b = new IncidentTracker(IncidentSettings.defaults(), MutableClock.at("2026-11-23T12:00:00Z"));
        b.restore(a.snapshot());
        b.tick(T0.plus(Duration.ofMinutes(5)));
        assertThat(b.open()).isEmpty();
    }
}
