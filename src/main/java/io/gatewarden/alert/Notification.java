package io.gatewarden.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message to one receiver about one alert group, as stored in the outbox. Immutable: a retry sends exactly
 * this again, under the same idempotency key.
 *
 * @param idempotencyKey stable across retries and restarts; the webhook sends it as {@code Idempotency-Key}
 * @param kind           why it was sent
 * @param groupKey       route, receiver and group-by label values
 * @param episode        the idempotency key of the first notification of this group's current firing episode
 *                       (a Slack thread belongs to one episode)
 * @param alerts         firing first, then resolved; at most the receiver's limit
 * @param firingCount    all firing alerts in the group (may exceed {@code alerts})
 * @param resolvedCount  all resolved alerts in this notification (may exceed {@code alerts})
 * @param changes        what is new since the last notification of this group
 * @param chain          the model chain with breaker states when this was built
 */
public record Notification(String idempotencyKey, long seq, String receiver, Kind kind, String groupKey,
                           String episode, Map<String, String> groupLabels, Map<String, String> commonLabels,
                           List<AlertView> alerts, int firingCount, int resolvedCount, Changes changes,
                           List<ChainRungView> chain, Instant createdAt, String externalUrl) {

    public enum Kind {
        /** the first notification of a group episode */
        FIRING,
        /** new or escalated alerts, or some resolved, while others still fire */
        UPDATE,
        /** nothing changed, but repeat_interval passed */
        REPEAT,
        /** every alert of the group resolved: the episode ends */
        RESOLVED,
        /** an Alertmanager batch: alerts that changed or are due for a resend */
        ALERTMANAGER,
        /** the daily load digest (no incident: one info line and its details, in {@code alerts[0]}) */
        DIGEST
    }

    /**
     * @param newFiring     ids of alerts firing now that the last notification did not show as firing
     * @param newlyResolved ids of alerts resolved since the last notification
     * @param escalated     ids of firing alerts whose severity went up
     */
    public record Changes(List<String> newFiring, List<String> newlyResolved, List<String> escalated) {
        public static final Changes NONE = new Changes(List.of(), List.of(), List.of());

        public Changes {
            newFiring = newFiring == null ? List.of() : List.copyOf(newFiring);
            newlyResolved = newlyResolved == null ? List.of() : List.copyOf(newlyResolved);
            escalated = escalated == null ? List.of() : List.copyOf(escalated);
        }
    }

    public Notification {
        groupLabels = groupLabels == null ? Map.of() : Map.copyOf(groupLabels);
        commonLabels = commonLabels == null ? Map.of() : Map.copyOf(commonLabels);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        changes = changes == null ? Changes.NONE : changes;
        chain = chain == null ? List.of() : List.copyOf(chain);
    }

    /** {@code firing} while any alert of the group fires. */
    public String status() {
        return firingCount > 0 ? AlertView.FIRING : AlertView.RESOLVED;
    }

    /** The highest severity among the firing alerts shown (or among all when none fires). */
    public String topSeverity() {
        String best = null;
        for (AlertView a : alerts) {
            if (firingCount > 0 && !a.firing()) continue;
            if (best == null || rank(a.severity()) > rank(best)) best = a.severity();
        }
        return best == null ? "info" : best;
    }

    private static int rank(String severity) {
        return switch (severity == null ? "" : severity) {
            case "critical" -> 3;
            case "warning" -> 2;
            case "info" -> 1;
            default -> 0;
        };
    }
}
