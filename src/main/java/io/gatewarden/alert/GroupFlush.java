package io.gatewarden.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flush of one aggregation group: news is judged against what the group last told its receiver, as recorded in
 * the {@link NotificationLog}, and the notification is one message for the whole group (firing, update, repeat or
 * resolved, in one episode).
 */
final class GroupFlush extends Flush {
    /** A notification to Slack or the console carries at most this many alerts (the message shows fewer). */
    static final int MAX_ALERTS_PER_NOTIFICATION = 100;

    private final Dispatcher.Group group;
    private final AlertSettings.Receiver receiverSettings;
    private final boolean sendResolved;
    private final NotificationLog nflog;
    private final AlertViews views;
    private NotificationLog.Entry entry;
    private final List<TrackedAlert> firing = new ArrayList<>();
    private List<TrackedAlert> shownResolved = List.of();

    GroupFlush(Dispatcher.Group group, AlertSettings.Receiver receiver, boolean sendResolved, NotificationLog nflog,
               AlertViews views, Instant now) {
        super(receiver.name(), now, group.alerts.values());
        this.group = group;
        this.receiverSettings = receiver;
        this.sendResolved = sendResolved;
        this.nflog = nflog;
        this.views = views;
    }

    @Override
    boolean keepNews() {
        entry = nflog.get(group.key);
        if (entry != null && entry.at().isAfter(now)) {
            // last notified "in the future" (the clock went back): the repeat interval counts from now, not from then
            entry = new NotificationLog.Entry(entry.firing(), entry.resolved(), now, entry.generation(), entry.episode());
            nflog.put(group.key, entry);
        }
        List<TrackedAlert> resolved = new ArrayList<>();
        for (TrackedAlert a : alerts) (a.isFiring() ? firing : resolved).add(a);
        if (!needsUpdate(resolved)) return false;
        shownResolved = sendResolved ? resolved : List.of();
        if (firing.isEmpty() && shownResolved.isEmpty()) {
            // every alert resolved but resolved notices are off: end the episode quietly
            nflog.put(group.key, new NotificationLog.Entry(Map.of(), ids(resolved), now, generation(), entry == null ? "" : entry.episode()));
            return false;
        }
        return true;
    }

    /** Alertmanager's dedup rule, plus: a severity that went up is news. */
    private boolean needsUpdate(List<TrackedAlert> resolved) {
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
        return !entry.at().plus(group.route.repeatInterval()).isAfter(now);
    }

    @Override
    Notification build(long seq) {
        Map<String, String> prevFiring = entry == null ? Map.of() : entry.firing();
        List<String> newFiring = new ArrayList<>();
        List<String> escalated = new ArrayList<>();
        for (TrackedAlert a : firing) {
            String was = prevFiring.get(a.id());
            if (was == null) newFiring.add(a.id());
            else if (rank(a.severity()) > rank(was)) escalated.add(a.id());
        }
        List<String> newlyResolved = shownResolved.stream().map(TrackedAlert::id).filter(prevFiring::containsKey).toList();
        Notification.Kind kind;
        if (prevFiring.isEmpty()) kind = firing.isEmpty() ? Notification.Kind.RESOLVED : Notification.Kind.FIRING;
        else if (firing.isEmpty()) kind = Notification.Kind.RESOLVED;
        else if (!newFiring.isEmpty() || !escalated.isEmpty() || !newlyResolved.isEmpty()) kind = Notification.Kind.UPDATE;
        else kind = Notification.Kind.REPEAT;

        List<String> firingIds = firing.stream().map(TrackedAlert::id).sorted().toList();
        List<String> resolvedIds = shownResolved.stream().map(TrackedAlert::id).sorted().toList();
        String key = idempotencyKey(receiver + "|" + group.key + "|" + generation() + "|" + firingIds + "|" + resolvedIds);
        String episode = kind == Notification.Kind.FIRING || entry == null || entry.episode().isEmpty() ? key : entry.episode();

        List<AlertView> shown = new ArrayList<>();
        for (TrackedAlert a : ordered()) {
            if (shown.size() >= cap()) break;
            shown.add(views.view(a));
        }
        return new Notification(key, seq, receiver, kind, group.key, episode, views.scrub(group.labels),
                AlertViews.common(shown), shown, firing.size(), shownResolved.size(),
                new Notification.Changes(newFiring, newlyResolved, escalated), views.chain(), now, views.externalUrl());
    }

    /** Firing first, worst and oldest on top; then the resolved, latest end first. */
    private List<TrackedAlert> ordered() {
        List<TrackedAlert> ordered = new ArrayList<>(firing);
        ordered.sort(Comparator.comparingInt((TrackedAlert a) -> -rank(a.severity()))
                .thenComparing(a -> a.incident().startsAt(), Comparator.nullsLast(Comparator.naturalOrder())));
        List<TrackedAlert> res = new ArrayList<>(shownResolved);
        res.sort(Comparator.comparing((TrackedAlert a) -> a.incident().endsAt(), Comparator.nullsLast(Comparator.reverseOrder())));
        ordered.addAll(res);
        return ordered;
    }

    private int cap() {
        return receiverSettings instanceof AlertSettings.Webhook w ? w.maxAlerts() : MAX_ALERTS_PER_NOTIFICATION;
    }

    @Override
    void told(Notification n) {
        nflog.put(group.key, new NotificationLog.Entry(severities(firing), ids(shownResolved), now, generation(), n.episode()));
    }

    @Override
    String what() {
        return "a notification";
    }

    private long generation() {
        return entry == null ? 1 : entry.generation() + 1;
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
}
