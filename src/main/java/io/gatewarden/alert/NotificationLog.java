package io.gatewarden.alert;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gatewarden.state.StateFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each alert group last told its receiver (Alertmanager's nflog): the basis of de-duplication, repeat_interval
 * and resolved notices. Persisted, so a restart that re-announces open incidents does not notify them again.
 * Dispatcher thread only; bounded (least recently used entries go first).
 */
final class NotificationLog {
    /**
     * @param firing     id → severity of the alerts shown as firing
     * @param resolved   ids shown as resolved
     * @param generation how many notifications this group has had (part of the idempotency key)
     * @param episode    key of the first notification of the current firing episode
     */
    record Entry(Map<String, String> firing, List<String> resolved, Instant at, long generation, String episode) {
        Entry {
            firing = Map.copyOf(firing);
            resolved = List.copyOf(resolved);
        }
    }

    /** Entries of ended episodes are kept this long (a late resolve of a muted alert still finds them). */
    static final Duration KEEP_ENDED = Duration.ofHours(1);
    /** Nothing older than this is kept: an episode that went quiet for a week is over. */
    static final Duration KEEP_MAX = Duration.ofDays(7);

    private final StateFile<LinkedHashMap<String, Entry>> file;
    private final int cap;
    private final AlertLog log;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private boolean dirty;

    /** @param clock names the copy of an unreadable file that is set aside */
    NotificationLog(Path file, int cap, Clock clock, AlertLog log) {
        this.file = new StateFile<>(file, new TypeReference<>() {}, "notification log", clock);
        this.cap = cap;
        this.log = log;
        load();
    }

    private void load() {
        boolean present = Files.exists(file.path());
        file.read().ifPresentOrElse(entries::putAll, () -> {
            if (present) log.error("notification log " + file.path() + " is unreadable (set aside); open groups may be notified once more");
        });
    }

    Entry get(String groupKey) {
        return entries.get(groupKey);
    }

    /** Recorded in memory; {@link #saveIfChanged()} writes it at the end of the dispatcher pass (one write per pass, not per group). */
    void put(String groupKey, Entry e) {
        entries.put(groupKey, e);
        while (entries.size() > cap) {
            String eldest = entries.keySet().iterator().next();
            entries.remove(eldest);
        }
        dirty = true;
    }

    private boolean saveFailing;

    void saveIfChanged() {
        if (dirty) save();
    }

    void gc(Instant now, java.util.Set<String> liveGroups) {
        boolean changed = entries.entrySet().removeIf(e -> !liveGroups.contains(e.getKey())
                && ((e.getValue().firing().isEmpty() && e.getValue().at().plus(KEEP_ENDED).isBefore(now))
                || e.getValue().at().plus(KEEP_MAX).isBefore(now)));
        if (changed) dirty = true;
    }

    int size() {
        return entries.size();
    }

    /**
     * Notifications found pending in the outbox at start-up that this log does not reflect yet: the process died
     * between writing a notification to the outbox and saving this log (found by the kill -9 fault suite). They are
     * recorded as sent — they will be — so that the next notification of the group gets the next number (key) and a
     * resolution of an alert they show firing is still announced.
     */
    void reconcile(List<Notification> pending, java.util.Set<String> ungroupedReceivers) {
        List<Notification> sorted = new java.util.ArrayList<>(pending);
        sorted.removeIf(n -> ungroupedReceivers.contains(n.receiver()) || n.groupKey() == null || n.createdAt() == null);
        sorted.sort(java.util.Comparator.comparing(Notification::createdAt).thenComparingLong(Notification::seq));
        for (Notification n : sorted) {
            Entry e = entries.get(n.groupKey());
            if (e != null && !n.createdAt().isAfter(e.at())) continue;
            Map<String, String> firing = new LinkedHashMap<>();
            List<String> resolved = new java.util.ArrayList<>();
            for (AlertView a : n.alerts()) {
                if (AlertView.FIRING.equals(a.status())) firing.put(a.id(), a.severity());
                else resolved.add(a.id());
            }
            put(n.groupKey(), new Entry(firing, resolved, n.createdAt(), e == null ? 1 : e.generation() + 1, n.episode()));
        }
        saveIfChanged();
    }

    /** True when some group's last notification showed this alert as firing (its resolution not yet announced). */
    boolean shownFiring(String alertId) {
        for (Entry e : entries.values()) {
            if (e.firing().containsKey(alertId)) return true;
        }
        return false;
    }

    private void save() {
        try {
            file.write(entries);
            dirty = false;
            if (saveFailing) log.info("notification log " + file.path() + " saved again");
            saveFailing = false;
        } catch (IOException e) {
            // it stays dirty and is retried every tick: say so once, not every second while the disk is full
            if (!saveFailing) log.error("could not save the notification log " + file.path() + " (retrying every tick, quietly): " + log.describe(e));
            saveFailing = true;
        }
    }
}
