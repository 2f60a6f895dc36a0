package io.gatewarden.faults;

import io.gatewarden.act.ActSettings;
import io.gatewarden.act.ActionGuard;
import io.gatewarden.act.ActionJournal;
import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.BreakerSettings;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.gateway.restart.RestartBudget;
import io.gatewarden.gateway.restart.RestartSettings;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentSettings;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wall clock jumps an hour forward or a minute (or an hour) back in the middle of activity. The rule everywhere:
 * a forward jump is time that passed (waits end, windows empty); a timer whose start lies in the future after a back
 * jump restarts from now — it runs once more in full, never longer (no lock-out until the clock catches up) and
 * never shorter (nothing ends early, nothing is granted twice).
 */
class ClockJumpFaultsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final String MODEL = "fakeoa/rl-429";
    private static final BreakerKey KEY = new BreakerKey("fakeoa:default", MODEL);

    @TempDir Path dir;

    // ------------------------------------------------------------------ breakers

    private static BreakerRegistry openBreaker(MutableClock clock) {
        BreakerRegistry r = new BreakerRegistry(BreakerSettings.defaults(), clock, null, null);
        for (int i = 0; i < BreakerSettings.defaults().consecutiveFailures(); i++) r.recordFailure(KEY, "rate_limit");
        assertThat(r.status(KEY)).isEqualTo(BreakerStatus.OPEN);
        return r;
    }

    private static BreakerSnapshot snap(BreakerRegistry r) {
        return r.find(KEY).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 3600})
    void anOpenBreakerServesOneFullWaitFromABackJumpNeitherForeverNorInstantly(int backSeconds) {
        MutableClock clock = new MutableClock(T0);
        BreakerRegistry r = openBreaker(clock);
        Duration wait = Duration.between(snap(r).since(), snap(r).openUntil());
        clock.advance(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(-backSeconds));
        Instant jumpedAt = clock.instant();
        r.tick();
        assertThat(r.status(KEY)).as("not closed or half-open by a back jump").isEqualTo(BreakerStatus.OPEN);
        assertThat(snap(r).openUntil()).as("the wait restarts from now, in full").isEqualTo(jumpedAt.plus(wait));

        clock.advance(wait.minusSeconds(1));
        r.tick();
        assertThat(r.status(KEY)).isEqualTo(BreakerStatus.OPEN);
        clock.advance(Duration.ofSeconds(1));
        r.tick();
        assertThat(r.status(KEY)).as("half-open one wait after the jump, not when the clock catches up").isEqualTo(BreakerStatus.HALF_OPEN);
    }

    @Test
    void aForwardJumpEndsTheWaitButOnlyEvidenceClosesTheBreaker() {
        MutableClock clock = new MutableClock(T0);
        BreakerRegistry r = openBreaker(clock);
        int step = snap(r).step();
        clock.advance(Duration.ofHours(1));
        r.tick();
        assertThat(r.status(KEY)).isEqualTo(BreakerStatus.HALF_OPEN);
        r.recordFailure(KEY, "rate_limit");
        assertThat(r.status(KEY)).as("the trial failed: open again, on the next rung of the ladder").isEqualTo(BreakerStatus.OPEN);
        assertThat(snap(r).step()).isEqualTo(step + 1);
        clock.advance(Duration.ofHours(1));
        r.tick();
        r.recordSuccess(KEY, "run succeeded");
        assertThat(r.status(KEY)).isEqualTo(BreakerStatus.CLOSED);
    }

    @Test
    void failuresBeforeAForwardJumpDoNotAddUpWithFailuresAfterIt() {
        MutableClock clock = new MutableClock(T0);
        BreakerRegistry r = new BreakerRegistry(BreakerSettings.defaults(), clock, null, null);
        int n = BreakerSettings.defaults().consecutiveFailures();
        for (int i = 0; i < n - 1; i++) r.recordFailure(KEY, "rate_limit");
        clock.advance(Duration.ofHours(1));
        r.recordFailure(KEY, "rate_limit");
        assertThat(r.status(KEY)).isEqualTo(BreakerStatus.CLOSED);
        assertThat(snap(r).consecutiveFailures()).isEqualTo(1);
        assertThat(snap(r).windowFailures()).as("old buckets cleared").isEqualTo(1);
    }

    @Test
    void aClosedBreakersDwellCountsFromNowAfterABackJump() {
        MutableClock clock = new MutableClock(T0);
        BreakerRegistry r = openBreaker(clock);
        clock.advance(Duration.ofMinutes(5));
        r.tick();
        r.recordSuccess(KEY, "probe ok");
        assertThat(r.modelClosedSince(MODEL)).contains(clock.instant());
        clock.advance(Duration.ofHours(-1));
        r.tick();
        // fail-back dwell is measured from "closed since": it must not wait an extra hour for the clock
        assertThat(r.modelClosedSince(MODEL)).contains(clock.instant());
        assertThat(r.status(KEY)).isEqualTo(BreakerStatus.CLOSED);
    }

    // ------------------------------------------------------------------ restart budget and action cooldowns

    @Test
    void aBackJumpGrantsNoExtraRestart() {
        MutableClock clock = new MutableClock(T0);
        RestartBudget budget = new RestartBudget(null, new RestartSettings.BudgetSettings(3, Duration.ofMinutes(15)), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(budget.tryConsume("down")).isEqualTo(RestartBudget.Verdict.ALLOWED);
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofMinutes(-1));
        assertThat(budget.used()).isEqualTo(3);
        assertThat(budget.tryConsume("down")).isEqualTo(RestartBudget.Verdict.TRIPPED_NOW);
        clock.advance(Duration.ofHours(-1));
        assertThat(budget.tryConsume("down")).as("tripped stays tripped until a human resets it").isEqualTo(RestartBudget.Verdict.TRIPPED);
    }

    @Test
    void aBackJumpDoesNotLockTheBudgetUntilTheClockCatchesUp() {
        MutableClock clock = new MutableClock(T0);
        RestartBudget budget = new RestartBudget(null, new RestartSettings.BudgetSettings(3, Duration.ofMinutes(15)), clock);
        budget.tryConsume("down");
        clock.advance(Duration.ofMinutes(1));
        budget.tryConsume("down");
        clock.advance(Duration.ofHours(-1));
        assertThat(budget.used()).as("still counted after the jump").isEqualTo(2);
        assertThat(budget.lastAttemptAt()).isEqualTo(clock.instant());
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(budget.used()).as("aged out one window after the jump, not 1 h 15 min later").isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(budget.peek()).isEqualTo(RestartBudget.Verdict.ALLOWED);
    }

    @Test
    void aForwardJumpAgesRestartsOutOfTheWindow() {
        MutableClock clock = new MutableClock(T0);
        RestartBudget budget = new RestartBudget(null, new RestartSettings.BudgetSettings(3, Duration.ofMinutes(15)), clock);
        for (int i = 0; i < 3; i++) budget.tryConsume("down");
        clock.advance(Duration.ofHours(1));
        assertThat(budget.used()).isZero();
        assertThat(budget.tryConsume("down")).isEqualTo(RestartBudget.Verdict.ALLOWED);
    }

    @Test
    void anActionCooldownRestartsFromNowAfterABackJump() {
        MutableClock clock = new MutableClock(T0);
        ActionGuard guard = new ActionGuard(clock, new ActionJournal(dir.resolve("actions.jsonl"), 1 << 20, clock),
                ActSettings.defaults(), dir.resolve("guard.json"));
        Duration cooldown = Duration.ofMinutes(5);
        ActionGuard.Request req = new ActionGuard.Request("lab", "switch_primary", "switch", cooldown, "test", null);
        ActionGuard.Decision first = guard.request(req);
        assertThat(first).isInstanceOf(ActionGuard.Permit.class);
        guard.finish((ActionGuard.Permit) first, "done");

        clock.advance(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(-2)); // a minute before the last start
        assertThat(guard.request(req)).as("no second action inside the cooldown").isInstanceOf(ActionGuard.Declined.class);
        clock.advance(Duration.ofMinutes(5));
        ActionGuard.Decision second = guard.request(req);
        assertThat(second).as("a full cooldown after the jump").isInstanceOf(ActionGuard.Permit.class);
        guard.finish((ActionGuard.Permit) second, "done");

        clock.advance(Duration.ofHours(-1));
        Instant jumped = clock.instant();
        assertThat(guard.request(req)).isInstanceOf(ActionGuard.Declined.class);
        assertThat(guard.nextAllowed(req)).as("not an hour and five minutes").isEqualTo(jumped.plus(cooldown));
        clock.advance(cooldown);
        assertThat(guard.request(req)).isInstanceOf(ActionGuard.Permit.class);
    }

    // ------------------------------------------------------------------ incidents

    @Test
    void quietPeriodsNeitherEndEarlyOnABackJumpNorStretchOnAForwardOne() {
        MutableClock clock = new MutableClock(T0);
        IncidentTracker tracker = new IncidentTracker(IncidentSettings.defaults(), clock);
        Duration quiet = IncidentSettings.defaults().quietPeriodOf(IncidentType.PROVIDER_RATE_LIMITED);
        Map<String, String> labels = Map.of("provider", "fakeoa");
        tracker.signal(new Signal(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, labels, "r1", "429", null, T0));
        clock.advance(Duration.ofMinutes(-1));
        tracker.tick(clock.instant());
        assertThat(tracker.open()).hasSize(1);
        // a signal stamped before the newest one does not move lastSeen back
        tracker.signal(new Signal(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, labels, "r2", "429", null, clock.instant()));
        assertThat(tracker.open().get(0).lastSeenAt()).isEqualTo(T0);
        assertThat(tracker.open().get(0).occurrences()).isEqualTo(2);
        clock.advance(Duration.ofHours(1));
        tracker.tick(clock.instant());
        assertThat(tracker.open()).isEmpty();
        Incident done = tracker.recent().stream().filter(i -> i.endsAt() != null).findFirst().orElseThrow();
        assertThat(done.endsAt()).as("ended when it went quiet, not at the jumped time").isEqualTo(T0.plus(quiet));
    }
}
