package io.gatewarden.probe;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An IncidentSink that remembers what it was told, for assertions. */
public final class RecordingSink implements IncidentSink {
    public record Resolution(IncidentType type, Map<String, String> labels, Instant at, String why) {}

    public final List<Signal> signals = new ArrayList<>();
    public final List<Resolution> resolutions = new ArrayList<>();

    @Override
    public synchronized void signal(Signal signal) {
        signals.add(signal);
    }

    @Override
    public synchronized void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {
        resolutions.add(new Resolution(type, labels, at, why));
    }

    public synchronized List<Signal> signalsOf(IncidentType type) {
        return signals.stream().filter(s -> s.type() == type).toList();
    }

    public synchronized List<Resolution> resolutionsOf(IncidentType type) {
        return resolutions.stream().filter(r -> r.type() == type).toList();
    }
}
