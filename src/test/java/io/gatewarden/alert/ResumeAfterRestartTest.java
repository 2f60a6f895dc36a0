package io.gatewarden.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link AlertPipeline#resume}: after a restart the daemon hands back the incidents it restored. A resolution that
 * was saved but had not reached the outbox is announced once; what was already announced is not repeated.
 * (Found by the kill -9 fault suite: restored incidents were never given to the alert pipeline, so a resolved notice
 * decided just before a kill was lost for good.)
 */
class ResumeAfterRestartTest {
    @TempDir Path state;
    private HttpStub hook;
    private final List<AlertPipeline> pipelines = new ArrayList<>();

    @org.junit.jupiter.api.BeforeEach
    void setUp() throws Exception {
        hook = new HttpStub(Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        pipelines.forEach(AlertPipeline::close);
        hook.close();
    }

    private AlertPipeline pipeline() {
        AlertPipeline p = AlertPipeline.builder(Fixture.settings("""
                receivers:
                  - {name: hook, type: webhook, url: "%s", timeout: 2s, rate_limit: {burst: 0}}
                route: {receiver: hook, group_by: ['...'], group_wait: 0s, group_interval: 100ms, repeat_interval: 1h}
                retry: {initial: 100ms, max: 200ms}
                tick_interval: 50ms
                """.formatted(hook.url("/hook"))), state).clock(Clock.systemUTC()).build();
        pipelines.add(p);
        p.start();
        return p;
    }

    private Incident incident() {
        return Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING,
                Incidents.labels("provider", "fakeoa", "model", "rl-429"), Instant.now());
    }

    /**
     * "firing X" / "resolved X" per delivered notification, from the webhook bodies; a repeat of a key is dropped as
     * a receiver should (a delivery whose acknowledgement a restart interrupted is sent again under the same key).
     */
    private List<String> announced() {
        List<String> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (HttpStub.Request r : hook.accepted()) {
            if (!keys.add(r.header("Idempotency-Key"))) continue;
            try {
                JsonNode n = json.readTree(r.body());
                n.path("changes").path("newFiring").forEach(x -> out.add("firing " + x.asText()));
                n.path("changes").path("newlyResolved").forEach(x -> out.add("resolved " + x.asText()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private void awaitIdle(AlertPipeline p) {
        await().atMost(Duration.ofSeconds(10)).until(p::idle);
    }

    @Test
    void aResolutionSavedBeforeTheCrashIsAnnouncedOnceAfterIt() {
        Incident x = incident();
        AlertPipeline first = pipeline();
        first.opened(x);
        await().atMost(Duration.ofSeconds(10)).until(() -> announced().contains("firing " + x.id()));
        first.close(); // the daemon saved x as resolved, then died before the alert pipeline heard of it

        AlertPipeline second = pipeline();
        second.resume(List.of(), List.of(Incidents.resolve(x, Instant.now())));
        await().atMost(Duration.ofSeconds(10)).until(() -> announced().contains("resolved " + x.id()));
        awaitIdle(second);
        second.close();

        AlertPipeline third = pipeline(); // a later restart: the resolution was announced, nothing more goes out
        third.resume(List.of(), List.of(Incidents.resolve(x, Instant.now())));
        third.tick();
        awaitIdle(third);
        assertThat(announced()).containsExactly("firing " + x.id(), "resolved " + x.id());
    }

    @Test
    void aNotificationLeftInTheOutboxThatTheNotificationLogMissedStillGetsItsResolution() throws Exception {
        // found by the kill -9 fault suite: killed after the outbox write and before the notification log was saved,
        // the restarted pipeline delivered the firing notice from the outbox but never announced the resolution
        hook.respond(r -> HttpStub.Reply.status(503)); // the receiver is down: the notification stays in the outbox
        Incident x = incident();
        AlertPipeline first = pipeline();
        first.opened(x);
        await().atMost(Duration.ofSeconds(10)).until(() -> !hook.requests().isEmpty());
        first.close();
        java.nio.file.Files.writeString(state.resolve("alert/nflog.json"), "{}"); // the save the kill prevented

        hook.respond(r -> HttpStub.Reply.ok());
        AlertPipeline second = pipeline();
        second.resume(List.of(), List.of(Incidents.resolve(x, Instant.now())));
        await().atMost(Duration.ofSeconds(10)).until(() -> announced().contains("resolved " + x.id()));
        awaitIdle(second);
        assertThat(announced()).containsExactly("firing " + x.id(), "resolved " + x.id());
    }

    @Test
    void aResolutionAndANewIncidentOfTheSameGroupRestoredTogetherAreBothAnnounced() {
        // found by the kill -9 fault suite: the new incident's notification went out first and overwrote the record
        // of what the group had shown firing, so the restored resolution was never announced
        Incident x = incident();
        AlertPipeline first = pipeline();
        first.opened(x);
        await().atMost(Duration.ofSeconds(10)).until(() -> announced().contains("firing " + x.id()));
        awaitIdle(first);
        first.close();

        Incident y = Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING,
                Incidents.labels("provider", "fakeoa", "model", "rl-429"), Instant.now().plusSeconds(5));
        AlertPipeline second = pipeline();
        second.resume(List.of(y), List.of(Incidents.resolve(x, Instant.now())));
        await().atMost(Duration.ofSeconds(10)).until(() -> announced().contains("firing " + y.id()));
        second.tick();
        awaitIdle(second);
        assertThat(announced()).containsExactlyInAnyOrder("firing " + x.id(), "resolved " + x.id(), "firing " + y.id());
    }

    @Test
    void anOpenIncidentAlreadyAnnouncedIsNotAnnouncedAgainAndStillGetsItsResolvedNotice() {
        Incident x = incident();
        AlertPipeline first = pipeline();
        first.opened(x);
        await().atMost(Duration.ofSeconds(10)).until(() -> announced().contains("firing " + x.id()));
        first.close();

        AlertPipeline second = pipeline();
        second.resume(List.of(x), List.of());
        second.tick();
        awaitIdle(second);
        assertThat(announced()).containsExactly("firing " + x.id());
        second.resolved(Incidents.resolve(x, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> announced().contains("resolved " + x.id()));
        assertThat(announced()).containsExactly("firing " + x.id(), "resolved " + x.id());
    }

    @Test
    void anIncidentNeverAnnouncedIsAnnouncedFromTheRestoredState() {
        Incident x = incident();
        AlertPipeline second = pipeline(); // the opening was saved, the process died before the outbox had it
        second.resume(List.of(x), List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> announced().contains("firing " + x.id()));
        Incident y = incident();
        second.resume(List.of(), List.of(Incidents.resolve(y, Instant.now()))); // never shown firing: stays quiet
        second.tick();
        awaitIdle(second);
        assertThat(announced()).containsExactly("firing " + x.id());
    }
}
