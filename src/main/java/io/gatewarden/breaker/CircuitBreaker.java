package io.gatewarden.breaker;

import io.gatewarden.window.BucketRing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One breaker for one (auth profile, model): closed → open → half-open → closed, each state an object that decides
 * what the next state is. gatewarden does not sit in the request path, so "calls" are the gateway's requests as its
 * log reports them; half-open means "the wait is over, waiting for evidence": the first observed success or probe
 * success closes it, the first failure re-opens it with the next, longer wait.
 *
 * <p>Not thread-safe on its own: {@link BreakerRegistry} serializes access. Time comes from the caller (the
 * registry's injected clock).
 */
public final class CircuitBreaker {
    private static final int FAILURES = 0;
    private static final int SUCCESSES = 1;
    private final BreakerKey key;
    private final BreakerSettings settings;
    /** Outcomes of the last {@code window} in per-second buckets: failures in channel 0, successes in channel 1. */
    private final BucketRing window;
    private State state;
    private int consecutive;
    private Instant lastFailureAt;
    private String lastReason;
    /** The wait step of the latest opening (-1: never opened); the next opening uses step + 1 unless reset. */
    private int step = -1;
    /** How wide the failure of the latest opening was: decides which evidence may settle the half-open trial. */
    private FailureScope scope = FailureScope.MODEL;
    /** The provider's own "try again after" (Retry-After in the 429s the gateway logs): no trial before it. */
    private Instant notBefore;
    /** The latest evidence offered to the half-open trial, settled or not (status page, API). */
    private String lastEvidence;

    CircuitBreaker(BreakerKey key, BreakerSettings settings, Instant now) {
        this.key = key;
        this.settings = settings;
        this.window = new BucketRing(Duration.ofSeconds(1), (int) settings.window().toSeconds(), 2);
        this.state = new Closed(now);
    }

    public BreakerKey key() {
        return key;
    }

    public BreakerStatus status() {
        return state.status();
    }

    public Instant since() {
        return state.since;
    }

    public FailureScope scope() {
        return scope;
    }

    /** No half-open trial before this (the provider's Retry-After / reset time), or null. */
    public Instant notBefore() {
        return notBefore;
    }

    // ------------------------------------------------------------------ inputs

    List<BreakerTransition> recordFailure(Instant now, String reason) {
        return recordFailure(now, reason, null);
    }

    /**
     * @param retryAfter the provider's "try again in" for this failure (Retry-After, reset header), or null: a lower
     *                   bound for the next half-open trial
     */
    List<BreakerTransition> recordFailure(Instant now, String reason, java.time.Duration retryAfter) {
        List<BreakerTransition> out = new ArrayList<>();
        if (retryAfter != null && !retryAfter.isNegative()) {
            Instant nb = now.plus(retryAfter);
            if (notBefore == null || nb.isAfter(notBefore)) notBefore = nb;
        }
        advance(now, out);
        lastReason = reason;
        move(state.onFailure(this, now, reason), now, out);
        return out;
    }

    List<BreakerTransition> recordSuccess(Instant now, String how) {
        List<BreakerTransition> out = new ArrayList<>();
        advance(now, out);
        move(state.onSuccess(this, now, how), now, out);
        return out;
    }

    /**
     * Evidence for the half-open trial ({@link RecoveryEvidence#judge}): it closes or re-opens a half-open breaker, or
     * leaves it waiting. Open and closed breakers are not changed by probes (an observed success in closed is
     * {@link #recordSuccess}).
     */
    List<BreakerTransition> recordEvidence(Instant now, RecoveryEvidence ev) {
        List<BreakerTransition> out = new ArrayList<>();
        advance(now, out);
        if (!(state instanceof HalfOpen)) return out;
        if (ev.retryAfter() != null && !ev.retryAfter().isNegative() && ev.outcome() == RecoveryEvidence.Outcome.FAILED) {
            Instant nb = now.plus(ev.retryAfter());
            if (notBefore == null || nb.isAfter(notBefore)) notBefore = nb;
        }
        RecoveryEvidence.Verdict v = ev.judge(scope);
        lastEvidence = ev.describe() + (v == RecoveryEvidence.Verdict.NONE ? " (does not settle a " + scope.wireName()
                + "-level failure)" : "") + " at " + now;
        switch (v) {
            case CLOSE -> move(new Closed(now).because("half-open trial succeeded (" + ev.describe() + ")"), now, out);
            case REOPEN -> move(open(now, "half-open trial failed (" + ev.describe() + ")"), now, out);
            case NONE -> { /* still waiting for evidence about this model */ }
        }
        return out;
    }

    /** Lets time act: an open breaker whose wait is over becomes half-open. */
    List<BreakerTransition> advance(Instant now) {
        List<BreakerTransition> out = new ArrayList<>();
        advance(now, out);
        return out;
    }

    /** Manual reset (an operator says the model is fine): closed, counters cleared. */
    List<BreakerTransition> reset(Instant now, String why) {
        List<BreakerTransition> out = new ArrayList<>();
        window.clear();
        consecutive = 0;
        move(new Closed(now).because(why), now, out);
        return out;
    }

    /**
     * Operator override: open now until {@code now + wait} (null wait: the next wait of the back-off ladder).
     * Already open: the end time is replaced, and the change is reported as an open -> open transition.
     */
    List<BreakerTransition> forceOpen(Instant now, Duration wait, String why) {
        List<BreakerTransition> out = new ArrayList<>();
        int next = state instanceof Open o ? o.step : Math.max(step + 1, 0);
        Duration w = wait != null ? wait : settings.openWait(next);
        step = next;
        State prev = state;
        state = new Open(now, now.plus(w), next).because(why + "; open for " + io.gatewarden.time.Durations.format(w));
        out.add(new BreakerTransition(key, prev.status(), BreakerStatus.OPEN, now, state.why, now.plus(w), lastReason));
        return out;
    }

    private void advance(Instant now, List<BreakerTransition> out) {
        if (now.isBefore(state.since)) restartTimers(now);
        move(state.onTime(this, now), now, out);
    }

    /**
     * The clock went back past the moment the current state began (a host clock fix). Its timers restart from now:
     * an open breaker serves its full wait once more, counted from now (never longer, so it cannot stay open until
     * the clock catches up, and never shorter, so it does not half-open early); a closed breaker's "closed since"
     * (fail-back dwell, back-off reset) counts from now. The state itself does not change.
     */
    private void restartTimers(Instant now) {
        State s = state;
        State r;
        if (s instanceof Open o) r = new Open(now, now.plus(Duration.between(o.since, o.until)), o.step);
        else if (s instanceof HalfOpen) r = new HalfOpen(now);
        else r = new Closed(now);
        r.why = s.why;
        state = r;
    }

    private void move(State next, Instant now, List<BreakerTransition> out) {
        if (next == state) return;
        State prev = state;
        state = next;
        if (next instanceof Closed) {
            window.clear();
            consecutive = 0;
        }
        Instant until = next instanceof Open o ? o.until : null;
        out.add(new BreakerTransition(key, prev.status(), next.status(), now, next.why, until, lastReason));
    }

    // ------------------------------------------------------------------ rules

    private State tripOrStay(Closed closed, Instant now, String reason) {
        int threshold = settings.consecutiveFailures();
        if (threshold > 0 && consecutive >= threshold) {
            return open(now, consecutive + " consecutive " + reason + " failures");
        }
        int failures = inWindow(now, FAILURES);
        int calls = failures + inWindow(now, SUCCESSES);
        if (calls >= settings.minimumCalls() && failures >= settings.failureRateThreshold() * calls) {
            return open(now, String.format("failure rate %d%% (%d of %d requests) in %s, last %s",
                    Math.round(100.0 * failures / calls), failures, calls, io.gatewarden.time.Durations.format(settings.window()), reason));
        }
        return closed;
    }

    /** One channel over the seconds in (now - window, now]. */
    private int inWindow(Instant now, int channel) {
        long second = window.bucketOf(now);
        return (int) window.sum(second - window.slots() + 1, second, channel);
    }

    private Open open(Instant now, String why) {
        int next;
        if (step < 0) {
            next = 0;
        } else if (state instanceof Closed c && Duration.between(c.since, now).compareTo(settings.backoffResetAfter()) >= 0) {
            next = 0; // closed long enough: start over at the shortest wait
        } else {
            next = step + 1;
        }
        step = next;
        scope = FailureScope.of(lastReason);
        Duration wait = settings.openWait(next);
        Instant until = now.plus(wait);
        String extra = "";
        if (notBefore != null && notBefore.isAfter(until)) {
            until = notBefore;
            extra = " (the provider said to retry after " + notBefore + ")";
        }
        return (Open) new Open(now, until, next).because(why + "; open for " + io.gatewarden.time.Durations.format(wait) + extra);
    }

    // ------------------------------------------------------------------ states

    /** A state object: what the breaker does with a failure, a success and the passing of time. */
    abstract static sealed class State permits Closed, Open, HalfOpen {
        final Instant since;
        String why;

        State(Instant since) {
            this.since = since;
        }

        State because(String reason) {
            this.why = reason;
            return this;
        }

        abstract BreakerStatus status();

        abstract State onFailure(CircuitBreaker cb, Instant now, String reason);

        abstract State onSuccess(CircuitBreaker cb, Instant now, String how);

        State onTime(CircuitBreaker cb, Instant now) {
            return this;
        }
    }

    static final class Closed extends State {
        Closed(Instant since) {
            super(since);
        }

        @Override BreakerStatus status() { return BreakerStatus.CLOSED; }

        @Override
        State onFailure(CircuitBreaker cb, Instant now, String reason) {
            cb.window.add(cb.window.bucketOf(now), FAILURES, 1);
            // a streak only holds while failures keep coming: one failure a day is not an outage
            boolean stale = cb.lastFailureAt == null || Duration.between(cb.lastFailureAt, now).abs().compareTo(cb.settings.window()) > 0;
            cb.consecutive = stale ? 1 : cb.consecutive + 1;
            cb.lastFailureAt = now;
            return cb.tripOrStay(this, now, reason);
        }

        @Override
        State onSuccess(CircuitBreaker cb, Instant now, String how) {
            cb.window.add(cb.window.bucketOf(now), SUCCESSES, 1);
            cb.consecutive = 0;
            return this;
        }
    }

    static final class Open extends State {
        final Instant until;
        final int step;

        Open(Instant since, Instant until, int step) {
            super(since);
            this.until = until;
            this.step = step;
        }

        @Override BreakerStatus status() { return BreakerStatus.OPEN; }

        /** While open, failures are expected and successes are not trusted yet (a storm lets some requests through). */
        @Override State onFailure(CircuitBreaker cb, Instant now, String reason) { return this; }

        @Override State onSuccess(CircuitBreaker cb, Instant now, String how) { return this; }

        @Override
        State onTime(CircuitBreaker cb, Instant now) {
            if (now.isBefore(until) || (cb.notBefore != null && now.isBefore(cb.notBefore))) return this;
            return new HalfOpen(now).because("open wait of "
                    + io.gatewarden.time.Durations.format(Duration.between(since, until)) + " elapsed; "
                    + (cb.scope == FailureScope.MODEL ? "an observed success or a model probe of this model decides"
                    : "the next success or probe decides"));
        }
    }

    static final class HalfOpen extends State {
        HalfOpen(Instant since) {
            super(since);
        }

        @Override BreakerStatus status() { return BreakerStatus.HALF_OPEN; }

        @Override
        State onFailure(CircuitBreaker cb, Instant now, String reason) {
            return cb.open(now, "half-open trial failed (" + reason + ")");
        }

        @Override
        State onSuccess(CircuitBreaker cb, Instant now, String how) {
            cb.lastEvidence = "observed success: " + how + " at " + now;
            return new Closed(now).because("half-open trial succeeded (observed success: " + how + ")");
        }
    }

    // ------------------------------------------------------------------ snapshots (API, persistence)

    BreakerSnapshot snapshot(Instant now) {
        Instant until = state instanceof Open o ? o.until : null;
        return new BreakerSnapshot(key.profile(), key.modelRef(), state.status(), state.since, until, state.why,
                lastReason, step, inWindow(now, FAILURES), inWindow(now, SUCCESSES), consecutive, lastFailureAt, scope, notBefore, lastEvidence);
    }

    static CircuitBreaker restore(BreakerSnapshot s, BreakerSettings settings, Instant now) {
        CircuitBreaker cb = new CircuitBreaker(new BreakerKey(s.profile(), s.model()), settings, now);
        Instant since = s.since() != null ? s.since() : now;
        cb.state = switch (s.status()) {
            case OPEN -> new Open(since, s.openUntil() != null ? s.openUntil() : now, Math.max(0, s.step()));
            case HALF_OPEN -> new HalfOpen(since);
            case CLOSED -> new Closed(since);
        };
        cb.state.why = s.why();
        cb.step = s.step();
        cb.lastReason = s.lastReason();
        cb.lastFailureAt = s.lastFailureAt();
        cb.scope = s.scope() != null ? s.scope() : FailureScope.of(s.lastReason());
        cb.notBefore = s.notBefore();
        cb.lastEvidence = s.lastEvidence();
        return cb;
    }
}
