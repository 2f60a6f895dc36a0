package io.gatewarden.gateway.restart;

import io.gatewarden.command.CommandRunner;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.gatewarden.gateway.restart.RestartDecision.Outcome.DECLINED_BUDGET;
import static io.gatewarden.gateway.restart.RestartDecision.Outcome.RESTARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restart budget against a real gateway process that dies over and over. Scaled down: the fake gateway
 * dies 1.5 s after each start ("every 10 s" in the issue), and each health round moves the test clock by 1 s,
 * so a death is noticed after a few rounds and three restarts fit well inside the 15-minute window.
 */
class RestartBudgetLoopTest {
    private static final String STARTED = "loading configuration…";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final RecordingSink sink = new RecordingSink();
    private final RecordingGuard guard = new RecordingGuard();
    private Path pidfile;

    @AfterEach
    void killLastGateway() throws Exception {
        if (pidfile != null && Files.exists(pidfile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidfile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private long performed() {
        return guard.journal.stream().filter(d -> d.outcome().acted()).count();
    }

    @Test
    void exactlyNRestartsThenARestartLoopIncidentAndNothingMoreUntilAHumanResets() throws Exception {
        FakeGatewayProcess.Builder b = FakeGatewayProcess.builder(dir).dieAfter(1.5, true);
        try (FakeGatewayProcess first = b.start()) {
            pidfile = first.pidfile();
            List<String> startAgain = new ArrayList<>(b.command(first.port()));
            startAgain.add("--daemon");
            RestartSettings s = new RestartSettings("command", null, null, null, null, null, startAgain,
                    Duration.ofSeconds(15), null, first.baseUrl(), Duration.ofSeconds(1), 2, Duration.ofSeconds(1),
                    Duration.ofSeconds(15), Duration.ofMillis(200),
                    new RestartSettings.BudgetSettings(3, Duration.ofMinutes(15)), Duration.ofSeconds(5), null);
            Path budgetFile = dir.resolve("restart-budget.json");
            try (GatewayRestarter r = new GatewayRestarter("oc", s,
                    RestartStrategies.create(s, new CommandRunner(), System.getenv()),
                    new GatewayHealthProbe(s.healthUrl(), s.probeTimeout()), null,
                    new RestartBudget(budgetFile, s.budget(), clock), guard, sink, clock)) {

                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    clock.advance(Duration.ofSeconds(1));
                    r.tick();
                    return r.status().tripped();
                });
                assertThat(performed()).isEqualTo(3); // restarted, or (on a very slow machine) failed to see it start
                assertThat(guard.count(RESTARTED)).isPositive();
                assertThat(first.countLogLines(STARTED)).isEqualTo(4); // the first start and three restarts
                assertThat(first.countLogLines("[openclaw] OpenClaw hit an unexpected runtime error.")).isEqualTo(4);
                assertThat(guard.count(DECLINED_BUDGET)).isEqualTo(1);
                assertThat(sink.of(IncidentType.GATEWAY_RESTARTED)).hasSize(3);
                assertThat(sink.of(IncidentType.GATEWAY_RESTART_LOOP)).isNotEmpty()
                        .allSatisfy(sig -> assertThat(sig.severity()).isEqualTo(Severity.CRITICAL));

                // The gateway stays dead; more rounds, even long after the window, restart nothing.
                for (int i = 0; i < 10; i++) {
                    clock.advance(Duration.ofMinutes(10));
                    HealthState h = r.tick();
                    assertThat(h.down()).isTrue();
                    assertThat(h.decision().outcome()).isEqualTo(DECLINED_BUDGET);
                }
                assertThat(first.countLogLines(STARTED)).isEqualTo(4);
                assertThat(performed()).isEqualTo(3);
                assertThat(guard.count(DECLINED_BUDGET)).isEqualTo(1); // declines are journalled once, not per round
                assertThat(sink.of(IncidentType.GATEWAY_RESTART_LOOP).stream().map(sig -> sig.occurrenceKey()).distinct())
                        .hasSize(1); // one episode, extended by every round

                // A gatewarden restart does not forget the loop.
                assertThat(new RestartBudget(budgetFile, s.budget(), clock).tripped()).isTrue();

                r.resetBudget("alice");
                assertThat(sink.resolvedCount(IncidentType.GATEWAY_RESTART_LOOP)).isEqualTo(1);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    clock.advance(Duration.ofSeconds(1));
                    r.tick();
                    return performed() == 4;
                });
                assertThat(first.countLogLines(STARTED)).isEqualTo(5);
            }
        }
    }
}
