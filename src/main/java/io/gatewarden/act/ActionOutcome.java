package io.gatewarden.act;

import java.time.Duration;
import java.time.Instant;

/**
 * What became of an action, for whoever listens (the lead's alerting and status page, tests measuring latency).
 *
 * @param outcome          written, confirmed, rolled_back, rollback_failed, refused, declined, dry_run, unchanged,
 *                         abandoned, pinned, unpinned
 * @param triggerToWrite   from the trigger (e.g. the breaker opening) to the config file being replaced; null when nothing was written
 * @param triggerToConfirm from the trigger to the gateway's {@code config hot reload applied}; null unless confirmed
 */
public record ActionOutcome(String actionId, String action, String outcome, String from, String to, String reason,
                            Instant at, Duration triggerToWrite, Duration triggerToConfirm) {}
