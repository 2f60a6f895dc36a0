package io.gatewarden.incident;

import io.gatewarden.time.Durations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Groups signals into incident episodes: one open incident per (type, labels); a repeat extends it, a quiet period
 * resolves it, and a later recurrence opens a new incident with a new id.
 * <p>
 * Signals, resolves and ticks come from the one detection thread; queries ({@link #open()}, {@link #recent()},
 * {@link #get(String)}, {@link #snapshot()}) may come from any thread. All state sits behind one lock and queries
 * return immutable copies. Listeners are called after the lock is released, in order, on the calling thread.
 * Memory is bounded: at most {@code max_open} open incidents (the oldest is resolved past it), {@code max_recent}
 * resolved ones, and per incident a bounded set of occurrence keys and evidence excerpts.
 */
public final class IncidentTracker implements IncidentSink {
    private static final System.Logger LOG = System.getLogger(IncidentTracker.class.getName());

    private final IncidentSettings settings;
    private final Clock clock;
    private final List<IncidentListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** Open episodes by key, in the order they opened: the first one is the oldest. */
    private final LinkedHashMap<String, Episode> open = new LinkedHashMap<>();
    private final Map<String, Episode> openById = new HashMap<>();
    /** Resolved incidents, newest first. */
    private final ArrayDeque<Incident> recent = new ArrayDeque<>();
    private final Map<String, Incident> recentById = new HashMap<>();
    private final EnumMap<IncidentType, Duration> quietByType = new EnumMap<>(IncidentType.class);
    /**
     * No open episode can be quiet before this: a lower bound of lastSeenAt + quiet period over the open ones (it only
     * stays low when an episode is extended). Ticks before it do nothing, so a tick costs O(1), not O(open).
     */
    private Instant earliestDue = Instant.MAX;
    private long signals;
    private long opened;
    private long resolved;
    private long evictedByCap;
    private long listenerFailures;

    /** Counters for metrics and the status page. */
    public record Stats(long signals, long opened, long resolved, long evictedByCap, long listenerFailures,
                        int open, int recent) {}

    private enum Change { OPENED, UPDATED, RESOLVED }

    private record Note(Change change, Incident incident) {}

    public IncidentTracker(IncidentSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        for (IncidentType t : IncidentType.values()) quietByType.put(t, settings.quietPeriodOf(t));
    }

    public void addListener(IncidentListener listener) {
        listeners.add(listener);
    }

    public IncidentSettings settings() {
        return settings;
    }

    @Override
    public void signal(Signal s) {
        if (s == null || s.type() == null) return;
        List<Note> notes = new ArrayList<>(2);
        synchronized (lock) {
            signals++;
            Instant at = s.at() != null ? s.at() : clock.instant();
            Severity severity = s.severity() != null ? s.severity() : Severity.WARNING;
            String key = IncidentKey.of(s.type(), s.labels());
            Episode ep = open.get(key);
            if (ep != null && isQuiet(ep, at)) {
                // the tick has not run yet, but this signal comes after the quiet period: the old episode is over
                Duration quiet = quietOf(ep.type);
                close(ep, ep.lastSeenAt.plus(quiet), "quiet for " + Durations.format(quiet), notes);
                ep = null;
            }
            if (ep == null) {
                if (open.size() >= settings.maxOpen()) {
                    Episode oldest = open.values().iterator().next();
                    evictedByCap++;
                    close(oldest, max(at, oldest.lastSeenAt),
                            "too many open incidents (max_open " + settings.maxOpen() + "); the oldest was closed", notes);
                    if (isPowerOfTen(evictedByCap)) { // 1st, 10th, 100th, ...: visible, never a flood
                        LOG.log(System.Logger.Level.WARNING, "open incident cap {0} reached ({1} times so far); resolved the oldest: {2}",
                                settings.maxOpen(), evictedByCap, oldest.key);
                    }
                }
                ep = new Episode(newId(s.type(), key, at), s.type(), s.labels(), at, severity, s.summary(), settings);
                ep.occur(s.occurrenceKey());
                ep.addEvidence(s.evidence());
                open.put(key, ep);
                openById.put(ep.id, ep);
                lowerEarliestDue(ep);
                opened++;
                notes.add(new Note(Change.OPENED, ep.view()));
            } else {
                boolean counted = ep.occur(s.occurrenceKey());
                Severity before = ep.severity;
                ep.severity = before.max(severity);
                if (at.isAfter(ep.lastSeenAt)) ep.lastSeenAt = at;
                if (s.summary() != null && !s.summary().isBlank()) ep.summary = s.summary();
                ep.addEvidence(s.evidence());
                ep.touch();
                boolean matters = counted || ep.severity != before;
                boolean due = !Duration.between(ep.lastNotifiedAt, at).minus(settings.updateInterval()).isNegative();
                if (matters || due) {
                    ep.lastNotifiedAt = max(at, ep.lastNotifiedAt);
                    notes.add(new Note(Change.UPDATED, ep.view()));
                }
            }
        }
        fire(notes);
    }

    @Override
    public void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {
        if (type == null) return;
        List<Note> notes = new ArrayList<>(1);
        synchronized (lock) {
            Episode ep = open.get(IncidentKey.of(type, labels));
            if (ep == null) return;
            Instant end = at != null ? at : clock.instant();
            close(ep, max(end, ep.lastSeenAt), why == null ? "resolved" : why, notes);
        }
        fire(notes);
    }

    /** Resolves every open incident that has been quiet for its type's quiet period at {@code now}. */
    public void tick(Instant now) {
        Instant t = now != null ? now : clock.instant();
        List<Note> notes = new ArrayList<>();
        synchronized (lock) {
            if (t.isBefore(earliestDue)) return;
            List<Episode> due = new ArrayList<>();
            earliestDue = Instant.MAX;
            for (Episode ep : open.values()) {
                if (isQuiet(ep, t)) due.add(ep);
                else lowerEarliestDue(ep);
            }
            for (Episode ep : due) {
                Duration quiet = quietOf(ep.type);
                close(ep, ep.lastSeenAt.plus(quiet), "quiet for " + Durations.format(quiet), notes);
            }
        }
        fire(notes);
    }

    /** Open incidents, oldest first. */
    public List<Incident> open() {
        synchronized (lock) {
            List<Incident> out = new ArrayList<>(open.size());
            for (Episode ep : open.values()) out.add(ep.view());
            out.sort(Comparator.comparing(Incident::startsAt));
            return List.copyOf(out);
        }
    }

    /** Recently resolved incidents, newest first (at most {@code max_recent}). */
    public List<Incident> recent() {
        synchronized (lock) {
            return List.copyOf(recent);
        }
    }

    /** An open or recently resolved incident by id. */
    public Optional<Incident> get(String id) {
        if (id == null) return Optional.empty();
        synchronized (lock) {
            Episode ep = openById.get(id);
            if (ep != null) return Optional.of(ep.view());
            return Optional.ofNullable(recentById.get(id));
        }
    }

    public Stats stats() {
        synchronized (lock) {
            return new Stats(signals, opened, resolved, evictedByCap, listenerFailures, open.size(), recent.size());
        }
    }

    /** The state to persist (open incidents with their counted keys, and the recent resolved ones). */
    public TrackerState snapshot() {
        synchronized (lock) {
            List<TrackerState.EpisodeState> o = new ArrayList<>(open.size());
            for (Episode ep : open.values()) o.add(ep.state());
            List<TrackerState.EpisodeState> r = new ArrayList<>(recent.size());
            for (Incident i : recent) r.add(stateOf(i));
            return new TrackerState(TrackerState.VERSION, clock.instant(), o, r);
        }
    }

    /**
     * Replaces the tracker's content with a saved state (at startup). Listeners are not told: the incidents were
     * announced before the restart. Entries that cannot be read (an unknown type from a newer version) are skipped
     * and logged. Returns how many open incidents were restored.
     */
    public int restore(TrackerState state) {
        if (state == null) return 0;
        synchronized (lock) {
            open.clear();
            openById.clear();
            earliestDue = Instant.MAX;
            recent.clear();
            recentById.clear();
            List<TrackerState.EpisodeState> opens = new ArrayList<>(state.open());
            opens.removeIf(e -> e == null || e.startsAt() == null);
            opens.sort(Comparator.comparing(TrackerState.EpisodeState::startsAt));
            // keep the newest ones when the saved state holds more than max_open
            int skip = Math.max(0, opens.size() - settings.maxOpen());
            for (TrackerState.EpisodeState es : opens.subList(skip, opens.size())) {
                try {
                    Episode ep = Episode.from(es, settings);
                    ep.endsAt = null;
                    if (open.containsKey(ep.key) || openById.containsKey(ep.id)) continue;
                    open.put(ep.key, ep);
                    openById.put(ep.id, ep);
                    lowerEarliestDue(ep);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping unreadable saved incident {0}: {1}", es.id(), e.toString());
                }
            }
            for (TrackerState.EpisodeState es : state.recent()) {
                if (recent.size() >= settings.maxRecent()) break;
                try {
                    Incident i = incidentOf(es);
                    if (recentById.putIfAbsent(i.id(), i) == null) recent.addLast(i);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping unreadable saved incident {0}: {1}",
                            es == null ? null : es.id(), e.toString());
                }
            }
            return open.size();
        }
    }

    private boolean isQuiet(Episode ep, Instant now) {
        return !now.isBefore(ep.lastSeenAt.plus(quietOf(ep.type)));
    }

    private Duration quietOf(IncidentType type) {
        return quietByType.get(type);
    }

    private void lowerEarliestDue(Episode ep) {
        Instant due = ep.lastSeenAt.plus(quietOf(ep.type));
        if (due.isBefore(earliestDue)) earliestDue = due;
    }

    private void close(Episode ep, Instant endsAt, String why, List<Note> notes) {
        open.remove(ep.key);
        openById.remove(ep.id);
        ep.endsAt = endsAt;
        ep.resolution = why;
        ep.touch();
        Incident done = ep.view();
        resolved++;
        if (settings.maxRecent() > 0) {
            recent.addFirst(done);
            recentById.put(done.id(), done);
            while (recent.size() > settings.maxRecent()) recentById.remove(recent.removeLast().id());
        }
        notes.add(new Note(Change.RESOLVED, done));
    }

    /** Type, a hash of the key and start time; a suffix keeps it unique in the rare case of a clash. */
    private String newId(IncidentType type, String key, Instant startsAt) {
        String id = type.wireName() + "-" + hash(key + "@" + startsAt.toEpochMilli());
        String candidate = id;
        for (int n = 2; openById.containsKey(candidate) || recentById.containsKey(candidate); n++) candidate = id + "-" + n;
        return candidate;
    }

    private void fire(List<Note> notes) {
        for (Note n : notes) {
            for (IncidentListener l : listeners) {
                try {
                    switch (n.change) {
                        case OPENED -> l.opened(n.incident);
                        case UPDATED -> l.updated(n.incident);
                        case RESOLVED -> l.resolved(n.incident);
                    }
                } catch (RuntimeException e) {
                    synchronized (lock) {
                        listenerFailures++;
                    }
                    LOG.log(System.Logger.Level.WARNING, "incident listener " + l.getClass().getName() + " failed on "
                            + n.change + " " + n.incident.id(), e);
                }
            }
        }
    }

    private static TrackerState.EpisodeState stateOf(Incident i) {
        // a resolved incident's evidence already ends with its "resolved: ..." line; keep it as it is shown
        return new TrackerState.EpisodeState(i.id(), i.type().wireName(), i.severity().wireName(), i.labels(),
                i.startsAt(), i.lastSeenAt(), i.endsAt(), i.occurrences(), i.summary(), i.evidence(), List.of(),
                List.of(), i.lastSeenAt(), null);
    }

    private static Incident incidentOf(TrackerState.EpisodeState s) {
        List<String> ev = new ArrayList<>(s.firstEvidence());
        ev.addAll(s.lastEvidence());
        return new Incident(s.id(), IncidentType.fromWireName(s.type()), Severity.fromWireName(s.severity()),
                Labels.of(s.labels()), s.startsAt(), s.lastSeenAt(), s.endsAt(), s.occurrences(), s.summary(), List.copyOf(ev));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** 48 bits of FNV-1a: ids only need to be stable and rarely clash (a clash gets a suffix). */
    private static String hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        String hex = Long.toHexString(h >>> 16);
        return "0".repeat(12 - hex.length()) + hex;
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) n /= 10;
        return n == 1;
    }
}
