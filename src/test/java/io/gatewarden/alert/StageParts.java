package io.gatewarden.alert;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.secret.Redactor;
import io.gatewarden.testsupport.MutableClock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.gatewarden.alert.Incidents.labels;

/** The real parts the notify stages work on (silences, notification log, outbox on files in a temp dir), on a test clock. */
final class StageParts {
    final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    final AlertLog log = new AlertLog("io.gatewarden.alert.test", Redactor.none());
    final Path dir;

    StageParts(Path dir) {
        this.dir = dir;
    }

    SilenceStore silences() {
        return new SilenceStore(dir.resolve("alert/silences.json"), clock, 100, List.of(), log);
    }

    NotificationLog nflog() {
        return new NotificationLog(dir.resolve("alert/nflog.json"), 100, clock, log);
    }

    Outbox outbox(String... receivers) throws IOException {
        return new Outbox(dir.resolve("alert/outbox"), Set.of(receivers), log, 10);
    }

    TrackedAlert firing(IncidentType type, Severity severity, String... kv) {
        return new TrackedAlert(Incidents.open(type, severity, labels(kv), clock.instant()));
    }

    static TrackedAlert resolved(TrackedAlert a, java.time.Instant at) {
        Incident i = Incidents.resolve(a.incident(), at);
        return new TrackedAlert(i);
    }

    /** A group of one route (group_wait 30s, group_interval 5m, repeat_interval 4h) holding {@code alerts}. */
    Dispatcher.Group group(String receiver, TrackedAlert... alerts) {
        RouteTree.Node node = new RouteTree.Node("0", receiver, List.of(), List.of("alertname"), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofHours(4), false, List.of());
        Dispatcher.Group g = new Dispatcher.Group("0/" + receiver + "{}", node, java.util.Map.of(), clock.instant());
        for (TrackedAlert a : alerts) g.alerts.put(a.id(), a);
        return g;
    }

    /** A flush whose dedup answer, notification and memory are the test's: for the stages that do not judge news. */
    static class RecordingFlush extends Flush {
        boolean news = true;
        final List<Notification> told = new ArrayList<>();

        RecordingFlush(String receiver, java.time.Instant now, List<TrackedAlert> alerts) {
            super(receiver, now, alerts);
        }

        @Override
        boolean keepNews() {
            return news;
        }

        @Override
        Notification build(long seq) {
            return new Notification(idempotencyKey(receiver + "|" + seq), seq, receiver, Notification.Kind.FIRING,
                    "g", "e", java.util.Map.of(), java.util.Map.of(), List.of(), alerts.size(), 0,
                    Notification.Changes.NONE, List.of(), now, null);
        }

        @Override
        void told(Notification n) {
            told.add(n);
        }

        @Override
        String what() {
            return "a test notification";
        }
    }
}
