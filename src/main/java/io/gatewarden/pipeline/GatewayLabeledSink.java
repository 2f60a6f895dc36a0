package io.gatewarden.pipeline;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Signal;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts the watched gateway's name on every incident, so that incidents from logs, probes and the restarter about
 * the same gateway share one key (one gateway_down, not three), and inhibition rules can match on {@code gateway}.
 */
public final class GatewayLabeledSink implements IncidentSink {
    private final IncidentSink next;
    private final String gateway;

    public GatewayLabeledSink(IncidentSink next, String gateway) {
        this.next = next;
        this.gateway = gateway;
    }

    @Override
    public void signal(Signal s) {
        next.signal(new Signal(s.type(), s.severity(), withGateway(s.labels()), s.occurrenceKey(), s.summary(),
                s.evidence(), s.at()));
    }

    @Override
    public void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {
        next.resolve(type, withGateway(labels), at, why);
    }

    private Map<String, String> withGateway(Map<String, String> labels) {
        if (labels.containsKey("gateway")) return labels;
        Map<String, String> m = new TreeMap<>(labels);
        m.put("gateway", gateway);
        return m;
    }
}
