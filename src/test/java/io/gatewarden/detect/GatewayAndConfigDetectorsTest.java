package io.gatewarden.detect;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.Severity;
import io.gatewarden.parse.EventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.gatewarden.incident.IncidentType.CONFIG_RELOAD_FAILED;
import static io.gatewarden.incident.IncidentType.CONTEXT_OVERFLOW;
import static io.gatewarden.incident.IncidentType.GATEWAY_CRASHED;
import static io.gatewarden.incident.IncidentType.GATEWAY_DOWN;
import static io.gatewarden.incident.IncidentType.GATEWAY_RESTARTED;
import static io.gatewarden.incident.IncidentType.REQUEST_REJECTED;
import static io.gatewarden.parse.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Gateway lifecycle, config reloads, context overflow and rejected requests. */
class GatewayAndConfigDetectorsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:17:12.790Z");

    /** Fixture 10: SIGUSR2, clean shutdown, in-process restart, ready 10.5 s later. */
    private static void sigusr2Restart(Harness h, Instant t0) {
        h.feed(Ev.of(GATEWAY_RESTARTING).at(t0).level(3).detail("received SIGUSR2; restarting"));
        h.feed(Ev.of(GATEWAY_STOPPED).at(t0.plusMillis(435)).level(3).detail("shutdown completed cleanly in 419ms"));
        h.feed(Ev.of(GATEWAY_READY).at(t0.plusMillis(10_506)).level(3));
    }

    @Test
    void aSigusr2RestartIsOneInfoIncidentAndNotDowntime() {
        Harness h = new Harness();
        sigusr2Restart(h, T0);
        h.tick(T0.plusSeconds(120));
        assertThat(h.all(GATEWAY_RESTARTED)).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(Severity.INFO);
            assertThat(i.occurrences()).isEqualTo(1);
            assertThat(i.summary()).isEqualTo("the gateway is restarting (received SIGUSR2; restarting)");
        });
        assertThat(h.all(GATEWAY_DOWN)).isEmpty();
        // a second restart a minute later is the same episode, counted twice
        sigusr2Restart(h, T0.plusSeconds(60));
        assertThat(h.all(GATEWAY_RESTARTED)).singleElement().extracting(Incident::occurrences).isEqualTo(2L);
    }

    @Test
    void aStopWithoutAStartIsDownAfterTheConfiguredTimeAndResolvedByTheNextStart() {
        Harness h = new Harness();
        Instant stop = Instant.parse("2026-11-23T12:23:17.682Z");
        h.feed(Ev.of(GATEWAY_STOPPING).at(stop).level(3).detail("received SIGTERM; shutting down"));
        h.feed(Ev.of(GATEWAY_STOPPED).at(stop.plusMillis(293)).level(3).detail("shutdown completed cleanly in 284ms"));
        h.tick(stop.plusSeconds(59));
        assertThat(h.all(GATEWAY_DOWN)).isEmpty();
        h.tick(stop.plusSeconds(61));
        Incident down = h.open(GATEWAY_DOWN).get(0);
        assertThat(down.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(down.startsAt()).isEqualTo(stop.plusSeconds(61));
        assertThat(down.summary()).startsWith("the gateway is down: shutting down (received SIGTERM; shutting down) at 2026-11-23T12:23:17.682Z");
        assertThat(down.evidence()).isNotEmpty();
        // ticks keep it open past the quiet period while the gateway stays down
        for (int m = 1; m <= 20; m++) h.tick(stop.plus(Duration.ofMinutes(m)));
        assertThat(h.open(GATEWAY_DOWN)).hasSize(1);
        assertThat(h.open(GATEWAY_DOWN).get(0).occurrences()).isEqualTo(1);

        Instant start = stop.plus(Duration.ofMinutes(21));
        h.feed(Ev.of(GATEWAY_STARTING).at(start).level(3).detail("loading configuration…"));
        h.feed(Ev.of(GATEWAY_READY).at(start.plusSeconds(16)).level(3));
        assertThat(h.open(GATEWAY_DOWN)).isEmpty();
        Incident resolved = h.all(GATEWAY_DOWN).get(0);
        assertThat(resolved.endsAt()).isEqualTo(start);
        assertThat(resolved.evidence()).last().isEqualTo("resolved: the gateway is starting again");
        assertThat(h.all(GATEWAY_RESTARTED)).singleElement().satisfies(i ->
                assertThat(i.summary()).isEqualTo("the gateway started again after it stopped at 2026-11-23T12:23:17.682Z"));
    }

    @Test
    void downAfterIsConfigurableAndAlsoCheckedOnLaterLines() {
        DetectSettings s = new DetectSettings(null, null, null, null, null, null, null, null, null, null, null, null, null,
                new DetectSettings.Gateway(null, Duration.ofSeconds(10), null));
        Harness h = new Harness(s, io.gatewarden.incident.IncidentSettings.defaults());
        h.feed(Ev.of(GATEWAY_STOPPING).at(T0));
        h.feed(Ev.of(GENERIC).at(T0.plusSeconds(11)).detail("a CLI line while the gateway is away"));
        assertThat(h.open(GATEWAY_DOWN)).hasSize(1);
    }

    @Test
    void crashLinesCloseTogetherAreOneCrash() {
        Harness h = new Harness();
        h.feed(Ev.of(EventType.GATEWAY_CRASHED).at(T0).level(6).detail("[openclaw] OpenClaw hit an unexpected runtime error."));
        h.feed(Ev.of(EventType.GATEWAY_CRASHED).at(T0.plusSeconds(1)).level(6).detail("TypeError: cannot read properties of undefined"));
        h.feed(Ev.of(EventType.GATEWAY_CRASHED).at(T0.plusSeconds(120)).level(6).detail("[openclaw] OpenClaw hit an unexpected runtime error."));
        assertThat(h.all(GATEWAY_CRASHED)).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(i.occurrences()).isEqualTo(2);
        });
        // a start after the crash is a restart
        h.feed(Ev.of(GATEWAY_STARTING).at(T0.plusSeconds(125)));
        assertThat(h.all(GATEWAY_RESTARTED)).hasSize(1);
        assertThat(h.all(GATEWAY_DOWN)).isEmpty();
    }

    @Test
    void theFirstStartAfterGatewardenStartsIsNotARestart() {
        Harness h = new Harness();
        h.feed(Ev.of(GATEWAY_STARTING).at(T0), Ev.of(GATEWAY_READY).at(T0.plusSeconds(16)));
        assertThat(h.tracker.open()).isEmpty();
    }

    @Test
    void skippedReloadsAreOneEpisodeResolvedByTheNextAppliedReload() {
        Harness h = new Harness();
        Instant t = Instant.parse("2026-11-23T12:17:58.475Z");
        h.feed(Ev.of(CONFIG_RELOAD_SKIPPED).at(t).detail("agents.defaults.model: Unrecognized key: \"bogusKey\""));
        h.feed(Ev.of(CONFIG_RELOAD_SKIPPED).at(t.plusMillis(7785)).detail(": JSON5 parse failed: SyntaxError: JSON5: invalid end of input at 1:33"));
        Incident open = h.open(CONFIG_RELOAD_FAILED).get(0);
        assertThat(open.occurrences()).isEqualTo(2);
        assertThat(open.labels()).isEmpty();
        assertThat(open.summary()).startsWith("config reload skipped, the gateway keeps its previous config: : JSON5 parse failed");
        // quiet for an hour is not enough to call a broken config fixed... but the default 1h does end it
        h.tick(t.plus(Duration.ofMinutes(30)));
        assertThat(h.open(CONFIG_RELOAD_FAILED)).hasSize(1);
        h.feed(Ev.of(CONFIG_RELOAD_APPLIED).at(t.plus(Duration.ofMinutes(31))).detail("agents.defaults.model.primary"));
        assertThat(h.open(CONFIG_RELOAD_FAILED)).isEmpty();
        assertThat(h.all(CONFIG_RELOAD_FAILED).get(0).evidence()).last()
                .isEqualTo("resolved: config hot reload applied (agents.defaults.model.primary)");
        h.feed(Ev.of(CONFIG_RELOAD_SKIPPED).at(t.plus(Duration.ofMinutes(40))).detail("bad again"));
        assertThat(h.all(CONFIG_RELOAD_FAILED)).hasSize(2).extracting(Incident::id).doesNotHaveDuplicates();
    }

    @Test
    void fixture07ContextOverflowIsOneOccurrenceOfOneRun() {
        Harness h = new Harness();
        Instant t = Instant.parse("2026-11-23T12:10:46.526Z");
        String run = "f2d2bb72-dd60-481b-b1e7-ed74b5e7bcfd";
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(t).run(run).ref("fakeanth/ctx-400").reason("context_overflow").status(400)
                .detail("Context overflow: prompt too large for the model."));
        h.feed(Ev.of(EventType.CONTEXT_OVERFLOW).at(t.plusMillis(39)).ref("fakeanth/ctx-400").attr("attempt", 1).attr("of", 3)
                .detail("context overflow detected (attempt 1/3); attempting auto-compaction for fakeanth/ctx-400"));
        h.feed(Ev.of(EventType.CONTEXT_OVERFLOW).at(t.plusMillis(227)).level(3)
                .detail("Context overflow: prompt too large for the model. Try /reset (or /new) to start a fresh session"));
        assertThat(h.all(CONTEXT_OVERFLOW)).singleElement().satisfies(i -> {
            assertThat(i.occurrences()).isEqualTo(1);
            assertThat(i.labels()).isEqualTo(Map.of("provider", "fakeanth", "model", "ctx-400"));
            assertThat(i.summary()).isEqualTo("a session overflowed the context window of fakeanth/ctx-400 (run f2d2bb72)");
        });
        assertThat(h.all(io.gatewarden.incident.IncidentType.ERROR_LOOP)).isEmpty();
    }

    @Test
    void contextOverflowIsPerSessionWhenTheSessionIsKnown() {
        Harness h = new Harness();
        h.feed(Ev.of(FALLBACK_CANDIDATE_FAILED).at(T0).run("r1").session("lab-s5").ref("a/b").reason("timeout").status(504));
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0.plusSeconds(1)).run("r1").ref("fakeanth/ctx-400").reason("context_overflow"));
        h.feed(Ev.of(EventType.CONTEXT_OVERFLOW).at(T0.plusSeconds(2)).session("lab-s6").detail("context overflow detected"));
        assertThat(h.all(CONTEXT_OVERFLOW)).extracting(i -> i.labels().get("session")).containsExactlyInAnyOrder("lab-s5", "lab-s6");
    }

    @Test
    void fixture08FormatErrorIsARejectedRequest() {
        Harness h = new Harness();
        Instant t = Instant.parse("2026-11-23T12:11:01.070Z");
        String run = "7efde0cc-3f79-4163-9aee-481409ec01e5";
        String preview = "400: {\"error\":{\"message\":\"messages.1.content.0: unexpected `tool_use_id` found in `tool_result` blocks";
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(t).run(run).ref("fakeanth/tooluse-400").reason("format").status(400)
                .detail("LLM request failed: provider rejected the request schema or tool payload."));
        h.feed(Ev.of(RUN_FAILOVER_DECISION).at(t.plusMillis(37)).run(run).ref("fakeanth/tooluse-400").reason("format").status(400).detail(preview));
        h.feed(Ev.of(FALLBACK_CANDIDATE_FAILED).at(t.plusMillis(79)).run(run).ref("fakeanth/tooluse-400").reason("format").status(400).detail(preview));
        h.feed(Ev.of(FALLBACK_CANDIDATE_SUCCEEDED).at(t.plusMillis(1262)).run(run).ref("fakeanth/ok"));
        assertThat(h.all(REQUEST_REJECTED)).singleElement().satisfies(i -> {
            assertThat(i.occurrences()).isEqualTo(1);
            assertThat(i.labels()).isEqualTo(Map.of("provider", "fakeanth", "model", "tooluse-400"));
            assertThat(i.summary()).startsWith("fakeanth/tooluse-400 rejected the request (format, 400) in run 7efde0cc: 400: {\"error\"");
        });
        assertThat(h.all(io.gatewarden.incident.IncidentType.FALLBACK_SKIPPED)).isEmpty();
    }
}
