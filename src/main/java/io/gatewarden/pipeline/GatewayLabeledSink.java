package io.gatewarden.pipeline;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Signal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts the watched gateway's name on every incident, so that incidents from logs, probes and the restarter about
 * the same gateway share one key (one gateway_down, not three), and inhibition rules can match on {@code gateway}.
 */
public final class GatewayLabeledSink implements IncidentSink {
    /** Label sets seen recently, with the gateway added: the same few sets come back on every signal. */
    private static final int CACHE = 512;

    private final IncidentSink next;
    private final String gateway;
    private final LinkedHashMap<Map<String, String>, Map<String, String>> withGateway =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Map<String, String>, Map<String, String>> eldest) {
                    return size() > CACHE;
                }
            };

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
        synchronized (withGateway) {
            Map<String, String> m = withGateway.get(labels);
            if (m == null) {
                TreeMap<String, String> t = new TreeMap<>(labels);
                t.put("gateway", gateway);
                m = Labels.of(t);
                withGateway.put(Labels.of(labels), m);
            }
            return m;
        }
    }
}
