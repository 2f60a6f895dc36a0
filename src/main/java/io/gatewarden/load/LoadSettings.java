package io.gatewarden.load;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Settings of the daemon's load view (YAML key {@code load}, snake_case). Every field may be left out.
 *
 * @param digest       send a daily load digest through the alert receivers (default true)
 * @param digestAt     local time of day the digest goes out, "HH:mm" (default 08:00)
 * @param zone         the zone of days and of {@code digest_at} (default: this machine's)
 * @param metricAgents agents that get their own label on {@code gatewarden_load_calls_total}; calls of further
 *                     agents are counted under {@code other} (default 10), so the metric's cardinality stays bounded
 * @param maxSources   sources kept per day for the digest and the status page; more are summed as one (default 200)
 */
public record LoadSettings(Boolean digest, String digestAt, String zone, Integer metricAgents, Integer maxSources) {
    public LoadSettings {
        digest = digest == null || digest;
        digestAt = digestAt == null || digestAt.isBlank() ? "08:00" : digestAt.strip();
        try {
            LocalTime.parse(digestAt);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("load.digest_at: '" + digestAt + "' is not a time of day (use HH:mm, e.g. 08:00)");
        }
        if (zone != null && !zone.isBlank()) {
            try {
                ZoneId.of(zone.strip());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("load.zone: '" + zone + "' is not a time zone (use e.g. Europe/Berlin or UTC)");
            }
        }
        metricAgents = metricAgents == null ? 10 : metricAgents;
        maxSources = maxSources == null ? 200 : maxSources;
        if (metricAgents < 0) throw new IllegalArgumentException("load.metric_agents must be 0 or more");
        if (maxSources < 1) throw new IllegalArgumentException("load.max_sources must be 1 or more");
    }

    public static LoadSettings defaults() {
        return new LoadSettings(null, null, null, null, null);
    }

    public LocalTime digestTime() {
        return LocalTime.parse(digestAt);
    }

    public ZoneId zoneId() {
        return zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone.strip());
    }
}
