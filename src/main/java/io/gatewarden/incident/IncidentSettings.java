package io.gatewarden.incident;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static io.gatewarden.util.SettingChecks.atLeast;
import static io.gatewarden.util.SettingChecks.positive;

/**
 * Settings of the incident tracker (YAML: snake_case keys, "5m" durations; missing keys take their defaults).
 *
 * @param quietPeriod             an open incident with no signal for this long is resolved
 * @param quietPeriods            per-type overrides of the quiet period, keyed by wire name (e.g. {@code config_reload_failed: 1h});
 *                                merged over the built-in overrides
 * @param maxOpen                 cap on open incidents; past it the oldest open one is resolved
 * @param maxRecent               resolved incidents kept for the API (newest first)
 * @param evidenceFirst           first log excerpts kept per incident
 * @param evidenceLast            latest log excerpts kept per incident
 * @param occurrenceKeysPerIncident recent occurrence keys remembered per incident to count each once
 * @param updateInterval          a repeat that changes only lastSeenAt/evidence notifies listeners at most this often
 */
public record IncidentSettings(Duration quietPeriod, Map<String, Duration> quietPeriods, Integer maxOpen, Integer maxRecent,
                               Integer evidenceFirst, Integer evidenceLast, Integer occurrenceKeysPerIncident,
                               Duration updateInterval) {

    /** Built-in overrides: an invalid config stays invalid while nobody touches it, so it stays open longer. */
    public static final Map<String, Duration> DEFAULT_QUIET_PERIODS = Map.of(
            IncidentType.CONFIG_RELOAD_FAILED.wireName(), Duration.ofHours(1));

    public IncidentSettings {
        quietPeriod = positive("quiet_period", quietPeriod == null ? Duration.ofMinutes(5) : quietPeriod);
        TreeMap<String, Duration> merged = new TreeMap<>(DEFAULT_QUIET_PERIODS);
        if (quietPeriods != null) {
            quietPeriods.forEach((k, v) -> {
                IncidentType t;
                try {
                    t = IncidentType.fromWireName(k);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("quiet_periods: unknown incident type '" + k + "'");
                }
                merged.put(t.wireName(), positive("quiet_periods." + k, v));
            });
        }
        quietPeriods = Map.copyOf(merged);
        maxOpen = atLeast("max_open", maxOpen == null ? 1000 : maxOpen, 1);
        maxRecent = atLeast("max_recent", maxRecent == null ? 200 : maxRecent, 0);
        evidenceFirst = atLeast("evidence_first", evidenceFirst == null ? 3 : evidenceFirst, 0);
        evidenceLast = atLeast("evidence_last", evidenceLast == null ? 5 : evidenceLast, 0);
        occurrenceKeysPerIncident = atLeast("occurrence_keys_per_incident",
                occurrenceKeysPerIncident == null ? 256 : occurrenceKeysPerIncident, 1);
        updateInterval = updateInterval == null ? Duration.ofMinutes(1) : updateInterval;
        if (updateInterval.isNegative()) throw new IllegalArgumentException("update_interval must not be negative");
    }

    public static IncidentSettings defaults() {
        return new IncidentSettings(null, null, null, null, null, null, null, null);
    }

    public Duration quietPeriodOf(IncidentType type) {
        return quietPeriods.getOrDefault(type.wireName(), quietPeriod);
    }

    public IncidentSettings withMaxOpen(int n) {
        return new IncidentSettings(quietPeriod, quietPeriods, n, maxRecent, evidenceFirst, evidenceLast,
                occurrenceKeysPerIncident, updateInterval);
    }
}
