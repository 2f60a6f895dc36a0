package io.gatewarden.act;

import io.gatewarden.gateway.GatewayConfigWriter;

import java.time.Duration;
import java.time.Instant;

/**
 * A primary change written to the config and waiting for the gateway's word.
 *
 * @param action         {@code switch_primary}, {@code fail_back} or {@code pin_primary}
 * @param expectPath     the config path the gateway's {@code config hot reload applied} line must name
 * @param deadline       no confirmation by then: rolled back
 * @param triggerNanos   {@link System#nanoTime} when the decision was triggered (for the latency figures)
 * @param previousState  the switcher's state before the write, restored on rollback
 */
record PendingSwitch(ActionGuard.Permit permit, String action, String from, String to, String expectPath,
                     GatewayConfigWriter.Result write, Instant deadline, long triggerNanos, Duration triggerToWrite,
                     String incidentId, SwitcherState previousState) {
}
