package io.gatewarden.gateway.restart;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Signal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every signal and resolve it is given. */
final class RecordingSink implements IncidentSink {
    record Resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {}

    final List<Signal> signals = new CopyOnWriteArrayList<>();
    final List<Resolve> resolves = new CopyOnWriteArrayList<>();

    @Override public void signal(Signal signal) { signals.add(signal); }

    @Override public void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {
        resolves.add(new Resolve(type, labels, at, why));
    }

    List<Signal> of(IncidentType type) {
        return signals.stream().filter(s -> s.type() == type).toList();
    }

    long resolvedCount(IncidentType type) {
        return resolves.stream().filter(r -> r.type() == type).count();
    }
}
