package io.gatewarden.alert;

import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.gatewarden.alert.Incidents.labels;
import static org.assertj.core.api.Assertions.assertThat;

/** Group flushes and Alertmanager receivers go down one chain: what it decides holds for both. */
class NotifyChainTest {
    @TempDir Path tmp;

    @Test
    void theChainStopsAtTheFirstStageThatDoesNotPass() {
        List<String> ran = new ArrayList<>();
        NotifyStage pass = f -> { ran.add("pass"); return NotifyStage.Outcome.PASS; };
        NotifyStage stop = f -> { ran.add("stop"); return NotifyStage.Outcome.NOTHING_NEW; };
        NotifyStage never = f -> { ran.add("never"); return NotifyStage.Outcome.QUEUED; };
        NotifyChain chain = new NotifyChain(List.of(pass, stop, never));

        assertThat(chain.run(new StageParts.RecordingFlush("hook", MutableClock.at("2026-11-23T10:00:00Z").instant(), List.of())))
                .isEqualTo(NotifyStage.Outcome.NOTHING_NEW);
        assertThat(ran).containsExactly("pass", "stop");
    }

    @Test
    void aSilenceMutesAGroupFlushAndAnAlertmanagerReceiverAlikeBecauseBothRunTheSameChain() throws Exception {
        StageParts parts = new StageParts(tmp);
        AlertSettings settings = Fixture.settings("""
                receivers:
                  - {name: hook, type: webhook, url: "http://127.0.0.1:9/hook", rate_limit: {burst: 0}}
                  - {name: am, type: alertmanager, url: "http://127.0.0.1:9/am"}
                route:
                  receiver: hook
                  group_wait: 30s
                  routes:
                    - {receiver: am, continue: true}
                    - {receiver: hook}
                """);
        SilenceStore silences = parts.silences();
        MuteStage mute = new MuteStage(silences, new Inhibitor(settings.inhibitRules()));
        Outbox outbox = parts.outbox("hook", "am");
        List<String> entered = new ArrayList<>();
        NotifyStage recorder = f -> { entered.add(f.receiver); return NotifyStage.Outcome.PASS; };
        NotifyChain chain = new NotifyChain(List.of(recorder, mute, new DedupStage(),
                new RateLimitStage(settings.receivers(), parts.clock.instant()),
                new EnqueueStage(outbox, settings.tickInterval(), r -> {}, parts.log)));
        Dispatcher dispatcher = new Dispatcher(settings, new RouteTree(settings.route(), Set.of("hook", "am")), mute, chain,
                parts.nflog(), outbox, new AlertViews(settings, AlertContext.NONE, parts.log), parts.clock, parts.log);
        Silence s = silences.add(new NewSilence(List.of("provider=anthropic"), null, null, Duration.ofHours(1), "test", "maintenance"));

        dispatcher.onIncident(Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING,
                labels("provider", "anthropic"), parts.clock.instant()));
        parts.clock.advance(Duration.ofSeconds(30));
        dispatcher.runDue();

        assertThat(entered).containsExactlyInAnyOrder("hook", "am");
        assertThat(mute.muted.get()).isEqualTo(2);
        assertThat(outbox.queue("hook").size()).isZero();
        assertThat(outbox.queue("am").size()).isZero();

        silences.expire(s.id());
        entered.clear();
        parts.clock.advance(Duration.ofMinutes(5)); // group_interval
        dispatcher.runDue();

        assertThat(entered).containsExactlyInAnyOrder("hook", "am");
        assertThat(outbox.queue("hook").size()).isEqualTo(1);
        assertThat(outbox.queue("am").size()).isEqualTo(1);
    }
}
