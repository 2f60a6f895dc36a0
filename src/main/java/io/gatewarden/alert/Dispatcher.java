package io.gatewarden.alert;

import io.gatewarden.incident.Incident;
import io.gatewarden.secret.Hashes;
import io.gatewarden.secret.Redactor;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Routing, grouping, muting, de-duplication and rate limiting (Alertmanager's dispatcher and notification
 * pipeline, minus the sending). Confined to the pipeline's dispatcher thread; its output is notifications in
 * the durable outbox.
 */
final class Dispatcher {
    /** A notification to Slack or the console carries at most this many alerts (the message shows fewer). */
    static final int MAX_ALERTS_PER_NOTIFICATION = 100;
    static final int MAX_ACTIONS = 10;
    static final int MAX_EVIDENCE_CHARS = 1000;

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
    private final Map<String, AlertSettings.Receiver> receivers;
    private final SilenceStore silences;
    private final Inhibitor inhibitor;
    private final NotificationLog nflog;
    private final Outbox outbox;
    private final AlertContext context;
    private final Clock clock;
    private final AlertLog log;
    private final Consumer<String> wake;
    private final Instant startedAt;

    private final LinkedHashMap<String, TrackedAlert> alerts = new LinkedHashMap<>();
    private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, AmReceiver> amReceivers = new LinkedHashMap<>();
    private final Map<String, TokenBucket> buckets = new HashMap<>();

    final AtomicLong queued = new AtomicLong();
    final AtomicLong muted = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    volatile int alertCount;
    volatile int groupCount;
    private boolean contextFailureLogged;
    private Instant lastDropLogAt = Instant.MIN;

