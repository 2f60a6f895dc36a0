package io.gatewarden.breaker;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Breaker thresholds (YAML, snake_case; every key optional). A breaker opens when EITHER rule trips:
 * {@code consecutive_failures} failed requests in a row (no success between them, each within {@code window} of the
 * previous), OR at least {@code minimum_calls} requests in the last {@code window} of which at least
 * {@code failure_rate_threshold} failed.
 *
 * @param failureRateThreshold fraction of failed requests that opens the breaker (0 &lt; x &le; 1), default 0.5
 * @param minimumCalls         requests needed in the window before the rate is judged, default 5
 * @param window               sliding window (per-second buckets, 1 s to 1 h), default 60s
 * @param consecutiveFailures  failures in a row that open the breaker (0 disables the rule), default 3
 * @param openWaits            time spent open before a half-open trial, growing with each re-open; the last one is
 *                             the cap. Default [30s, 1m, 5m, 15m, 30m]
 * @param backoffResetAfter    a breaker closed this long starts again at the first wait, default 1h
 * @param failureReasons       gateway failure reasons that count (others are ignored, neither success nor failure),
 *                             default [rate_limit, overloaded, billing, auth]
 * @param maxBreakers          cap on tracked (profile, model) pairs; the least recently used closed one goes first, default 256
 * @param profileUnavailableDefault how long a profile the gateway put in cooldown is skipped when attributing
 *                             requests that name no profile, if the gateway's line has no end time, default 30s
 */
public record BreakerSettings(Double failureRateThreshold, Integer minimumCalls, Duration window,
                              Integer consecutiveFailures, List<Duration> openWaits, Duration backoffResetAfter,
                              List<String> failureReasons, Integer maxBreakers, Duration profileUnavailableDefault) {

    public BreakerSettings {
        failureRateThreshold = failureRateThreshold == null ? 0.5 : failureRateThreshold;
        minimumCalls = minimumCalls == null ? 5 : minimumCalls;
        window = window == null ? Duration.ofSeconds(60) : window;
        consecutiveFailures = consecutiveFailures == null ? 3 : consecutiveFailures;
        openWaits = openWaits == null || openWaits.isEmpty()
                ? List.of(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30))
                : List.copyOf(openWaits);
        backoffResetAfter = backoffResetAfter == null ? Duration.ofHours(1) : backoffResetAfter;
        failureReasons = failureReasons == null ? List.of("rate_limit", "overloaded", "billing", "auth")
                : failureReasons.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        maxBreakers = maxBreakers == null ? 256 : maxBreakers;
        profileUnavailableDefault = profileUnavailableDefault == null ? Duration.ofSeconds(30) : profileUnavailableDefault;
        if (failureRateThreshold <= 0 || failureRateThreshold > 1) {
            throw new IllegalArgumentException("breaker failure_rate_threshold must be in (0, 1], got " + failureRateThreshold);
        }
        if (minimumCalls < 1) throw new IllegalArgumentException("breaker minimum_calls must be >= 1");
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("breaker window must be between 1s and 1h, got " + window);
        }
        if (consecutiveFailures < 0) throw new IllegalArgumentException("breaker consecutive_failures must be >= 0");
        for (Duration d : openWaits) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("breaker open_waits must be positive");
        }
        if (maxBreakers < 8) throw new IllegalArgumentException("breaker max_breakers must be >= 8");
    }

    public static BreakerSettings defaults() {
        return new BreakerSettings(null, null, null, null, null, null, null, null, null);
    }

    /** The wait for the n-th consecutive opening (0-based), capped at the last configured wait. */
    public Duration openWait(int step) {
        return openWaits.get(Math.min(Math.max(step, 0), openWaits.size() - 1));
    }

    public boolean counts(String reason) {
        return reason != null && failureReasons.contains(reason);
    }
}
