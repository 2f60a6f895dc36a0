package io.gatewarden.alert;

import io.gatewarden.incident.Incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routing, grouping and the group timers (Alertmanager's dispatcher): each flush that is due, of a group or of an
 * Alertmanager receiver, goes down the one {@link NotifyChain} (mute, dedup, rate limit, enqueue). Confined to the
 * pipeline's dispatcher thread.
 */
final class Dispatcher {
    /** An aggregation group: the alerts of one route with the same group_by label values. */
    static final class Group {
        final String key;
        final RouteTree.Node route;
        final Map<String, String> labels;
        final LinkedHashMap<String, TrackedAlert> alerts = new LinkedHashMap<>();
        Instant nextFlushAt;

        Group(String key, RouteTree.Node route, Map<String, String> labels, Instant nextFlushAt) {
            this.key = key;
            this.route = route;
            this.labels = labels;
            this.nextFlushAt = nextFlushAt;
        }
    }

    private final AlertSettings settings;
    private final RouteTree routes;
    private final Map<String, AlertSettings.Receiver> receivers = new LinkedHashMap<>();
    private final MuteStage mute;
    private final NotifyChain chain;
    private final NotificationLog nflog;
    private final AlertViews views;
    private final Clock clock;
    private final AlertLog log;

    private final LinkedHashMap<String, TrackedAlert> alerts = new LinkedHashMap<>();
    private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, AmReceiver> amReceivers = new LinkedHashMap<>();

    final AtomicLong dropped = new AtomicLong();
    volatile int alertCount;
    volatile int groupCount;
    private Instant lastDropLogAt = Instant.MIN;

    /**
     * @param mute  the chain's mute stage, given the silences and inhibitions at the start of each pass
     * @param chain what every flush goes through
     */
    Dispatcher(AlertSettings settings, RouteTree routes, MuteStage mute, NotifyChain chain, NotificationLog nflog,
               Outbox outbox, AlertViews views, Clock clock, AlertLog log) {
        this.settings = settings;
        this.routes = routes;
        this.mute = mute;
        this.chain = chain;
        this.nflog = nflog;
        this.views = views;
        this.clock = clock;
        this.log = log;
        Instant startedAt = clock.instant();
        for (AlertSettings.Receiver r : settings.receivers()) {
            receivers.put(r.name(), r);
            if (r instanceof AlertSettings.Alertmanager am) {
                amReceivers.put(r.name(), new AmReceiver(am, views, () -> outbox.queue(am.name()).size(), clock, startedAt));
            }
        }
    }

    // ---------------------------------------------------------------- input

    void onIncident(Incident inc) {
        Instant now = clock.instant();
        TrackedAlert a = alerts.get(inc.id());
        if (a == null) {
            if (alerts.size() >= settings.limits().maxAlerts() && !evictResolved()) {
                dropped.incrementAndGet();
                if (lastDropLogAt.plusSeconds(60).isBefore(now)) {
                    lastDropLogAt = now;
                    log.warn("alert store full (" + alerts.size() + " alerts, limits.max_alerts); incident " + inc.key() + " is not alerted");
                }
                return;
            }
            a = new TrackedAlert(inc);
            alerts.put(inc.id(), a);
        } else {
            a.update(inc);
        }
        place(a, now);
        alertCount = alerts.size();
        groupCount = groups.size();
    }

    /**
     * An incident that ended before a restart, given again after it: taken only if a notification showed it firing
     * and its resolution was not announced (the crash came between the decision and the outbox), so that the
     * resolved notice still goes out. Resolutions already announced, or of incidents never announced, are ignored.
     */
    void onRestoredResolved(Incident inc) {
        if (alerts.containsKey(inc.id()) || !nflog.shownFiring(inc.id())) return;
        onIncident(inc);
    }

    private boolean evictResolved() {
        for (Iterator<TrackedAlert> it = alerts.values().iterator(); it.hasNext(); ) {
            TrackedAlert a = it.next();
            if (!a.isFiring()) {
                unplaceAll(a);
                it.remove();
                return true;
            }
        }
        return false;
    }

    private void place(TrackedAlert a, Instant now) {
        Set<String> placedNow = new LinkedHashSet<>();
        for (RouteTree.Node node : routes.match(a.labels())) {
            AmReceiver am = amReceivers.get(node.receiver());
            if (am != null) {
                am.upsert(a);
                placedNow.add(AmReceiver.placement(node.receiver()));
                continue;
            }
            Map<String, String> gl = node.groupLabels(a.labels());
            String key = groupKey(node, gl);
            Group g = groups.get(key);
            if (g == null) {
                if (groups.size() >= settings.limits().maxGroups()) {
                    dropped.incrementAndGet();
                    log.warn("too many alert groups (limits.max_groups " + settings.limits().maxGroups() + "); " + a.incident().key() + " not grouped for " + node.receiver());
                    continue;
                }
                g = new Group(key, node, gl, now.plus(node.groupWait()));
                groups.put(key, g);
            }
            g.alerts.put(a.id(), a);
            placedNow.add(key);
        }
        for (String old : a.placements) {
            if (!placedNow.contains(old)) unplace(a, old);
        }
        a.placements.clear();
        a.placements.addAll(placedNow);
    }

    private void unplaceAll(TrackedAlert a) {
        for (String p : List.copyOf(a.placements)) unplace(a, p);
        a.placements.clear();
    }

    private void unplace(TrackedAlert a, String placement) {
        String amReceiver = AmReceiver.receiverOf(placement);
        if (amReceiver != null) {
            AmReceiver am = amReceivers.get(amReceiver);
            if (am != null) am.remove(a);
            return;
        }
        Group g = groups.get(placement);
        if (g != null) {
            g.alerts.remove(a.id());
            if (g.alerts.isEmpty()) groups.remove(placement);
        }
    }

    static String groupKey(RouteTree.Node node, Map<String, String> groupLabels) {
        StringBuilder sb = new StringBuilder(node.id()).append('/').append(node.receiver()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(groupLabels).entrySet()) {
            if (!first) sb.append(',');
            sb.append(e.getKey()).append('=').append('"').append(e.getValue().replace("\"", "\\\"")).append('"');
            first = false;
        }
        return sb.append('}').toString();
    }

    // ---------------------------------------------------------------- timers

    /** One pass over everything that is due now: group flushes, Alertmanager (re)sends, clean-up. */
    void runDue() {
        Instant now = clock.instant();
        mute.newPass(now, alerts.values());
        for (Group g : new ArrayList<>(groups.values())) {
            // the clock went back: a group never waits longer than its group_interval (or group_wait) from now
            Duration longest = max(g.route.groupWait(), g.route.groupInterval());
            if (g.nextFlushAt.isAfter(now.plus(longest))) g.nextFlushAt = now.plus(longest);
            if (!g.nextFlushAt.isAfter(now)) flush(g, now);
        }
        for (AmReceiver am : amReceivers.values()) am.sync(now, chain);
        alerts.values().removeIf(a -> a.placements.isEmpty());
        nflog.gc(now, groups.keySet());
        nflog.saveIfChanged();
        alertCount = alerts.size();
        groupCount = groups.size();
    }

    private void flush(Group g, Instant now) {
        List<TrackedAlert> done = g.alerts.values().stream().filter(a -> !a.isFiring()).toList();
        AlertSettings.Receiver receiver = receivers.get(g.route.receiver());
        GroupFlush flush = new GroupFlush(g, receiver, settings.sendResolved(receiver), nflog, views, now);
        NotifyStage.Outcome outcome = chain.run(flush);
        if (outcome.held()) {
            // keep everything as it is; the group is retried then, with whatever it holds then
            g.nextFlushAt = flush.retryAt;
            return;
        }
        for (TrackedAlert a : done) {
            g.alerts.remove(a.id());
            a.placements.remove(g.key);
        }
        g.nextFlushAt = now.plus(g.route.groupInterval());
        if (g.alerts.isEmpty()) groups.remove(g.key);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
