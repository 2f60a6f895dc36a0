package io.gatewarden.act;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The switcher's alert-worthy signals (no healthy rung, a write refused or rolled back, an unreadable config), at most
 * one a minute per kind and key, labelled with the model's provider and name. Not thread-safe: used under the
 * switcher's lock.
 */
final class SwitcherAlerts {
    private final String gateway;
    private final Clock clock;
    private final AlertThrottle throttle = new AlertThrottle(64);
    private volatile IncidentSink sink;

    SwitcherAlerts(String gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    void setSink(IncidentSink sink) {
        this.sink = sink;
    }

    void alert(IncidentType type, Severity severity, String model, String key, String summary, String evidence) {
        IncidentSink s = sink;
        if (s == null) return;
        Instant now = clock.instant();
        if (!throttle.allow(type, key, now)) return;
        s.signal(new Signal(type, severity, labels(model), key, summary, evidence, now));
    }

    /** Resolves the "no healthy rung" alert of {@code model}, if one was raised. */
    void resolve(IncidentType type, String model) {
        IncidentSink s = sink;
        if (s == null || model == null) return;
        if (throttle.forget(type, "no_healthy_rung:" + model)) {
            s.resolve(type, labels(model), clock.instant(), "primary " + model + " no longer needs a switch");
        }
    }

    private Map<String, String> labels(String model) {
        String provider = model == null ? null : ChainSnapshot.providerOf(model);
        String m = model == null || !model.contains("/") ? model : model.substring(model.indexOf('/') + 1);
        return Labels.of("provider", provider, "model", m, "source", "gatewarden", "gateway", gateway);
    }
}
