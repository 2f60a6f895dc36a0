package io.gatewarden.act;

import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.lint.ChainLinter;
import io.gatewarden.lint.LintSettings;
import io.gatewarden.pipeline.EventPipeline;
import io.gatewarden.pipeline.Pipelines;
import io.gatewarden.run.Run;
import io.gatewarden.time.EventClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Capture 15 of the real gateway (fixtures README: one session whose transcript every model rejects with the 400
 * {@code tool_use_id}, five runs, each walking m-a → m-b → m-c) through the real pipeline, wired to the spend guard the
 * way the daemon wires it: the run model's request stream, the incident tracker's episodes, the reload lines. The
 * capture's providers are all on loopback, so {@code fakeanth2} is declared paid ({@code lint.paid_providers}).
 */
class SpendGuardOnRealCaptureTest {
    static final Path LOG = Path.of("src/test/resources/fixtures/openclaw/logs/15-session-rejected-every-run.info.jsonl");
    static final Path CONFIG = Path.of("src/test/resources/fixtures/openclaw/configs/15-session-rejected-every-run-openclaw.json");

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(SpendSettings.Mode.class)
    void theLoopingSessionFallsThroughToThePaidRung_andTheGuardActsOnlyWhereItChangesSomething(SpendSettings.Mode mode) throws Exception {
        Path config = dir.resolve("openclaw.json");
        Files.copy(CONFIG, config);
        String original = Files.readString(config);
        GatewardenConfig cfg = GatewardenConfig.defaults();
        EventClock clock = new EventClock(Instant.EPOCH);
        IncidentTracker tracker = new IncidentTracker(cfg.incidents(), clock);
        EventPipeline pipeline = Pipelines.create(cfg.pipeline(), clock, tracker);

        ActSettings act = new ActSettings(false, "gw", null, null, null, null, null,
                new SpendSettings(null, mode, null, null, null, Duration.ZERO, null, Duration.ZERO));
        ActionJournal journal = new ActionJournal(dir.resolve("actions.jsonl"), 1 << 20, clock);
        ActionGuard guard = new ActionGuard(clock, journal, act, null);
        GatewayConfigWriter writer = new GatewayConfigWriter(config, journal, clock, 3, null);
        LintSettings lint = new LintSettings(null, null, null, null, null, null, null, null, null, null, null, null,
                List.of("fakeanth2"), null);
        SpendGuard spend = new SpendGuard("gw", writer, guard, act.spendGuard(), new ChainLinter(lint), clock, dir.resolve("spend-guard.json"));
        List<ActionOutcome> outcomes = new ArrayList<>();
        spend.addListener(outcomes::add);
        // as daemon.Daemon wires it
        tracker.addListener(spend);
        spend.setRequestedModelOfRun(id -> {
            Run r = pipeline.runModel().run(id);
            return r == null ? null : r.requestedModel();
        });
        pipeline.addRequestListener(spend::onRequest);
        pipeline.addEventListener(spend::onEvent);

        for (String line : Files.readAllLines(LOG)) {
            pipeline.acceptLine(line);
            spend.tick();
        }

        assertThat(spend.paidCalls()).as("every run sent m-c one request: five paid calls")
                .singleElement().satisfies(u -> assertThat(u.calls()).isEqualTo(5));
        assertThat(spend.status().lastPaidFallthrough()).contains("fakeanth2/m-c", "after starting on fakeanth/m-a");
        if (mode == SpendSettings.Mode.BEHIND) {
            // the paid rung is already last: moving it changes nothing, and nothing is written
            assertThat(Files.readString(config)).isEqualTo(original);
            assertThat(journal.readAll()).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("spend_guard");
                assertThat(e.outcome()).isEqualTo("nothing_to_change");
            });
            assertThat(outcomes).isEmpty();
        } else {
            JournalEntry written = journal.readAll().stream().filter(e -> "spend_guard".equals(e.action()) && "written".equals(e.outcome()))
                    .findFirst().orElseThrow();
            assertThat(written.changes()).singleElement().satisfies(c -> {
                assertThat(c.path()).isEqualTo("agents.defaults.model.fallbacks");
                assertThat(c.after().toString()).isEqualTo("[\"fakeanth/m-b\"]");
            });
            JournalEntry taken = journal.readAll().stream().filter(e -> "spend_guard".equals(e.action()) && "taken".equals(e.decision()))
                    .findFirst().orElseThrow();
            assertThat(taken.reason()).contains("is open and runs fall through to paid rungs", "fakeanth2/m-c");
            // the capture's gateway never saw our write, so no hot-reload line confirms it: after confirm_timeout (10 s
            // of log time) the backup goes back, byte for byte, and the guard holds off instead of writing again
            assertThat(outcomes).extracting(ActionOutcome::outcome).containsExactly("written", "rolled_back");
            assertThat(Files.readString(config)).isEqualTo(original);
        }
    }
}
