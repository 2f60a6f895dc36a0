package io.gatewarden.alert;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of the alert stage for metrics and the status page. Holds no secret: endpoints are host + fingerprint.
 *
 * @param alerts             incidents the dispatcher tracks (open, or resolved and not yet notified)
 * @param groups             aggregation groups
 * @param activeSilences     silences in force now
 * @param notificationsQueued notifications written to the outbox since start
 * @param muted              alerts left out of notifications by a silence or an inhibition, since start
 * @param rateLimited        group flushes postponed by a receiver's rate limit, since start
 * @param droppedIncidents   incidents not tracked because a memory limit was reached, since start
 */
public record AlertStats(int alerts, int groups, int activeSilences, long notificationsQueued, long muted,
                         long rateLimited, long droppedIncidents, List<ReceiverStats> receivers, HeartbeatStats heartbeat) {

    /**
     * @param pending             notifications in the outbox
     * @param nextAttemptAt       when the receiver is tried again after a failure (null when not backing off)
     * @param lastError           the last failure, redacted
     */
    public record ReceiverStats(String name, String type, String endpoint, int pending, boolean inFlight, long delivered,
                                long failedAttempts, long permanentFailures, int consecutiveFailures,
                                Instant nextAttemptAt, Instant lastDeliveredAt, String lastError) {}

    public record HeartbeatStats(boolean enabled, String endpoint, long sent, long failed, Instant lastOkAt, String lastError) {
        static final HeartbeatStats OFF = new HeartbeatStats(false, null, 0, 0, null, null);
    }

    public ReceiverStats receiver(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
