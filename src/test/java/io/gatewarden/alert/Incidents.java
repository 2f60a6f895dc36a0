package io.gatewarden.alert;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentKey;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Incident snapshots as the incident tracker would publish them. */
final class Incidents {
    private Incidents() {}

    static Incident open(IncidentType type, Severity severity, Map<String, String> labels, Instant at) {
        Map<String, String> l = Labels.of(labels);
        String id = IncidentKey.of(type, l) + "@" + at;
        return new Incident(id, type, severity, l, at, at, null, 1,
                type.wireName().replace('_', ' ') + " on " + l.getOrDefault("provider", "the gateway"),
                List.of("2026-11-23T10:00:00Z lane error: 429 rate_limit_error (first)"));
    }

    static Incident update(Incident i, Instant at, long occurrences, Severity severity) {
        return new Incident(i.id(), i.type(), severity, i.labels(), i.startsAt(), at, null, occurrences, i.summary(),
                List.of(i.evidence().get(0), "latest at " + at));
    }

    static Incident resolve(Incident i, Instant at) {
        return new Incident(i.id(), i.type(), i.severity(), i.labels(), i.startsAt(), i.lastSeenAt(), at, i.occurrences(),
                i.summary(), i.evidence());
    }

    static Map<String, String> labels(String... kv) {
        return Labels.of(kv);
    }
}
