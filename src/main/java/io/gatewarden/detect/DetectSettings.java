package io.gatewarden.detect;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.gatewarden.util.SettingChecks.atLeast;
import static io.gatewarden.util.SettingChecks.positive;

/**
 * Settings of the detect stage (YAML: snake_case keys, "30s" durations; every missing key takes its default).
 * See docs/detect.md for the annotated YAML.
 *
 * @param runAttributionWindow a line without runId (a retry) belongs to the run last seen on its model within this time
 * @param nearbyRunWindow      a line without runId and model (a lane error, a CLI echo) belongs to the run of the line
 *                             just before when that was at most this long ago
 * @param maxTrackedRuns       runs remembered for attribution, labels and rungs (LRU)
 * @param maxTrackedKeys       per-detector cap on tracked providers/models, error fingerprints and sessions (LRU)
 */
public record DetectSettings(
        Duration runAttributionWindow,
        Duration nearbyRunWindow,
        Integer maxTrackedRuns,
        Integer maxTrackedKeys,
        ErrorLoop errorLoop,
        ChainExhausted chainExhausted,
        Toggle fallbackSkipped,
        ProviderFailure providerRateLimited,
        ProviderFailure providerOverloaded,
        Quota quotaExhausted,
        Toggle contextOverflow,
        RequestRejected requestRejected,
        Toggle configReloadFailed,
        Gateway gateway) {

    public DetectSettings {
        runAttributionWindow = positive("run_attribution_window", or(runAttributionWindow, Duration.ofMinutes(10)));
        nearbyRunWindow = positive("nearby_run_window", or(nearbyRunWindow, Duration.ofSeconds(30)));
        maxTrackedRuns = atLeast("max_tracked_runs", or(maxTrackedRuns, 1024), 1);
        maxTrackedKeys = atLeast("max_tracked_keys", or(maxTrackedKeys, 1000), 1);
        errorLoop = ErrorLoop.DEFAULTS.overlay(errorLoop);
        chainExhausted = ChainExhausted.DEFAULTS.overlay(chainExhausted);
        fallbackSkipped = Toggle.ON.overlay(fallbackSkipped);
        providerRateLimited = ProviderFailure.RATE_LIMITED.overlay(providerRateLimited);
        providerOverloaded = ProviderFailure.OVERLOADED.overlay(providerOverloaded);
        quotaExhausted = Quota.DEFAULTS.overlay(quotaExhausted);
        contextOverflow = Toggle.ON.overlay(contextOverflow);
        requestRejected = RequestRejected.DEFAULTS.overlay(requestRejected);
        configReloadFailed = Toggle.ON.overlay(configReloadFailed);
        gateway = Gateway.DEFAULTS.overlay(gateway);
    }

    public static DetectSettings defaults() {
        return new DetectSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Just an on/off switch. */
    public record Toggle(Boolean enabled) {
        static final Toggle ON = new Toggle(true);

        Toggle overlay(Toggle o) {
            return o == null ? this : new Toggle(or(o.enabled, enabled));
        }
    }

    /**
     * error_loop: the same normalised error on the same provider/model in {@code minRuns} distinct runs within {@code window}.
     *
     * @param criticalRuns   distinct runs in the window that make it critical
     * @param excludeReasons failure reasons that have their own detector (not reported twice)
     * @param maxErrorChars  length of the {@code error} label
     * @param perSession     the per-session view: the same error in several runs of ONE session, whatever its reason
     */
    public record ErrorLoop(Boolean enabled, Duration window, Integer minRuns, Integer criticalRuns,
                            List<String> excludeReasons, Integer maxErrorChars, PerSession perSession) {
        static final ErrorLoop DEFAULTS = new ErrorLoop(true, Duration.ofMinutes(3), 3, 10,
                List.of("rate_limit", "overloaded", "billing", "insufficient_quota", "format", "context_overflow"), 80,
                PerSession.DEFAULTS);

        public ErrorLoop(Boolean enabled, Duration window, Integer minRuns, Integer criticalRuns, List<String> excludeReasons,
                         Integer maxErrorChars) {
            this(enabled, window, minRuns, criticalRuns, excludeReasons, maxErrorChars, null);
        }

        ErrorLoop overlay(ErrorLoop o) {
            if (o == null) return this;
            ErrorLoop r = new ErrorLoop(or(o.enabled, enabled), or(o.window, window), or(o.minRuns, minRuns),
                    or(o.criticalRuns, criticalRuns), or(o.excludeReasons, excludeReasons), or(o.maxErrorChars, maxErrorChars),
                    (perSession == null ? PerSession.DEFAULTS : perSession).overlay(o.perSession));
            positive("error_loop.window", r.window);
            atLeast("error_loop.min_runs", r.minRuns, 1);
            atLeast("error_loop.critical_runs", r.criticalRuns, r.minRuns);
            atLeast("error_loop.max_error_chars", r.maxErrorChars, 8);
            return r;
        }

        public Set<String> excluded() {
            return Set.copyOf(excludeReasons);
        }

        public PerSession session() {
            return perSession == null ? PerSession.DEFAULTS : perSession;
        }
    }

    /**
     * error_loop per session: the same normalised error in {@code minRuns} distinct runs of one session within
     * {@code window} — the transcript loop (a broken {@code tool_use_id}, a context that no longer fits) that every
     * model rejects alike, so no model-level view sees it. No reason is excluded.
     *
     * @param criticalRuns runs of the loop (since it began, without a gap longer than the window) that make it critical
     */
    public record PerSession(Boolean enabled, Duration window, Integer minRuns, Integer criticalRuns) {
        static final PerSession DEFAULTS = new PerSession(true, Duration.ofMinutes(3), 3, 5);

        PerSession overlay(PerSession o) {
            if (o == null) return this;
            PerSession r = new PerSession(or(o.enabled, enabled), or(o.window, window), or(o.minRuns, minRuns),
                    or(o.criticalRuns, criticalRuns));
            positive("error_loop.per_session.window", r.window);
            atLeast("error_loop.per_session.min_runs", r.minRuns, 1);
            atLeast("error_loop.per_session.critical_runs", r.criticalRuns, r.minRuns);
            return r;
        }
    }

    /** chain_exhausted: {@code maxRungsPerRun} rungs the run model keeps per run (the evidence lists them). */
    public record ChainExhausted(Boolean enabled, Integer maxRungsPerRun) {
        static final ChainExhausted DEFAULTS = new ChainExhausted(true, 16);

        ChainExhausted overlay(ChainExhausted o) {
            if (o == null) return this;
            ChainExhausted r = new ChainExhausted(or(o.enabled, enabled), or(o.maxRungsPerRun, maxRungsPerRun));
            atLeast("chain_exhausted.max_rungs_per_run", r.maxRungsPerRun, 1);
            return r;
        }
    }

    /**
     * provider_rate_limited / provider_overloaded: failures of one provider/model.
     *
     * @param window    the window {@code minEvents} is counted over
     * @param minEvents failure lines (retries, failed attempts, decisions) in the window before it opens; 1 = at the first
     * @param reasons   the gateway's failure reasons that count
     * @param statuses  HTTP statuses that count when the line has no reason
     */
    public record ProviderFailure(Boolean enabled, Duration window, Integer minEvents, List<String> reasons, List<Integer> statuses) {
        static final ProviderFailure RATE_LIMITED = new ProviderFailure(true, Duration.ofMinutes(5), 1,
                List.of("rate_limit"), List.of(429));
        static final ProviderFailure OVERLOADED = new ProviderFailure(true, Duration.ofMinutes(5), 1,
                List.of("overloaded"), List.of(529, 503));

        ProviderFailure overlay(ProviderFailure o) {
            if (o == null) return this;
            ProviderFailure r = new ProviderFailure(or(o.enabled, enabled), or(o.window, window), or(o.minEvents, minEvents),
                    or(o.reasons, reasons), or(o.statuses, statuses));
            positive("window", r.window);
            atLeast("min_events", r.minEvents, 1);
            return r;
        }
    }

    /** quota_exhausted: failure reasons that mean "out of credits". */
    public record Quota(Boolean enabled, List<String> reasons) {
        static final Quota DEFAULTS = new Quota(true, List.of("billing", "insufficient_quota"));

        Quota overlay(Quota o) {
            return o == null ? this : new Quota(or(o.enabled, enabled), or(o.reasons, reasons));
        }
    }

    /** request_rejected: failure reasons that mean "the provider refused the request's shape". */
    public record RequestRejected(Boolean enabled, List<String> reasons) {
        static final RequestRejected DEFAULTS = new RequestRejected(true, List.of("format"));

        RequestRejected overlay(RequestRejected o) {
            return o == null ? this : new RequestRejected(or(o.enabled, enabled), or(o.reasons, reasons));
        }
    }

    /**
     * gateway_restarted / gateway_crashed / gateway_down.
     *
     * @param downAfter   a stop not followed by a start within this time opens gateway_down
     * @param crashDedupe crash lines closer than this to the previous one are the same crash
     */
    public record Gateway(Boolean enabled, Duration downAfter, Duration crashDedupe) {
        static final Gateway DEFAULTS = new Gateway(true, Duration.ofSeconds(60), Duration.ofSeconds(5));

        Gateway overlay(Gateway o) {
            if (o == null) return this;
            Gateway r = new Gateway(or(o.enabled, enabled), or(o.downAfter, downAfter), or(o.crashDedupe, crashDedupe));
            positive("gateway.down_after", r.downAfter);
            if (r.crashDedupe.isNegative()) throw new IllegalArgumentException("gateway.crash_dedupe must not be negative");
            return r;
        }
    }

    static <T> T or(T v, T dflt) {
        return v != null ? v : dflt;
    }
}
