package io.gatewarden.breaker;

import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.run.RequestOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * All breakers, keyed by (auth profile, model), fed from gateway events.
 *
 * <p>Wiring: call {@link #onRequest} for every provider request of the run model's stream, {@link #onEvent} for every
 * parsed event (auth profile states), {@link #tick} about once a second (open breakers whose
 * wait is over become half-open), {@link #recordProbeResult} when a provider probe ran. Listeners hear every
 * transition after the registry lock is released. The state file is rewritten on every transition.
 *
 * <p>Attribution: {@link io.gatewarden.run.RunModel} decides which lines are requests and counts each once (a skipped
 * rung never is one); the {@link ProfileResolver} decides which profile it used. Bounded: at most {@code max_breakers} breakers, the
 * least recently used closed one is dropped first.
 */
public final class BreakerRegistry {
    private static final System.Logger LOG = System.getLogger(BreakerRegistry.class.getName());

    private final BreakerSettings settings;
    private final Clock clock;
    private final BreakerStore store;
    private final Map<BreakerKey, CircuitBreaker> breakers = new LinkedHashMap<>(64, 0.75f, true);
    private final List<BreakerListener> listeners = new CopyOnWriteArrayList<>();
    private final ProfileResolver profiles;

    /**
     * @param stateFile where breaker states survive a restart (e.g. {@code <state dir>/breakers.json}); null keeps them in memory only
     */
    public BreakerRegistry(BreakerSettings settings, Clock clock, ProfileResolver profiles, Path stateFile) {
        this.settings = settings == null ? BreakerSettings.defaults() : settings;
        this.clock = clock;
        this.profiles = profiles == null ? ProfileResolver.DEFAULT : profiles;
        this.store = stateFile == null ? null : new BreakerStore(stateFile);
        load();
    }

    public BreakerSettings settings() {
        return settings;
    }

    public void addListener(BreakerListener l) {
        listeners.add(l);
    }

    public void removeListener(BreakerListener l) {
        listeners.remove(l);
    }

    // ------------------------------------------------------------------ inputs

    /** Feeds one gateway event (auth profile states; time); returns the transitions it caused (also sent to listeners). */
    public List<BreakerTransition> onEvent(GatewayEvent e) {
        if (e == null) return List.of();
        if (e.type() == EventType.PROFILE_FAILURE_STATE) noteProfileUnavailable(e);
        return tick();
    }

    /**
     * Feeds one provider request (the run model's stream: each request once); returns the transitions it caused.
     * Failures count only for the reasons in {@code failure_reasons}: a format or context error says nothing about
     * the provider's health.
     */
    public List<BreakerTransition> onRequest(RequestOutcome o) {
        if (o == null || o.provider() == null || o.model() == null) return List.of();
        List<BreakerTransition> out = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            if (!o.failure() || settings.counts(o.reason())) {
                Instant at = o.at() != null ? o.at() : now;
                BreakerKey key = BreakerKey.of(profiles.resolve(o.provider(), o.profile(), at), o.provider(), o.model());
                CircuitBreaker cb = breaker(key, now);
                out.addAll(o.failure() ? cb.recordFailure(now, o.reason(), o.retryAfter()) : cb.recordSuccess(now, o.how()));
            }
            out.addAll(advanceAll(now));
            if (!out.isEmpty()) persist();
        }
        fire(out);
        return out;
    }

    /** A failed request seen another way (a probe, a test). */
    public List<BreakerTransition> recordFailure(BreakerKey key, String reason) {
        List<BreakerTransition> out;
        synchronized (this) {
            out = breaker(key, clock.instant()).recordFailure(clock.instant(), reason);
            if (!out.isEmpty()) persist();
        }
        fire(out);
        return out;
    }

    /** A successful request seen another way; in half-open this is the trial that closes the breaker. */
    public List<BreakerTransition> recordSuccess(BreakerKey key, String how) {
        List<BreakerTransition> out;
        synchronized (this) {
            out = breaker(key, clock.instant()).recordSuccess(clock.instant(), how);
            if (!out.isEmpty()) persist();
        }
        fire(out);
        return out;
    }

    /**
     * A model probe's answer for (profile, model) — a real request to that model: ok closes a half-open breaker; a
     * failure re-opens it. An open or closed breaker is not changed by it.
     */
    public List<BreakerTransition> recordProbeResult(BreakerKey key, boolean ok, String reasonOrDetail) {
        return recordEvidence(key, RecoveryEvidence.modelProbe(ok ? RecoveryEvidence.Outcome.OK : RecoveryEvidence.Outcome.FAILED,
                reasonOrDetail));
    }

    /**
     * Evidence for the half-open trial of one breaker (see {@link RecoveryEvidence#judge}: a models-list probe never
     * settles a model-level failure). Untracked breakers are not created by it.
     */
    public List<BreakerTransition> recordEvidence(BreakerKey key, RecoveryEvidence ev) {
        List<BreakerTransition> out;
        synchronized (this) {
            CircuitBreaker cb = breakers.get(key);
            if (cb == null) return List.of();
            out = cb.recordEvidence(clock.instant(), ev);
            persist();
        }
        fire(out);
        return out;
    }

    /**
     * A models-list probe of {@code provider} answered (or failed): evidence for every half-open breaker of that
     * provider — of {@code profile} only, when the probe names the profile its key belongs to. It settles failures of
     * the whole credential (auth, billing) or of the provider (unreachable); a model's rate limit or overload stays
     * half-open until evidence about that model arrives.
     */
    public List<BreakerTransition> recordListProbe(String provider, String profile, RecoveryEvidence ev) {
        List<BreakerTransition> out = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (CircuitBreaker cb : new ArrayList<>(breakers.values())) {
                if (cb.status() != BreakerStatus.HALF_OPEN || !cb.key().provider().equals(provider)) continue;
                if (profile != null && !profile.equals(cb.key().profile())) continue;
                out.addAll(cb.recordEvidence(now, ev));
            }
            persist();
        }
        fire(out);
        return out;
    }

    /** Half-open breakers opened by a model-level failure: the ones only a model probe (or observed traffic) can settle. */
    public synchronized List<BreakerKey> awaitingModelEvidence() {
        List<BreakerKey> out = new ArrayList<>();
        for (CircuitBreaker cb : breakers.values()) {
            if (cb.status() == BreakerStatus.HALF_OPEN && cb.scope() == FailureScope.MODEL) out.add(cb.key());
        }
        return out;
    }

    /** Lets time act on every breaker (open → half-open when the wait is over). Call about once a second. */
    public List<BreakerTransition> tick() {
        List<BreakerTransition> out;
        synchronized (this) {
            out = advanceAll(clock.instant());
            if (!out.isEmpty()) persist();
        }
        fire(out);
        return out;
    }

    /** An operator says this breaker's model is fine: closed now. */
    public List<BreakerTransition> reset(BreakerKey key, String why) {
        List<BreakerTransition> out;
        synchronized (this) {
            CircuitBreaker cb = breakers.get(key);
            if (cb == null) return List.of();
            out = cb.reset(clock.instant(), why == null ? "manual reset" : why);
            if (!out.isEmpty()) persist();
        }
        fire(out);
        return out;
    }

    /**
     * An operator says this model must not be used: open now for {@code wait} (null: the breaker's next open wait),
     * then half-open as usual. Creates the breaker when it is not tracked yet (planned maintenance of a model that
     * has not failed). An open breaker gets the new end time. Listeners hear the transition (e.g. the switcher moves
     * the primary away).
     */
    public List<BreakerTransition> forceOpen(BreakerKey key, java.time.Duration wait, String why) {
        List<BreakerTransition> out;
        synchronized (this) {
            Instant now = clock.instant();
            out = breaker(key, now).forceOpen(now, wait, why == null ? "forced open by an operator" : why);
            persist();
        }
        fire(out);
        return out;
    }

    /** The snapshot of one breaker, if it is tracked. */
    public synchronized Optional<BreakerSnapshot> find(BreakerKey key) {
        CircuitBreaker cb = breakers.get(key);
        return cb == null ? Optional.empty() : Optional.of(cb.snapshot(clock.instant()));
    }

    // ------------------------------------------------------------------ queries

    public synchronized BreakerStatus status(BreakerKey key) {
        CircuitBreaker cb = breakers.get(key);
        if (cb == null) return BreakerStatus.CLOSED;
        return cb.status();
    }

    public synchronized List<BreakerSnapshot> snapshot() {
        Instant now = clock.instant();
        List<BreakerSnapshot> out = new ArrayList<>();
        for (CircuitBreaker cb : breakers.values()) out.add(cb.snapshot(now));
        out.sort(Comparator.comparing(BreakerSnapshot::model).thenComparing(BreakerSnapshot::profile));
        return out;
    }

    /** The breakers of one model, across its profiles. */
    public synchronized List<BreakerSnapshot> forModel(String modelRef) {
        Instant now = clock.instant();
        List<BreakerSnapshot> out = new ArrayList<>();
        for (CircuitBreaker cb : breakers.values()) if (cb.key().modelRef().equals(modelRef)) out.add(cb.snapshot(now));
        return out;
    }

    /** True when any profile's breaker for this model is open. */
    public synchronized boolean isModelOpen(String modelRef) {
        for (CircuitBreaker cb : breakers.values()) {
            if (cb.key().modelRef().equals(modelRef) && cb.status() == BreakerStatus.OPEN) return true;
        }
        return false;
    }

    /**
     * When every known breaker of this model has been closed since; empty while any is open or half-open.
     * {@link Instant#EPOCH} when the model has no breaker (nothing ever failed).
     */
    public synchronized Optional<Instant> modelClosedSince(String modelRef) {
        Instant since = Instant.EPOCH;
        for (CircuitBreaker cb : breakers.values()) {
            if (!cb.key().modelRef().equals(modelRef)) continue;
            if (cb.status() != BreakerStatus.CLOSED) return Optional.empty();
            if (cb.since().isAfter(since)) since = cb.since();
        }
        return Optional.of(since);
    }

    /** Breakers waiting for evidence: the ones a probe should try. */
    public synchronized List<BreakerKey> halfOpen() {
        List<BreakerKey> out = new ArrayList<>();
        for (CircuitBreaker cb : breakers.values()) if (cb.status() == BreakerStatus.HALF_OPEN) out.add(cb.key());
        return out;
    }

    public synchronized int size() {
        return breakers.size();
    }

    // ------------------------------------------------------------------ internals

    private void noteProfileUnavailable(GatewayEvent e) {
        if (e.provider() == null || e.profile() == null) return;
        Instant at = e.time() != null ? e.time() : clock.instant();
        Instant until = untilOf(e);
        profiles.onProfileUnavailable(e.provider(), e.profile(), until != null ? until : at.plus(settings.profileUnavailableDefault()));
    }

    private static Instant untilOf(GatewayEvent e) {
        for (String k : List.of("cooldownUntil", "disabledUntil")) {
            String v = e.attr(k);
            if (v == null || v.isBlank()) continue;
            try {
                return Instant.ofEpochMilli(Long.parseLong(v.trim()));
            } catch (NumberFormatException notMillis) {
                try {
                    return Instant.parse(v.trim());
                } catch (RuntimeException ignored) {
                    // unknown format: fall back to the default window
                }
            }
        }
        return null;
    }

    private CircuitBreaker breaker(BreakerKey key, Instant now) {
        CircuitBreaker cb = breakers.get(key);
        if (cb == null) {
            evictIfFull();
            cb = new CircuitBreaker(key, settings, now);
            breakers.put(key, cb);
        }
        return cb;
    }

    private void evictIfFull() {
        if (breakers.size() < settings.maxBreakers()) return;
        Iterator<CircuitBreaker> it = breakers.values().iterator();
        while (it.hasNext()) {
            if (it.next().status() == BreakerStatus.CLOSED) {
                it.remove();
                return;
            }
        }
        Iterator<CircuitBreaker> eldest = breakers.values().iterator();
        eldest.next();
        eldest.remove(); // none closed: drop the least recently used one rather than grow without bound
    }

    private List<BreakerTransition> advanceAll(Instant now) {
        List<BreakerTransition> out = new ArrayList<>();
        // iterate a copy: the map is access-ordered, get() would reorder it mid-iteration
        for (CircuitBreaker cb : new ArrayList<>(breakers.values())) {
            // a breaker whose state began after now (the clock went back) is advanced too: its timers restart from now
            if (cb.status() == BreakerStatus.OPEN || now.isBefore(cb.since())) out.addAll(cb.advance(now));
        }
        return out;
    }

    private void fire(List<BreakerTransition> transitions) {
        for (BreakerTransition t : transitions) {
            LOG.log(System.Logger.Level.INFO, "breaker {0}: {1} -> {2} ({3})", t.key(), t.from().wireName(), t.to().wireName(), t.why());
            for (BreakerListener l : listeners) {
                try {
                    l.onTransition(t);
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "breaker listener failed on " + t.key(), ex);
                }
            }
        }
    }

    private void persist() {
        if (store == null) return;
        try {
            Instant now = clock.instant();
            List<BreakerSnapshot> all = new ArrayList<>();
            for (CircuitBreaker cb : breakers.values()) all.add(cb.snapshot(now));
            store.save(all);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save breaker states to " + store.file() + ": " + e.getMessage());
        }
    }

    private void load() {
        if (store == null) return;
        try {
            Instant now = clock.instant();
            for (BreakerSnapshot s : store.load()) {
                if (breakers.size() >= settings.maxBreakers()) break;
                breakers.put(s.key(), CircuitBreaker.restore(s, settings, now));
            }
        } catch (IOException | RuntimeException e) {
            Path aside = store.file().resolveSibling(store.file().getFileName() + ".corrupt-" + clock.millis());
            LOG.log(System.Logger.Level.WARNING, "breaker state file " + store.file() + " is unreadable (" + e.getMessage()
                    + "); starting with closed breakers, the file is kept as " + aside);
            try {
                Files.move(store.file(), aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // keep going: the next save replaces it
            }
        }
    }
}
