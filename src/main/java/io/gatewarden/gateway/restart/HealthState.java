package io.gatewarden.gateway.restart;

/**
 * The result of one {@link GatewayRestarter#tick()}.
 *
 * @param up                  /healthz answered ok
 * @param consecutiveFailures failed probes in a row (0 when up)
 * @param down                failures reached failures_before_down, or the process is gone and /healthz failed
 * @param processGone         the configured pidfile/process name found no live process
 * @param detail              the probe's answer or error, for journals
 * @param decision            the restart decision this tick took, or null
 */
public record HealthState(boolean up, int consecutiveFailures, boolean down, boolean processGone, String detail,
                          RestartDecision decision) {}
