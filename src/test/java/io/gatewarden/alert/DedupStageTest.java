package io.gatewarden.alert;

import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The dedup stage on a group flush, judged against a notification log kept in a real file. */
class DedupStageTest {
    @TempDir Path tmp;
    final DedupStage dedup = new DedupStage();
    final AlertSettings.Receiver hook = Fixture.settings("""
            receivers: [{name: hook, type: webhook, url: "http://127.0.0.1:9/hook"}]
            route: {receiver: hook}
            """).receivers().get(0);

    private GroupFlush flush(StageParts parts, NotificationLog nflog, Dispatcher.Group g) {
        return new GroupFlush(g, hook, true, nflog, new AlertViews(AlertSettings.defaults(), AlertContext.NONE, parts.log), parts.clock.instant());
    }

    /** As the enqueue stage does once the outbox took it, and the dispatcher at the end of its pass. */
    private static void tell(GroupFlush f, NotificationLog nflog) {
        f.told(f.build(1));
        nflog.saveIfChanged();
    }

    @Test
    void whatTheLogSaysWasToldIsNotNewsAgainEvenAfterARestartUntilTheRepeatIsDue() {
        StageParts parts = new StageParts(tmp);
        NotificationLog nflog = parts.nflog();
        TrackedAlert a = parts.firing(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "anthropic");
        Dispatcher.Group g = parts.group("hook", a);

        GroupFlush first = flush(parts, nflog, g);
        assertThat(dedup.exec(first)).isEqualTo(NotifyStage.Outcome.PASS);
        tell(first, nflog);
        assertThat(Files.exists(tmp.resolve("alert/nflog.json"))).isTrue();

        NotificationLog reread = parts.nflog(); // a restart: the log comes back from its file
        parts.clock.advance(Duration.ofMinutes(5));
        assertThat(dedup.exec(flush(parts, reread, g))).isEqualTo(NotifyStage.Outcome.NOTHING_NEW);

        parts.clock.advance(Duration.ofHours(4)); // repeat_interval
        assertThat(dedup.exec(flush(parts, reread, g))).isEqualTo(NotifyStage.Outcome.PASS);
    }

    @Test
    void aNewAlertAnEscalationAndAResolutionAreNews() {
        StageParts parts = new StageParts(tmp);
        NotificationLog nflog = parts.nflog();
        TrackedAlert a = parts.firing(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "anthropic");
        Dispatcher.Group g = parts.group("hook", a);
        tell(passing(flush(parts, nflog, g)), nflog);

        TrackedAlert b = parts.firing(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "openai");
        g.alerts.put(b.id(), b);
        tell(passing(flush(parts, nflog, g)), nflog);
        assertThat(dedup.exec(flush(parts, nflog, g))).isEqualTo(NotifyStage.Outcome.NOTHING_NEW);

        a.update(Incidents.update(a.incident(), parts.clock.instant(), 5, Severity.CRITICAL));
        tell(passing(flush(parts, nflog, g)), nflog);

        b.update(Incidents.resolve(b.incident(), parts.clock.instant()));
        GroupFlush resolution = passing(flush(parts, nflog, g));
        assertThat(resolution.build(2).changes().newlyResolved()).containsExactly(b.id());
    }

    private GroupFlush passing(GroupFlush f) {
        assertThat(dedup.exec(f)).isEqualTo(NotifyStage.Outcome.PASS);
        return f;
    }
}
