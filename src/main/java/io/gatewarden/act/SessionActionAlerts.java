package io.gatewarden.act;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;

import java.time.Clock;
import java.util.Map;

/**
 * What a human is told when a session action fails or changes nothing: {@code session_action_failed} (critical),
 * labelled with the session and the action, its summary ending with the command to run by hand; resolved when a later
 * action on that session succeeds.
 */
final class SessionActionAlerts {
    private final String gateway;
    private final Clock clock;
    private volatile IncidentSink sink;

    SessionActionAlerts(String gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    void setSink(IncidentSink sink) {
        this.sink = sink;
    }

    void failed(String session, String action, String summary) {
        IncidentSink s = sink;
        if (s == null) return;
        s.signal(new Signal(IncidentType.SESSION_ACTION_FAILED, Severity.CRITICAL, labels(session, action),
                action + ":" + session + ":" + clock.instant(), summary, null, clock.instant()));
    }

    void succeeded(String session, String action) {
        IncidentSink s = sink;
        if (s != null) s.resolve(IncidentType.SESSION_ACTION_FAILED, labels(session, action), clock.instant(),
                action + " of session " + session + " succeeded");
    }

    private Map<String, String> labels(String session, String action) {
        return Labels.of("session", session, "action", action, "source", "gatewarden", "gateway", gateway);
    }
}
