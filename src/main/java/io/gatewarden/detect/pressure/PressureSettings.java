package io.gatewarden.detect.pressure;

import java.time.Duration;
import java.util.List;

import static io.gatewarden.util.SettingChecks.positive;

/**
 * Settings of the {@code pressure:} block of gatewarden.yaml (snake_case keys; every key optional).
 * See docs/probe.md for every key with its default.
 */
public record PressureSettings(ContextPressure context, QuotaBurn quota) {
    public PressureSettings {
        context = context == null ? ContextPressure.defaults() : context;
        quota = quota == null ? QuotaBurn.defaults() : quota;
    }

    public static PressureSettings defaults() {
        return new PressureSettings(null, null);
    }

    /**
     * {@code pressure.context}: sessions close to their context window.
     *
     * @param enabled            default true
     * @param warningRatio       share of the window that opens a warning (default 0.85)
     * @param criticalRatio      share that makes it critical (default 0.95)
     * @param hysteresis         an open incident resolves only below warning_ratio − hysteresis (default 0.05)
     * @param maxSessions        sessions tracked at once; the least recently seen is dropped (default 1000)
     * @param logSessionTtl      a session known only from log lines is forgotten (and resolved) after this long
     *                           without a new reading (default 30m)
     * @param requireFreshTotals ignore totals OpenClaw marks stale (totalTokensFresh=false) (default true)
     */
    public record ContextPressure(Boolean enabled, Double warningRatio, Double criticalRatio, Double hysteresis,
                                  Integer maxSessions, Duration logSessionTtl, Boolean requireFreshTotals) {
        public ContextPressure {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            warningRatio = warningRatio == null ? 0.85 : warningRatio;
            criticalRatio = criticalRatio == null ? 0.95 : criticalRatio;
            hysteresis = hysteresis == null ? 0.05 : hysteresis;
            if (warningRatio <= 0 || warningRatio > criticalRatio || criticalRatio > 10) {
                throw new IllegalArgumentException("pressure.context: need 0 < warning_ratio <= critical_ratio, got "
                        + warningRatio + " and " + criticalRatio);
            }
            if (hysteresis < 0 || hysteresis >= warningRatio) {
                throw new IllegalArgumentException("pressure.context.hysteresis must be in [0, warning_ratio), got " + hysteresis);
            }
            maxSessions = maxSessions == null ? 1000 : maxSessions;
            if (maxSessions < 1) throw new IllegalArgumentException("pressure.context.max_sessions must be at least 1");
            logSessionTtl = logSessionTtl == null ? Duration.ofMinutes(30) : logSessionTtl;
            requireFreshTotals = requireFreshTotals == null ? Boolean.TRUE : requireFreshTotals;
        }

        public static ContextPressure defaults() {
            return new ContextPressure(null, null, null, null, null, null, null);
        }
    }

    /**
     * {@code pressure.quota}: forecast of quota exhaustion per provider and credential.
     *
     * @param enabled          default true
     * @param horizon          raise quota_burn when a budget is forecast to run out sooner than this (default 15m)
     * @param criticalHorizon  ... and make it critical sooner than this (default 3m)
     * @param smoothing        span of the moving averages behind the burn rate (default 2m)
     * @param confirmFor       a forecast must stay under the horizon this long before it is raised (default 1m)
     * @param resolveMargin    resolve once every forecast is beyond horizon × this (default 1.5)
     * @param minCalls         calls within {@code smoothing} needed before forecasting (default 5)
     * @param maxKeys          provider/credential pairs tracked (LRU, default 64)
     * @param attributionCalls recent calls remembered per pair for "agent X made N of the last M calls" (default 60)
     * @param budgetMaxAge     a probe's rate-limit headers count for this long (default 10m)
     * @param limits           budgets you know (from your plan), used besides the probe headers
     */
    public record QuotaBurn(Boolean enabled, Duration horizon, Duration criticalHorizon, Duration smoothing,
                            Duration confirmFor, Double resolveMargin, Integer minCalls, Integer maxKeys, Integer attributionCalls,
                            Duration budgetMaxAge, List<QuotaLimit> limits) {
        public QuotaBurn {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            horizon = positive(horizon, Duration.ofMinutes(15), "pressure.quota.horizon");
            criticalHorizon = positive(criticalHorizon, Duration.ofMinutes(3), "pressure.quota.critical_horizon");
            smoothing = positive(smoothing, Duration.ofMinutes(2), "pressure.quota.smoothing");
            if (smoothing.compareTo(Duration.ofSeconds(20)) < 0 || smoothing.compareTo(Duration.ofMinutes(30)) > 0) {
                throw new IllegalArgumentException("pressure.quota.smoothing must be between 20s and 30m, got " + smoothing);
            }
            confirmFor = confirmFor == null ? Duration.ofMinutes(1) : confirmFor;
            if (confirmFor.isNegative()) throw new IllegalArgumentException("pressure.quota.confirm_for must not be negative");
            resolveMargin = resolveMargin == null ? 1.5 : resolveMargin;
            if (resolveMargin < 1) throw new IllegalArgumentException("pressure.quota.resolve_margin must be at least 1");
            minCalls = minCalls == null ? 5 : minCalls;
            maxKeys = maxKeys == null ? 64 : maxKeys;
            attributionCalls = attributionCalls == null ? 60 : attributionCalls;
            if (maxKeys < 1 || attributionCalls < 1 || minCalls < 0) {
                throw new IllegalArgumentException("pressure.quota: max_keys and attribution_calls must be at least 1, min_calls at least 0");
            }
            budgetMaxAge = positive(budgetMaxAge, Duration.ofMinutes(10), "pressure.quota.budget_max_age");
            limits = limits == null ? List.of() : List.copyOf(limits);
        }

        public static QuotaBurn defaults() {
            return new QuotaBurn(null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * A known budget ({@code pressure.quota.limits[]}), counted over rolling windows.
     *
     * @param provider          the gateway's provider id (required)
     * @param profile           auth profile, when budgets differ per key (optional)
     * @param requestsPerMinute optional
     * @param requestsPerHour   optional
     * @param requestsPerDay    optional
     * @param tokensPerMinute   optional (needs token counts on the events)
     * @param tokensPerDay      optional (needs token counts on the events)
     */
    public record QuotaLimit(String provider, String profile, Long requestsPerMinute, Long requestsPerHour,
                             Long requestsPerDay, Long tokensPerMinute, Long tokensPerDay) {
        public QuotaLimit {
            if (provider == null || provider.isBlank()) throw new IllegalArgumentException("pressure.quota.limits[]: provider is required");
            for (Long v : new Long[]{requestsPerMinute, requestsPerHour, requestsPerDay, tokensPerMinute, tokensPerDay}) {
                if (v != null && v < 1) throw new IllegalArgumentException("pressure.quota.limits[" + provider + "]: limits must be positive");
            }
        }
    }
}
