package io.gatewarden.detect;

import io.gatewarden.run.RunModel;
import io.gatewarden.time.Durations;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The gateway process itself:
 * <ul>
 *   <li>gateway_restarted (info): a restart signal (SIGUSR2), or a start after a stop or crash;</li>
 *   <li>gateway_crashed (critical): the gateway's crash line; crash lines close together are one crash;</li>
 *   <li>gateway_down (critical): a stop, restart or shutdown not followed by a start or "ready" within
 *       {@code down_after}; checked on ticks (and on later lines), kept open while it lasts, resolved by the next start.</li>
 * </ul>
 * A crash does not start the down timer: the crash line can also come from a CLI process writing to the same log.
 */
public final class GatewayLifecycleDetector implements Detector {
    private static final Map<String, String> NO_LABELS = Map.of();
    /** While down, the incident is re-signalled at most this often: every line of a busy log would be wasteful. */
    static final Duration DOWN_RESIGNAL = Duration.ofSeconds(1);

    private final Duration downAfter;
    private final Duration crashDedupe;
    private final RunModel runs;
    /** When the gateway went away (stop, shutdown, restart signal); null while it is up as far as we know. */
    private Instant downSince;
    private String downCause;
    private String downEvidence;
    /** A stop or crash happened since the last start, so the next start is a restart. */
    private boolean stoppedSinceStart;
    /** That restart was already reported (at its SIGUSR2 line). */
    private boolean restartReported;
    private Instant lastDownSignal;
    private Instant lastCrashAt;
    private String crashKey;

    public GatewayLifecycleDetector(DetectSettings s, RunModel runs) {
        this.downAfter = s.gateway().downAfter();
        this.crashDedupe = s.gateway().crashDedupe();
        this.runs = runs;
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        Instant t = runs.timeOf(e);
        if (t == null) return;
        switch (e.type()) {
            case GATEWAY_RESTARTING -> {
                sink.signal(new Signal(IncidentType.GATEWAY_RESTARTED, Severity.INFO, NO_LABELS, "restart@" + t.toEpochMilli(),
                        "the gateway is restarting" + cause(e), Texts.evidence(e), t));
                stoppedSinceStart = true;
                restartReported = true;
                wentDown(t, "restarting" + cause(e), Texts.evidence(e));
            }
            case GATEWAY_STOPPING, GATEWAY_STOPPED -> {
                stoppedSinceStart = true;
                wentDown(t, e.type() == EventType.GATEWAY_STOPPING ? "shutting down" + cause(e) : "stopped" + cause(e),
                        Texts.evidence(e));
            }
            case GATEWAY_CRASHED -> {
                if (lastCrashAt == null || Duration.between(lastCrashAt, t).abs().compareTo(crashDedupe) > 0) {
                    crashKey = "crash@" + t.toEpochMilli();
                }
                lastCrashAt = t;
                stoppedSinceStart = true;
                sink.signal(new Signal(IncidentType.GATEWAY_CRASHED, Severity.CRITICAL, NO_LABELS, crashKey,
                        "the gateway crashed" + cause(e), Texts.evidence(e), t));
            }
            case GATEWAY_STARTING, GATEWAY_READY -> {
                if (stoppedSinceStart && !restartReported) {
                    sink.signal(new Signal(IncidentType.GATEWAY_RESTARTED, Severity.INFO, NO_LABELS, "start@" + t.toEpochMilli(),
                            "the gateway started again" + (downSince != null ? " after it stopped at " + downSince : ""),
                            Texts.evidence(e), t));
                }
                // always: a gateway_down restored from a saved state has no downSince here, and resolve is a no-op otherwise
                sink.resolve(IncidentType.GATEWAY_DOWN, NO_LABELS, t, "the gateway is starting again");
                stoppedSinceStart = false;
                restartReported = false;
                downSince = null;
                lastDownSignal = null;
                downCause = null;
                downEvidence = null;
            }
            default -> checkDown(t, sink);
        }
    }

    @Override
    public void onTick(Instant now, IncidentSink sink) {
        if (now != null) checkDown(now, sink);
    }

    private void wentDown(Instant t, String cause, String evidence) {
        if (downSince == null) {
            downSince = t;
            downCause = cause;
            downEvidence = evidence;
        }
    }

    private void checkDown(Instant now, IncidentSink sink) {
        if (downSince == null) return; // the usual case, on every line: nothing to compute
        if (now.isBefore(downSince.plus(downAfter))) return;
        if (lastDownSignal != null && !now.isBefore(lastDownSignal) && now.isBefore(lastDownSignal.plus(DOWN_RESIGNAL))) return;
        Duration down = Duration.between(downSince, now);
        lastDownSignal = now;
        // signalled again on every tick so the episode stays open for as long as the gateway is down
        sink.signal(new Signal(IncidentType.GATEWAY_DOWN, Severity.CRITICAL, NO_LABELS, "down@" + downSince.toEpochMilli(),
                "the gateway is down: " + downCause + " at " + downSince + ", no start for " + Durations.format(down.withNanos(0)),
                downEvidence, now));
    }

    private static String cause(GatewayEvent e) {
        String d = !Texts.blank(e.detail()) ? e.detail() : null;
        return d == null ? "" : " (" + Texts.clip(d, 160) + ")";
    }
}
