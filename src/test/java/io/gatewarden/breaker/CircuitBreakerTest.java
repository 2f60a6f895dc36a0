package io.gatewarden.breaker;

import io.gatewarden.testsupport.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final BreakerKey key = new BreakerKey("anthropic:default", "anthropic/claude-opus-4-5");

    private CircuitBreaker breaker(BreakerSettings s) {
        return new CircuitBreaker(key, s, clock.instant());
    }

    @Test
    void consecutiveFailuresOpen_andWaitsGrowWithEachReopen() {
        CircuitBreaker cb = breaker(BreakerSettings.defaults());
        cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "rate_limit");
        cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "rate_limit");
        assertThat(cb.status()).isEqualTo(BreakerStatus.CLOSED);
        List<BreakerTransition> t = cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "rate_limit");
        assertThat(t).singleElement().satisfies(tr -> {
            assertThat(tr.to()).isEqualTo(BreakerStatus.OPEN);
            assertThat(tr.why()).contains("3 consecutive rate_limit failures");
            assertThat(tr.openUntil()).isEqualTo(clock.instant().plusSeconds(30));
        });

        // 30 s later: half-open; a failure re-opens with the next wait (1 min), then 5 min, then capped
        List<Duration> expected = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(30));
        Duration wait = Duration.ofSeconds(30);
        for (Duration next : expected) {
            clock.advance(wait.minusSeconds(1));
            assertThat(cb.advance(clock.instant())).isEmpty();
            assertThat(cb.status()).isEqualTo(BreakerStatus.OPEN);
            clock.advance(Duration.ofSeconds(1));
            assertThat(cb.advance(clock.instant())).singleElement().extracting(BreakerTransition::to).isEqualTo(BreakerStatus.HALF_OPEN);
            List<BreakerTransition> reopen = cb.recordFailure(clock.advance(Duration.ofSeconds(2)), "rate_limit");
            assertThat(reopen).singleElement().satisfies(tr -> {
                assertThat(tr.from()).isEqualTo(BreakerStatus.HALF_OPEN);
                assertThat(tr.to()).isEqualTo(BreakerStatus.OPEN);
                assertThat(Duration.between(tr.at(), tr.openUntil())).isEqualTo(next);
            });
            wait = next;
        }
    }

    @Test
    void halfOpenSuccessCloses_andFailuresWhileOpenAreIgnored() {
        CircuitBreaker cb = breaker(BreakerSettings.defaults());
        for (int i = 0; i < 3; i++) cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "overloaded");
        assertThat(cb.status()).isEqualTo(BreakerStatus.OPEN);
        cb.recordSuccess(clock.advance(Duration.ofSeconds(5)), "fetch 200");
        assertThat(cb.status()).as("a success during a storm does not close an open breaker").isEqualTo(BreakerStatus.OPEN);
        cb.recordFailure(clock.advance(Duration.ofSeconds(5)), "overloaded");
        clock.advance(Duration.ofSeconds(30));
        List<BreakerTransition> t = cb.recordSuccess(clock.instant(), "probe ok");
        assertThat(t).extracting(BreakerTransition::to).containsExactly(BreakerStatus.HALF_OPEN, BreakerStatus.CLOSED);
        assertThat(t.get(1).why()).contains("probe ok");
        assertThat(cb.since()).isEqualTo(clock.instant());
    }

    @Test
    void failureRateOpensWhenStreaksAreBroken() {
        BreakerSettings s = new BreakerSettings(0.5, 6, Duration.ofSeconds(60), 3, null, null, null, null, null);
        CircuitBreaker cb = breaker(s);
        // F S F S F S: never 3 in a row, but 50% of 6 calls in 60 s
        for (int i = 0; i < 5; i++) {
            if (i % 2 == 0) cb.recordFailure(clock.advance(Duration.ofSeconds(2)), "rate_limit");
            else cb.recordSuccess(clock.advance(Duration.ofSeconds(2)), "ok");
        }
        assertThat(cb.status()).isEqualTo(BreakerStatus.CLOSED);
        cb.recordSuccess(clock.advance(Duration.ofSeconds(2)), "ok");
        List<BreakerTransition> t = cb.recordFailure(clock.advance(Duration.ofSeconds(2)), "rate_limit");
        assertThat(t).singleElement().satisfies(tr -> assertThat(tr.why()).startsWith("failure rate 57% (4 of 7 requests) in 1m"));
    }

    @Test
    void windowForgetsOldOutcomes_andStaleStreaksRestart() {
        BreakerSettings s = new BreakerSettings(0.5, 4, Duration.ofSeconds(10), 3, null, null, null, null, null);
        CircuitBreaker cb = breaker(s);
        cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "rate_limit");
        cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "rate_limit");
        clock.advance(Duration.ofSeconds(30)); // both failures left the window; the streak is stale
        cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "rate_limit");
        assertThat(cb.status()).isEqualTo(BreakerStatus.CLOSED);
        assertThat(cb.snapshot(clock.instant()).windowFailures()).isEqualTo(1);
        assertThat(cb.snapshot(clock.instant()).consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void backoffStartsOverAfterBeingClosedLongEnough() {
        CircuitBreaker cb = breaker(BreakerSettings.defaults());
        for (int i = 0; i < 3; i++) cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "rate_limit");
        cb.recordSuccess(clock.advance(Duration.ofSeconds(31)), "ok"); // half-open → closed
        assertThat(cb.status()).isEqualTo(BreakerStatus.CLOSED);
        for (int i = 0; i < 3; i++) cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "rate_limit");
        assertThat(Duration.between(clock.instant(), cb.snapshot(clock.instant()).openUntil())).as("re-open soon after: next wait").isEqualTo(Duration.ofMinutes(1));
        cb.recordSuccess(clock.advance(Duration.ofMinutes(2)), "ok");
        clock.advance(Duration.ofHours(2));
        List<BreakerTransition> t = List.of();
        for (int i = 0; i < 3; i++) t = cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "rate_limit");
        assertThat(Duration.between(t.get(0).at(), t.get(0).openUntil())).as("closed for 2 h: back to 30 s").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void snapshotRestoresState() {
        CircuitBreaker cb = breaker(BreakerSettings.defaults());
        for (int i = 0; i < 3; i++) cb.recordFailure(clock.advance(Duration.ofSeconds(1)), "billing");
        BreakerSnapshot s = cb.snapshot(clock.instant());
        CircuitBreaker back = CircuitBreaker.restore(s, BreakerSettings.defaults(), clock.instant());
        assertThat(back.status()).isEqualTo(BreakerStatus.OPEN);
        assertThat(back.snapshot(clock.instant()).openUntil()).isEqualTo(s.openUntil());
        assertThat(back.snapshot(clock.instant()).lastReason()).isEqualTo("billing");
        Instant later = clock.advance(Duration.ofSeconds(30));
        assertThat(back.advance(later)).singleElement().extracting(BreakerTransition::to).isEqualTo(BreakerStatus.HALF_OPEN);
    }
}
