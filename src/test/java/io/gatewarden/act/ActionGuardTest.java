package io.gatewarden.act;

import io.gatewarden.gateway.restart.RestartDecision;
import io.gatewarden.gateway.restart.RestartTrigger;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActionGuardTest {
    @TempDir Path dir;
    final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");

    ActionGuard guard(ActSettings s) {
        return new ActionGuard(clock, new ActionJournal(dir.resolve("actions.jsonl"), 1 << 20, clock), s, dir.resolve("guard.json"));
    }

    static ActionGuard.Request req(String gateway, String action) {
        return new ActionGuard.Request(gateway, action, null, null, "because", "inc-9");
    }

    @Test
    void oneActionInFlightPerGateway_perActionCooldowns_andAJournalOfEveryDecision() {
        ActionGuard g = guard(new ActSettings(false, null, null, Map.of("restart", Duration.ofMinutes(5)), null, null, null));
        ActionGuard.Permit p = (ActionGuard.Permit) g.request(req("gw1", "switch_primary"));
        assertThat(g.request(req("gw1", "restart"))).isInstanceOfSatisfying(ActionGuard.Declined.class,
                d -> assertThat(d.code()).isEqualTo("in_flight"));
        assertThat(g.request(req("gw2", "restart"))).as("another gateway").isInstanceOf(ActionGuard.Permit.class);
        g.finish(p, "confirmed");
        assertThat(g.request(req("gw1", "restart"))).isInstanceOf(ActionGuard.Permit.class);
        g.finish(g.inFlight("gw1").orElseThrow(), "done");
        clock.advance(Duration.ofMinutes(4));
        assertThat(g.request(req("gw1", "restart"))).isInstanceOfSatisfying(ActionGuard.Declined.class, d -> {
            assertThat(d.code()).isEqualTo("cooldown");
            assertThat(d.retryAfter()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        });
        assertThat(g.request(req("gw1", "restart"))).isInstanceOf(ActionGuard.Declined.class); // same decline: journalled once
        clock.advance(Duration.ofMinutes(1));
        assertThat(g.request(req("gw1", "restart"))).isInstanceOf(ActionGuard.Permit.class);

        assertThat(g.journal().readAll()).extracting(e -> e.action() + " " + e.decision() + " " + e.outcome() + " " + e.gateway())
                .containsExactly("switch_primary taken started gw1", "restart declined in_flight gw1", "restart taken started gw2",
                        "restart taken started gw1", "restart declined cooldown gw1", "restart taken started gw1");
        assertThat(g.journal().readAll().get(0).incidentId()).isEqualTo("inc-9");
    }

    @Test
    void cooldownsSurviveARestart_andALostActionIsReleased() {
        ActionGuard g1 = guard(new ActSettings(false, null, null, Map.of("restart", Duration.ofMinutes(5)), Duration.ofMinutes(1), null, null));
        g1.request(req("gw", "restart"));
        ActionGuard g2 = guard(new ActSettings(false, null, null, Map.of("restart", Duration.ofMinutes(5)), Duration.ofMinutes(1), null, null));
        clock.advance(Duration.ofMinutes(2));
        assertThat(g2.request(req("gw", "restart"))).isInstanceOfSatisfying(ActionGuard.Declined.class, d -> assertThat(d.code()).isEqualTo("cooldown"));
        // g1's permit was never finished: after max_in_flight it is released
        assertThat(g1.request(req("gw", "switch_primary"))).isInstanceOf(ActionGuard.Permit.class);
        assertThat(g1.journal().readAll()).extracting(JournalEntry::outcome).contains("lost");
    }

    @Test
    void dryRunPermitsSayDryRun() {
        ActionGuard g = guard(new ActSettings(true, null, null, null, null, null, null));
        assertThat(g.request(req("gw", "switch_primary"))).isInstanceOfSatisfying(ActionGuard.Permit.class, p -> assertThat(p.dryRun()).isTrue());
        assertThat(g.journal().readAll()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("dry_run");
            assertThat(e.isDryRun()).isTrue();
        });
    }

    @Test
    void restartGuardAdapterSharesTheInFlightSlotAndTheJournal() {
        ActionGuard g = guard(ActSettings.defaults().withDryRun(false));
        RestartGuardAdapter restart = new RestartGuardAdapter(g);
        ActionGuard.Permit sw = (ActionGuard.Permit) g.request(req("gw", "switch_primary"));
        assertThat(restart.tryBegin("gw", "restart")).as("a primary switch holds the gateway").isFalse();
        g.finish(sw, "confirmed");
        assertThat(restart.tryBegin("gw", "restart")).isTrue();
        assertThat(g.request(req("gw", "switch_primary"))).isInstanceOf(ActionGuard.Declined.class);
        restart.end("gw", "restart");
        assertThat(g.inFlight("gw")).isEmpty();
        restart.journal(new RestartDecision(clock.instant(), "gw", RestartTrigger.values()[0], RestartDecision.Outcome.RESTARTED,
                "signal", "healthz failed 3 times", Duration.ofMillis(1234)));
        assertThat(g.journal().readAll()).last().satisfies(e -> {
            assertThat(e.action()).isEqualTo("restart");
            assertThat(e.decision()).isEqualTo("taken");
            assertThat(e.outcome()).isEqualTo("restarted");
            assertThat(e.latencyMs()).isEqualTo(1234L);
        });
    }
}
