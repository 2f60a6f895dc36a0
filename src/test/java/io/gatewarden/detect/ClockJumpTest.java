package io.gatewarden.detect;

import io.gatewarden.incident.IncidentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.gatewarden.parse.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Log time that jumps an hour forward or a minute back (CLI lines, a host clock fix) keeps every window sane. */
class ClockJumpTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant HOUR = T0.plus(Duration.ofHours(1));

    private static Ev failure(String run, Instant at) {
        return Ev.of(RUN_ATTEMPT_FAILED).at(at).run(run).ref("fakeanth/flaky").reason("timeout").detail("upstream timed out");
    }

    @Test
    void windowsForgetAcrossAnHourAndAcceptAStepBack() {
        Harness h = new Harness();
        h.feed(failure("r1", T0), failure("r2", T0.plusSeconds(10)));
        h.feed(failure("r3", HOUR)); // an hour later: r1 and r2 are out of the window
        assertThat(h.all(IncidentType.ERROR_LOOP)).isEmpty();
        h.tick(HOUR);
        h.feed(failure("r4", HOUR.minusSeconds(60))); // a minute back
        assertThat(h.all(IncidentType.ERROR_LOOP)).isEmpty();
        h.tick(HOUR.minusSeconds(60));
        h.feed(failure("r5", HOUR.minusSeconds(50)));
        // r3, r4, r5 are within 3 minutes of each other: a loop, starting at the earliest of them
        assertThat(h.all(IncidentType.ERROR_LOOP)).singleElement().satisfies(i -> {
            assertThat(i.occurrences()).isEqualTo(3);
            assertThat(i.startsAt()).isEqualTo(HOUR.minusSeconds(60));
            assertThat(i.endsAt()).isNull();
        });
        assertThat(h.chain.totalFailures()).isZero();
    }

    @Test
    void aStepBackNeitherFiresNorResolvesTooEarly() {
        Harness h = new Harness();
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(HOUR).run("r1").ref("fakeoa/rl-429").reason("rate_limit"));
        h.feed(Ev.of(GATEWAY_STOPPING).at(HOUR));
        h.tick(HOUR.minusSeconds(60)); // the tick's clock is a minute behind the log
        assertThat(h.open(IncidentType.GATEWAY_DOWN)).isEmpty();
        assertThat(h.open(IncidentType.PROVIDER_RATE_LIMITED)).hasSize(1);
        h.tick(HOUR.plus(Duration.ofHours(1))); // and then an hour ahead
        assertThat(h.open(IncidentType.PROVIDER_RATE_LIMITED)).isEmpty();
        assertThat(h.open(IncidentType.GATEWAY_DOWN)).hasSize(1);
        assertThat(h.all(IncidentType.PROVIDER_RATE_LIMITED).get(0).endsAt()).isEqualTo(HOUR.plus(Duration.ofMinutes(5)));
        assertThat(h.chain.totalFailures()).isZero();
    }
}
