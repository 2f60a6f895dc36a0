package io.gatewarden.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * An Alertmanager receiver does its own grouping, so it gets every routed alert when it changes and again
 * every resend_interval while it fires (as Prometheus does); a resolved alert is sent once with endsAt set.
 * Each pass its alerts go down the same {@link NotifyChain} as a group flush; what is news is judged per alert.
 * Dispatcher thread only.
 */
final class AmReceiver {
    private static final class Sent {
        final TrackedAlert alert;
        Map<String, String> labels; // as last sent while firing; null = never sent
        Instant at;

        Sent(TrackedAlert alert) {
            this.alert = alert;
        }
    }

    private final AlertSettings.Alertmanager settings;
    private final AlertViews views;
    private final IntSupplier backlog;
    private final Clock clock;
    private final Instant startedAt;
    private final LinkedHashMap<String, Sent> tracked = new LinkedHashMap<>();
    private final List<AlertView> pendingResolves = new ArrayList<>();
    private Instant lastWatchdogAt;

    /** @param backlog how many notifications of this receiver wait in the outbox */
    AmReceiver(AlertSettings.Alertmanager settings, AlertViews views, IntSupplier backlog, Clock clock, Instant startedAt) {
        this.settings = settings;
        this.views = views;
        this.backlog = backlog;
        this.clock = clock;
        this.startedAt = startedAt;
    }

    /** The dispatcher's name of "placed at this receiver" (an alert's placements hold group keys and these). */
    static String placement(String receiver) {
        return PLACEMENT + receiver;
    }

    /** The receiver of an Alertmanager placement; null for a group key. */
    static String receiverOf(String placement) {
        return placement.startsWith(PLACEMENT) ? placement.substring(PLACEMENT.length()) : null;
    }

    private static final String PLACEMENT = "am:";

    void upsert(TrackedAlert a) {
        tracked.computeIfAbsent(a.id(), id -> new Sent(a));
    }

    /** The alert no longer routes here: if Alertmanager has it firing, resolve it there. */
    void remove(TrackedAlert a) {
        Sent s = tracked.remove(a.id());
        if (s != null && s.labels != null) pendingResolves.add(resolvedView(a, s.labels, clock.instant()));
    }

    /** This pass's turn: what changed, or is due again, goes down the chain as one batch. */
    void sync(Instant now, NotifyChain chain) {
        Batch batch = new Batch(now);
        chain.run(batch);
        // a muted alert that resolved is forgotten here (it does not wait for the silence to end)
        for (TrackedAlert a : batch.muted) {
            if (!a.isFiring()) drop(a);
        }
    }

    private void drop(TrackedAlert a) {
        tracked.remove(a.id());
        a.placements.remove(placement(settings.name()));
    }

    private final class Batch extends Flush {
        private final List<AlertView> shown = new ArrayList<>(pendingResolves);
        /** What the receiver has been told once the batch is in the outbox; run only then. */
        private final List<Runnable> commit = new ArrayList<>();

        Batch(Instant now) {
            super(settings.name(), now, tracked.values().stream().map(s -> s.alert).toList());
        }

        @Override
        boolean keepNews() {
            boolean change = !pendingResolves.isEmpty();
            commit.add(pendingResolves::clear);
            for (TrackedAlert a : alerts) {
                Sent s = tracked.get(a.id());
                if (a.isFiring()) {
                    if (s.labels != null && !s.labels.equals(a.labels())) {
                        // Alertmanager keys alerts by labels: a changed label set is a new alert, so end the old one
                        shown.add(resolvedView(a, s.labels, now));
                        change = true;
                    }
                    boolean fresh = s.labels == null || !s.labels.equals(a.labels());
                    if (fresh || !s.at.plus(settings.resendInterval()).isAfter(now)) {
                        shown.add(views.view(a));
                        change |= fresh;
                        commit.add(() -> {
                            s.labels = a.labels();
                            s.at = now;
                        });
                    }
                } else if (s.labels != null) {
                    shown.add(s.labels.equals(a.labels()) ? views.view(a) : resolvedView(a, s.labels, now));
                    change = true;
                    commit.add(() -> drop(a));
                } else {
                    drop(a);
                }
            }
            if (settings.watchdog() && (lastWatchdogAt == null || !lastWatchdogAt.plus(settings.resendInterval()).isAfter(now))) {
                shown.add(watchdog());
                commit.add(() -> lastWatchdogAt = now);
            }
            if (shown.isEmpty()) return false;
            return change || backlog.getAsInt() == 0; // resends wait until the backlog is delivered
        }

        @Override
        Notification build(long seq) {
            int firingCount = (int) shown.stream().filter(AlertView::firing).count();
            return new Notification(idempotencyKey(receiver + "|" + seq + "|" + now + "|" + startedAt), seq,
                    receiver, Notification.Kind.ALERTMANAGER, placement(receiver), "", Map.of(),
                    AlertViews.common(shown), shown, firingCount, shown.size() - firingCount, Notification.Changes.NONE,
                    List.of(), now, views.externalUrl());
        }

        @Override
        void told(Notification n) {
            commit.forEach(Runnable::run);
        }

        @Override
        String what() {
            return "an Alertmanager batch";
        }
    }

    private AlertView resolvedView(TrackedAlert a, Map<String, String> labels, Instant now) {
        AlertView v = views.view(a);
        return new AlertView(v.id(), AlertView.RESOLVED, labels.get("alertname"), labels.get("severity"), views.scrub(labels),
                v.startsAt(), v.lastSeenAt(), a.incident().endsAt() != null ? a.incident().endsAt() : now,
                v.occurrences(), v.summary(), v.evidence(), v.runbookUrl(), v.actions());
    }

    private AlertView watchdog() {
        return new AlertView("watchdog", AlertView.FIRING, "Watchdog", "none",
                Map.of("alertname", "Watchdog", "severity", "none", "source", "gatewarden"), startedAt, null, null, 0,
                "gatewarden is alive. This alert always fires; if it stops arriving, gatewarden is down.",
                List.of(), null, List.of());
    }
}