    Dispatcher(AlertSettings settings, RouteTree routes, SilenceStore silences, Inhibitor inhibitor, NotificationLog nflog,
               Outbox outbox, AlertContext context, Clock clock, AlertLog log, Consumer<String> wake) {
        this.settings = settings;
        this.routes = routes;
        this.receivers = new LinkedHashMap<>();
        settings.receivers().forEach(r -> receivers.put(r.name(), r));
        this.silences = silences;
        this.inhibitor = inhibitor;
        this.nflog = nflog;
        this.outbox = outbox;
        this.context = context;
        this.clock = clock;
        this.log = log;
        this.wake = wake;
        this.startedAt = clock.instant();
        for (AlertSettings.Receiver r : settings.receivers()) {
            buckets.put(r.name(), new TokenBucket(r.rateLimit(), startedAt));
            if (r instanceof AlertSettings.Alertmanager am) amReceivers.put(r.name(), new AmReceiver(am));
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
            AlertSettings.Receiver r = receivers.get(node.receiver());
            if (r instanceof AlertSettings.Alertmanager) {
                amReceivers.get(r.name()).upsert(a);
                placedNow.add(amPlacement(r.name()));
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

    private static String amPlacement(String receiver) {
        return "am:" + receiver;
    }

    private void unplaceAll(TrackedAlert a) {
        for (String p : List.copyOf(a.placements)) unplace(a, p);
        a.placements.clear();
    }

    private void unplace(TrackedAlert a, String placement) {
        if (placement.startsWith("am:")) {
            AmReceiver am = amReceivers.get(placement.substring(3));
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
        Mute mute = new Mute(silences.activeAt(now), inhibitor.index(alerts.values()), now);
        for (Group g : new ArrayList<>(groups.values())) {
            // the clock went back: a group never waits longer than its group_interval (or group_wait) from now
            Duration longest = max(g.route.groupWait(), g.route.groupInterval());
            if (g.nextFlushAt.isAfter(now.plus(longest))) g.nextFlushAt = now.plus(longest);
            if (!g.nextFlushAt.isAfter(now)) flush(g, now, mute);
        }
        for (AmReceiver am : amReceivers.values()) am.sync(now, mute);
        alerts.values().removeIf(a -> a.placements.isEmpty());
        nflog.gc(now, groups.keySet());
        nflog.saveIfChanged();
        alertCount = alerts.size();
        groupCount = groups.size();
    }

    /** Silences and inhibitions of one pass. */
    private final class Mute {
        final List<Silence> active;
        final Inhibitor.Index inhibit;
        final Instant now;

        Mute(List<Silence> active, Inhibitor.Index inhibit, Instant now) {
            this.active = active;
            this.inhibit = inhibit;
            this.now = now;
        }

        boolean muted(TrackedAlert a) {
            for (Silence s : active) {
                if (s.mutes(a.labels(), now)) return true;
            }
            return inhibit.inhibitorOf(a) != null;
        }
    }

    private void flush(Group g, Instant now, Mute mute) {
        List<TrackedAlert> firing = new ArrayList<>();
        List<TrackedAlert> resolved = new ArrayList<>();
        List<TrackedAlert> done = new ArrayList<>();
        for (TrackedAlert a : g.alerts.values()) {
            if (!a.isFiring()) done.add(a);
            if (mute.muted(a)) {
                muted.incrementAndGet();
                continue;
            }
            (a.isFiring() ? firing : resolved).add(a);
        }
        AlertSettings.Receiver receiver = receivers.get(g.route.receiver());
        boolean sendResolved = settings.sendResolved(receiver);
        NotificationLog.Entry entry = nflog.get(g.key);
        if (entry != null && entry.at().isAfter(now)) {
            // last notified "in the future" (the clock went back): the repeat interval counts from now, not from then
            entry = new NotificationLog.Entry(entry.firing(), entry.resolved(), now, entry.generation(), entry.episode());
            nflog.put(g.key, entry);
        }
        if (needsUpdate(entry, firing, resolved, sendResolved, g, now)) {
            List<TrackedAlert> shownResolved = sendResolved ? resolved : List.of();
            if (!firing.isEmpty() || !shownResolved.isEmpty()) {
                TokenBucket bucket = buckets.get(receiver.name());
                if (!bucket.tryTake(now)) {
                    // keep everything as it is; the group is retried when the bucket has a token, with whatever it holds then
                    rateLimited.incrementAndGet();
                    g.nextFlushAt = bucket.nextTokenAt(now);
                    return;
                }
                Notification n = build(g, receiver, firing, shownResolved, entry, now);
                try {
                    if (outbox.enqueue(n)) queued.incrementAndGet();
                } catch (IOException e) {
                    log.error("could not write a notification for " + receiver.name() + " to the outbox, retrying: " + log.describe(e));
                    g.nextFlushAt = now.plus(settings.tickInterval());
                    return;
                }
                wake.accept(receiver.name());
                nflog.put(g.key, new NotificationLog.Entry(severities(firing), ids(shownResolved), now, generation(entry), n.episode()));
            } else {
                // every alert resolved but resolved notices are off: end the episode quietly
                nflog.put(g.key, new NotificationLog.Entry(Map.of(), ids(resolved), now, generation(entry), entry == null ? "" : entry.episode()));
            }
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

    /** Alertmanager's dedup stage, plus: a severity that went up is news. */
    private static boolean needsUpdate(NotificationLog.Entry entry, List<TrackedAlert> firing, List<TrackedAlert> resolved,
                                       boolean sendResolved, Group g, Instant now) {
        if (entry == null) return !firing.isEmpty();
        for (TrackedAlert a : firing) {
            String was = entry.firing().get(a.id());
            if (was == null || rank(a.severity()) > rank(was)) return true;
        }
        if (firing.isEmpty()) return !entry.firing().isEmpty();
        if (sendResolved) {
            for (TrackedAlert a : resolved) {
                if (!entry.resolved().contains(a.id())) return true;
            }
        }
        return !entry.at().plus(g.route.repeatInterval()).isAfter(now);
    }

    private static long generation(NotificationLog.Entry entry) {
        return entry == null ? 1 : entry.generation() + 1;
    }

    private Notification build(Group g, AlertSettings.Receiver receiver, List<TrackedAlert> firing, List<TrackedAlert> resolved,
                               NotificationLog.Entry entry, Instant now) {
        Map<String, String> prevFiring = entry == null ? Map.of() : entry.firing();
        List<String> newFiring = new ArrayList<>();
        List<String> escalated = new ArrayList<>();
        for (TrackedAlert a : firing) {
            String was = prevFiring.get(a.id());
            if (was == null) newFiring.add(a.id());
            else if (rank(a.severity()) > rank(was)) escalated.add(a.id());
        }
        List<String> newlyResolved = resolved.stream().map(TrackedAlert::id).filter(prevFiring::containsKey).toList();
        Notification.Kind kind;
        if (prevFiring.isEmpty()) kind = firing.isEmpty() ? Notification.Kind.RESOLVED : Notification.Kind.FIRING;
        else if (firing.isEmpty()) kind = Notification.Kind.RESOLVED;
        else if (!newFiring.isEmpty() || !escalated.isEmpty() || !newlyResolved.isEmpty()) kind = Notification.Kind.UPDATE;
        else kind = Notification.Kind.REPEAT;

        long generation = generation(entry);
        List<String> firingIds = firing.stream().map(TrackedAlert::id).sorted().toList();
        List<String> resolvedIds = resolved.stream().map(TrackedAlert::id).sorted().toList();
        String key = hash(receiver.name() + "|" + g.key + "|" + generation + "|" + firingIds + "|" + resolvedIds);
        String episode = kind == Notification.Kind.FIRING || entry == null || entry.episode().isEmpty() ? key : entry.episode();

        List<TrackedAlert> ordered = new ArrayList<>(firing);
        ordered.sort(Comparator.comparingInt((TrackedAlert a) -> -rank(a.severity()))
                .thenComparing(a -> a.incident().startsAt(), Comparator.nullsLast(Comparator.naturalOrder())));
        List<TrackedAlert> res = new ArrayList<>(resolved);
        res.sort(Comparator.comparing((TrackedAlert a) -> a.incident().endsAt(), Comparator.nullsLast(Comparator.reverseOrder())));
        ordered.addAll(res);
        int cap = receiver instanceof AlertSettings.Webhook w ? w.maxAlerts() : MAX_ALERTS_PER_NOTIFICATION;
        List<AlertView> views = new ArrayList<>();
        for (TrackedAlert a : ordered) {
            if (views.size() >= cap) break;
            views.add(view(a));
        }
        return new Notification(key, outbox.nextSeq(), receiver.name(), kind, g.key, episode, scrub(g.labels),
                common(views), views, firing.size(), resolved.size(),
                new Notification.Changes(newFiring, newlyResolved, escalated), chain(), now, settings.externalUrl());
    }

    private AlertView view(TrackedAlert a) {
        Incident inc = a.incident();
        Redactor r = log.redactor();
        List<String> evidence = evidence(inc.evidence(), settings.limits().evidenceLines()).stream()
                .map(e -> SlackRender.cut(r.scrub(e), MAX_EVIDENCE_CHARS)).toList();
        List<String> actions = List.of();
        try {
            actions = context.actionsFor(inc).stream().limit(MAX_ACTIONS).map(r::scrub).toList();
        } catch (RuntimeException e) {
            contextFailed(e);
        }
        return new AlertView(inc.id(), a.isFiring() ? AlertView.FIRING : AlertView.RESOLVED, inc.type().wireName(),
                a.severity(), scrub(a.labels()), inc.startsAt(), inc.lastSeenAt(), inc.endsAt(), inc.occurrences(),
                r.scrub(inc.summary()), evidence, settings.runbookUrl(inc.type().wireName()), actions);
    }

    /** The first line (how it began) and the latest ones (how it is now). */
    static List<String> evidence(List<String> all, int max) {
        if (all == null || all.isEmpty() || max == 0) return List.of();
        if (all.size() <= max) return all;
        List<String> out = new ArrayList<>(max);
        out.add(all.get(0));
        out.addAll(all.subList(all.size() - (max - 1), all.size()));
        return out;
    }

    private List<ChainRungView> chain() {
        try {
            return context.chain();
        } catch (RuntimeException e) {
            contextFailed(e);
            return List.of();
        }
    }

    private void contextFailed(RuntimeException e) {
        if (!contextFailureLogged) {
            contextFailureLogged = true;
            log.warn("alert context failed; notifications go out without actions/chain: " + log.describe(e));
        }
    }

    private Map<String, String> scrub(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        labels.forEach((k, v) -> out.put(k, log.redactor().scrub(v)));
        return out;
    }

    private static Map<String, String> common(List<AlertView> views) {
        if (views.isEmpty()) return Map.of();
        Map<String, String> c = new TreeMap<>(views.get(0).labels());
        for (AlertView v : views) c.entrySet().removeIf(e -> !e.getValue().equals(v.labels().get(e.getKey())));
        return c;
    }

    private static Map<String, String> severities(List<TrackedAlert> firing) {
        Map<String, String> m = new HashMap<>();
        for (TrackedAlert a : firing) m.put(a.id(), a.severity());
        return m;
    }

    private static List<String> ids(List<TrackedAlert> as) {
        return as.stream().map(TrackedAlert::id).toList();
    }

    static int rank(String severity) {
        return switch (severity == null ? "" : severity) {
            case "critical" -> 3;
            case "warning" -> 2;
            case "info" -> 1;
            default -> 0;
        };
    }

    static String hash(String s) {
        return Hashes.sha256Hex(s, 16);
    }

    // ---------------------------------------------------------------- Alertmanager receivers

    /**
     * An Alertmanager receiver does its own grouping, so it gets every routed alert when it changes and again
     * every resend_interval while it fires (as Prometheus does); a resolved alert is sent once with endsAt set.
     */
    private final class AmReceiver {
        final class Sent {
            final TrackedAlert alert;
            Map<String, String> labels; // as last sent while firing; null = never sent
            Instant at;

            Sent(TrackedAlert alert) {
                this.alert = alert;
            }
        }

        final AlertSettings.Alertmanager settings;
        final LinkedHashMap<String, Sent> tracked = new LinkedHashMap<>();
        final List<AlertView> pendingResolves = new ArrayList<>();
        Instant lastWatchdogAt;

        AmReceiver(AlertSettings.Alertmanager settings) {
            this.settings = settings;
        }

        void upsert(TrackedAlert a) {
            tracked.computeIfAbsent(a.id(), id -> new Sent(a));
        }

        /** The alert no longer routes here: if Alertmanager has it firing, resolve it there. */
        void remove(TrackedAlert a) {
            Sent s = tracked.remove(a.id());
            if (s != null && s.labels != null) pendingResolves.add(resolvedView(a, s.labels, clock.instant()));
        }

        void sync(Instant now, Mute mute) {
            List<AlertView> batch = new ArrayList<>(pendingResolves);
            boolean change = !pendingResolves.isEmpty();
            List<Runnable> commit = new ArrayList<>();
            commit.add(pendingResolves::clear);
            for (Sent s : new ArrayList<>(tracked.values())) {
                TrackedAlert a = s.alert;
                if (mute.muted(a)) {
                    muted.incrementAndGet();
                    if (!a.isFiring()) drop(a);
                    continue;
                }
                if (a.isFiring()) {
                    if (s.labels != null && !s.labels.equals(a.labels())) {
                        // Alertmanager keys alerts by labels: a changed label set is a new alert, so end the old one
                        batch.add(resolvedView(a, s.labels, now));
                        change = true;
                    }
                    boolean fresh = s.labels == null || !s.labels.equals(a.labels());
                    if (fresh || !s.at.plus(settings.resendInterval()).isAfter(now)) {
                        batch.add(view(a));
                        change |= fresh;
                        commit.add(() -> {
                            s.labels = a.labels();
                            s.at = now;
                        });
                    }
                } else {
                    if (s.labels != null) {
                        batch.add(s.labels.equals(a.labels()) ? view(a) : resolvedView(a, s.labels, now));
                        change = true;
                        commit.add(() -> drop(a));
                    } else {
                        drop(a);
                    }
                }
            }
            if (settings.watchdog() && (lastWatchdogAt == null || !lastWatchdogAt.plus(settings.resendInterval()).isAfter(now))) {
                batch.add(watchdog());
                commit.add(() -> lastWatchdogAt = now);
            }
            if (batch.size() == 0) return;
            if (!change && outbox.queue(settings.name()).size() > 0) return; // resends wait until the backlog is delivered
            if (!buckets.get(settings.name()).tryTake(now)) {
                rateLimited.incrementAndGet();
                return;
            }
            long seq = outbox.nextSeq();
            int firingCount = (int) batch.stream().filter(AlertView::firing).count();
            Notification n = new Notification(hash(settings.name() + "|" + seq + "|" + now + "|" + startedAt), seq,
                    settings.name(), Notification.Kind.ALERTMANAGER, amPlacement(settings.name()), "", Map.of(),
                    common(batch), batch, firingCount, batch.size() - firingCount, Notification.Changes.NONE, List.of(),
                    now, Dispatcher.this.settings.externalUrl());
            try {
                if (outbox.enqueue(n)) queued.incrementAndGet();
            } catch (IOException e) {
                log.error("could not write an Alertmanager batch for " + settings.name() + " to the outbox, retrying: " + log.describe(e));
                return;
            }
            commit.forEach(Runnable::run);
            wake.accept(settings.name());
        }

        private void drop(TrackedAlert a) {
            tracked.remove(a.id());
            a.placements.remove(amPlacement(settings.name()));
        }

        private AlertView resolvedView(TrackedAlert a, Map<String, String> labels, Instant now) {
            AlertView v = view(a);
            return new AlertView(v.id(), AlertView.RESOLVED, labels.get("alertname"), labels.get("severity"), scrub(labels),
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

    Set<String> receiverNames() {
        return new HashSet<>(receivers.keySet());
    }
}
