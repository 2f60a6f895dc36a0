package io.gatewarden.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One alert as a receiver sees it: an incident snapshot with its alert labels, already redacted.
 *
 * @param id          the incident id (stable per episode)
 * @param status      {@code firing} or {@code resolved}
 * @param alertname   the incident type ({@code Watchdog} for the dead-man's switch)
 * @param labels      alertname, severity and the incident's labels
 * @param evidence    the first and latest log excerpts, bounded and redacted
 * @param runbookUrl  null when no runbook base URL is configured
 * @param actions     what gatewarden did or suggests for this incident
 */
public record AlertView(String id, String status, String alertname, String severity, Map<String, String> labels,
                        Instant startsAt, Instant lastSeenAt, Instant endsAt, long occurrences, String summary,
                        List<String> evidence, String runbookUrl, List<String> actions) {
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    public AlertView {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        actions = actions == null ? List.of() : List.copyOf(actions);
        summary = summary == null ? "" : summary;
    }

    public boolean firing() {
        return FIRING.equals(status);
    }

    public String label(String name) {
        return labels.get(name);
    }
}
