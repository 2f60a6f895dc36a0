package io.gatewarden.gateway.restart;

import java.time.Duration;
import java.time.Instant;

/**
 * What the API shows about restarts.
 *
 * @param budgetUsed          restarts counted in the current window
 * @param budgetMax           restarts allowed in the window
 * @param tripped             true when the budget is used up and a human must reset it
 * @param consecutiveFailures failed /healthz probes in a row
 * @param down                the gateway is considered down now
 * @param inFlight            a restart is running
 * @param lastDecision        the newest journalled decision, or null
 */
public record RestartStatus(String gateway, String strategy, int budgetUsed, int budgetMax, Duration budgetWindow,
                            boolean tripped, Instant trippedAt, Instant lastRestartAt, Instant cooldownUntil,
                            int consecutiveFailures, boolean down, boolean inFlight, RestartDecision lastDecision) {}
