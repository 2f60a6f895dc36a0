package io.gatewarden.detect;

import io.gatewarden.run.RunModel;
import io.gatewarden.util.BoundedLru;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * provider_rate_limited / provider_overloaded: one provider/model keeps failing with a given reason.
 * <p>
 * It fires from the first failure line of a run (the failed attempt and the first same-model retry), not from the
 * run's end: the gateway may spend minutes retrying one model. All lines of one run (attempts, retries, the failover
 * decision, the candidate decision) are one occurrence, keyed by runId; retries, which carry no runId, are attributed
 * by {@link RunModel}. A skipped rung (a {@code skip_candidate} decision, even one that ends the chain with reason
 * rate_limit) is never a failure of the skipped model. Labels are provider and model; the auth profile, when a line names it, goes into the summary
 * (it is missing from most lines, and labels must not change within an episode).
 */
public final class ProviderFailureDetector implements Detector {
    private static final Set<EventType> SOURCES = EnumSet.of(EventType.SAME_MODEL_RETRY, EventType.RUN_ATTEMPT_FAILED,
            EventType.RUN_FAILOVER_DECISION, EventType.FALLBACK_CANDIDATE_FAILED, EventType.CHAIN_EXHAUSTED);

    private final IncidentType type;
    private final String condition;
    private final DetectSettings.ProviderFailure settings;
    private final RunModel runs;
    private final BoundedLru<String, ModelState> models;

    /** What we know about one provider/model. */
    private final class ModelState {
        final SlidingWindowCounter failures = new SlidingWindowCounter(settings.window(), 60);
        String run;
        int retries;
        int attempts;
        int status;
        String profile;
    }

    public ProviderFailureDetector(IncidentType type, String condition, DetectSettings.ProviderFailure settings,
                                   RunModel runs, int maxModels) {
        this.type = type;
        this.condition = condition;
        this.settings = settings;
        this.runs = runs;
        this.models = new BoundedLru<>(maxModels);
    }

    public static ProviderFailureDetector rateLimited(DetectSettings s, RunModel runs) {
        return new ProviderFailureDetector(IncidentType.PROVIDER_RATE_LIMITED, "rate-limited", s.providerRateLimited(),
                runs, s.maxTrackedKeys());
    }

    public static ProviderFailureDetector overloaded(DetectSettings s, RunModel runs) {
        return new ProviderFailureDetector(IncidentType.PROVIDER_OVERLOADED, "overloaded", s.providerOverloaded(),
                runs, s.maxTrackedKeys());
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        String ref = e.modelRef();
        if (ref == null) return;
        if (e.type() == EventType.MODEL_FETCH) {
            // the HTTP exchange just before an attempt tells the status that retry lines do not carry
            if (e.status() > 0 && settings.statuses().contains(e.status())) {
                models.computeIfAbsent(ref, k -> new ModelState()).status = e.status();
            } else if (e.status() > 0) {
                ModelState st = models.get(ref);
                if (st != null) st.status = 0; // another answer now: do not quote a stale status
            }
            return;
        }
        if (!SOURCES.contains(e.type()) || !matches(e)) return;
        // a skipped rung never touched the network: its reason is its profile's cooldown, not a failure of this model
        if (runs.isSkip(e)) return;
        Instant t = runs.timeOf(e);
        if (t == null) return;
        String run = runs.runOf(e);
        ModelState st = models.computeIfAbsent(ref, k -> new ModelState());
        st.failures.add(t);
        if (run != null && !run.equals(st.run)) {
            st.run = run;
            st.retries = 0;
            st.attempts = 0;
        }
        if (e.type() == EventType.SAME_MODEL_RETRY) {
            // "retry n/N" says how many so far; counting lines instead would double on a line read twice
            int n = RunModel.parseInt(e.attr("retry"), -1);
            st.retries = n > 0 ? Math.max(st.retries, n) : st.retries + 1;
        } else if (e.type() == EventType.RUN_ATTEMPT_FAILED) {
            st.attempts++;
        }
        int retryCount = RunModel.parseInt(e.attr("retryCount"), -1);
        if (retryCount > st.retries) st.retries = retryCount;
        if (e.status() > 0) st.status = e.status();
        if (e.profile() != null) st.profile = e.profile();
        if (st.failures.count(t) < settings.minEvents()) return;
        sink.signal(new Signal(type, Severity.WARNING, Labels.of("provider", e.provider(), "model", e.model()),
                Texts.runKey(run), summary(ref, st, run), Texts.evidence(e), t));
    }

    private boolean matches(GatewayEvent e) {
        if (!Texts.blank(e.reason())) return Texts.reasonIn(e.reason(), settings.reasons());
        return e.status() > 0 && settings.statuses().contains(e.status());
    }

    private String summary(String ref, ModelState st, String run) {
        StringBuilder sb = new StringBuilder(ref).append(" is ").append(condition);
        if (st.status > 0) sb.append(" (").append(st.status).append(')');
        sb.append(": ");
        if (st.retries > 0) {
            sb.append(st.retries).append(st.retries == 1 ? " retry" : " retries");
        } else {
            sb.append(st.attempts <= 1 ? "a failed attempt" : st.attempts + " failed attempts");
        }
        sb.append(" in ").append(Texts.shortRun(run));
        if (st.profile != null) sb.append(" (auth profile ").append(st.profile).append(')');
        return sb.toString();
    }

    /** Provider/models currently tracked (bounded by max_tracked_keys). */
    public int trackedModels() {
        return models.size();
    }
}
