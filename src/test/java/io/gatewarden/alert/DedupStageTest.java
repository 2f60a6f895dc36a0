package io.gatewarden.alert;

import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The dedup stage on a group flush, judged against a notification log kept in a real file. */
class DedupStageTest {
    @TempDir Path tmp;
    StageParts parts;
    NotificationLog nflog;
    TrackedAlert a;
    Dispatcher.Group g;
    final DedupStage dedup = new DedupStage();
    final AlertSettings.Receiver hook = Fixture.settings("""
            receivers: [{name: hook, type: webhook, url: "http://127.0.0.1:9/hook"}]
            route: {receiver: hook}
            """).receivers().get(0);

    @BeforeEach
    void oneGroupWithOneFiringAlert() {
        parts = new StageParts(tmp);
        nflog = parts.nflog();
        a = parts.firing(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "anthropic");
        g = parts.group("hook", a);
    }

    private GroupFlush flush(NotificationLog nflog) {
        return new GroupFlush(g, hook, true, nflog, new AlertViews(AlertSettings.defaults(), AlertContext.NONE, parts.log), parts.clock.instant());
    }

    /** As the enqueue stage does once the outbox took it, and the dispatcher at the end of its pass. */
    private static void tell(GroupFlush f, NotificationLog nflog) {
        f.told(f.build(1));
        nflog.saveIfChanged();
    }

    @Test
    void whatTheLogSaysWasToldIsNotNewsAgainEvenAfterARestartUntilTheRepeatIsDue() {

        GroupFlush first = flush(nflog);
        assertThat(dedup.exec(first)).isEqualTo(NotifyStage.Outcome.PASS);
        tell(first, nflog);
        assertThat(Files.exists(tmp.resolve("alert/nflog.json"))).isTrue();

        NotificationLog reread = parts.nflog(); // a restart: the log comes back from its file
        parts.clock.advance(Duration.ofMinutes(5));
        assertThat(dedup.exec(flush(reread))).isEqualTo(NotifyStage.Outcome.NOTHING_NEW);

        parts.clock.advance(Duration.ofHours(4)); // repeat_interval
        assertThat(dedup.exec(flush(reread))).isEqualTo(NotifyStage.Outcome.PASS);
    }

    @Test
    void aNewAlertAnEscalationAndAResolutionAreNews() {
        tell(passing(flush(nflog)), nflog);

        TrackedAlert b = parts.firing(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "openai");
        g.alerts.put(b.id(), b);
        tell(passing(flush(nflog)), nflog);
        assertThat(dedup.exec(flush(nflog))).isEqualTo(NotifyStage.Outcome.NOTHING_NEW);

        a.update(Incidents.update(a.incident(), parts.clock.instant(), 5, Severity.CRITICAL));
        tell(passing(flush(nflog)), nflog);

        b.update(Incidents.resolve(b.incident(), parts.clock.instant()));
        GroupFlush resolution = passing(flush(nflog));
        assertThat(resolution.build(2).changes().newlyResolved()).containsExactly(b.id());
    }

    private GroupFlush passing(GroupFlush f) {
        assertThat(dedup.exec(f)).isEqualTo(NotifyStage.Outcome.PASS);
        return f;
    }
}
