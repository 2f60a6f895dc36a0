package io.gatewarden.incident;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mutable state of one incident episode inside {@link IncidentTracker}; guarded by the tracker's lock. */
final class Episode {
    final String id;
    final IncidentType type;
    final Map<String, String> labels;
    final String key;
    final Instant startsAt;
    Severity severity;
    Instant lastSeenAt;
    Instant endsAt;
    long occurrences;
    String summary;
    String resolution;
    Instant lastNotifiedAt;
    private final List<String> firstEvidence = new ArrayList<>();
    private final ArrayDeque<String> lastEvidence = new ArrayDeque<>();
    private final LinkedHashMap<String, Boolean> recentKeys;
    private final int maxFirst;
    private final int maxLast;
    private Incident view;

    Episode(String id, IncidentType type, Map<String, String> labels, Instant startsAt, Severity severity,
            String summary, IncidentSettings s) {
        this.id = id;
        this.type = type;
        this.labels = labels;
        this.key = IncidentKey.of(type, labels);
        this.startsAt = startsAt;
        this.lastSeenAt = startsAt;
        this.lastNotifiedAt = startsAt;
        this.severity = severity;
        this.summary = summary;
        this.maxFirst = s.evidenceFirst();
        this.maxLast = s.evidenceLast();
        int cap = s.occurrenceKeysPerIncident();
        // access order: a key seen again stays remembered; the one unseen the longest is forgotten first
        this.recentKeys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > cap;
            }
        };
    }

    /** Counts an occurrence unless its key was counted before; a null key always counts. True when the count grew. */
    boolean occur(String occurrenceKey) {
        if (occurrenceKey != null && recentKeys.put(occurrenceKey, Boolean.TRUE) != null) return false;
        occurrences++;
        view = null;
        return true;
    }

    void addEvidence(String excerpt) {
        if (excerpt == null || excerpt.isBlank()) return;
        String last = lastEvidence.isEmpty() ? (firstEvidence.isEmpty() ? null : firstEvidence.get(firstEvidence.size() - 1))
                : lastEvidence.peekLast();
        if (excerpt.equals(last)) return; // the same line twice says nothing new
        if (firstEvidence.size() < maxFirst) {
            firstEvidence.add(excerpt);
        } else if (maxLast > 0) {
            lastEvidence.addLast(excerpt);
            while (lastEvidence.size() > maxLast) lastEvidence.removeFirst();
        }
        view = null;
    }

    void touch() {
        view = null;
    }

    Incident view() {
        if (view == null) {
            List<String> ev = new ArrayList<>(firstEvidence.size() + lastEvidence.size() + 1);
            ev.addAll(firstEvidence);
            ev.addAll(lastEvidence);
            if (resolution != null) ev.add("resolved: " + resolution);
            view = new Incident(id, type, severity, labels, startsAt, lastSeenAt, endsAt, occurrences, summary, List.copyOf(ev));
        }
        return view;
    }

    TrackerState.EpisodeState state() {
        return new TrackerState.EpisodeState(id, type.wireName(), severity.wireName(), labels, startsAt, lastSeenAt, endsAt,
                occurrences, summary, List.copyOf(firstEvidence), List.copyOf(lastEvidence),
                List.copyOf(recentKeys.keySet()), lastNotifiedAt, resolution);
    }

    static Episode from(TrackerState.EpisodeState s, IncidentSettings settings) {
        Episode e = new Episode(s.id(), IncidentType.fromWireName(s.type()), Labels.of(s.labels()), s.startsAt(),
                Severity.fromWireName(s.severity()), s.summary(), settings);
        e.lastSeenAt = s.lastSeenAt() != null ? s.lastSeenAt() : s.startsAt();
        e.lastNotifiedAt = s.lastNotifiedAt() != null ? s.lastNotifiedAt() : e.lastSeenAt;
        e.endsAt = s.endsAt();
        e.occurrences = s.occurrences();
        e.resolution = s.resolution();
        for (String k : s.recentKeys()) e.recentKeys.put(k, Boolean.TRUE);
        for (String x : s.firstEvidence()) if (e.firstEvidence.size() < e.maxFirst) e.firstEvidence.add(x);
        for (String x : s.lastEvidence()) {
            e.lastEvidence.addLast(x);
            while (e.lastEvidence.size() > e.maxLast) e.lastEvidence.removeFirst();
        }
        return e;
    }
}
