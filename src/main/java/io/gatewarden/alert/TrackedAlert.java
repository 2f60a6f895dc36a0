package io.gatewarden.alert;

import io.gatewarden.incident.Incident;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The dispatcher's record of one incident: its latest snapshot, its alert labels, and where it is placed. Dispatcher thread only. */
final class TrackedAlert {
    private Incident incident;
    private Map<String, String> labels;
    /** aggregation groups and Alertmanager receivers this alert currently sits in */
    final Set<String> placements = new LinkedHashSet<>();

    TrackedAlert(Incident incident) {
        update(incident);
    }

    void update(Incident incident) {
        this.incident = incident;
        this.labels = labelsOf(incident);
    }

    /** alertname (the type), severity and the incident's own labels (ours win on a clash). */
    static Map<String, String> labelsOf(Incident incident) {
        TreeMap<String, String> m = new TreeMap<>();
        if (incident.labels() != null) m.putAll(incident.labels());
        m.put("alertname", incident.type().wireName());
        m.put("severity", incident.severity().wireName());
        return java.util.Collections.unmodifiableMap(m);
    }

    String id() {
        return incident.id();
    }

    Incident incident() {
        return incident;
    }

    Map<String, String> labels() {
        return labels;
    }

    boolean isFiring() {
        return incident.isOpen();
    }

    String severity() {
        return incident.severity().wireName();
    }
}
