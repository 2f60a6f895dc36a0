package io.gatewarden.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one incident episode, in the JSON shape of the design card.
 *
 * @param id          stable id of the episode (type, labels and start time)
 * @param endsAt      null while the incident is open
 * @param occurrences failed runs, skipped rungs or rejected requests: what a human counts, never log lines
 * @param evidence    the first and latest log excerpts, bounded
 */
public record Incident(String id, IncidentType type, Severity severity, Map<String, String> labels,
                       Instant startsAt, Instant lastSeenAt, Instant endsAt, long occurrences,
                       String summary, List<String> evidence) {

    public boolean isOpen() {
        return endsAt == null;
    }

    /** Type plus labels: the identity that groups signals into one episode. */
    public String key() {
        return IncidentKey.of(type, labels);
    }
}
