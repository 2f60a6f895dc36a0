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
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The command and signal strategies restarting the real fake gateway process, end to end through GatewayRestarter. */
class StrategiesAgainstFakeGatewayTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final RecordingSink sink = new RecordingSink();
    private final RecordingGuard guard = new RecordingGuard();
    private final List<Long> daemons = new ArrayList<>();

    @AfterEach
    void killDaemons() {
        daemons.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private GatewayRestarter restarter(RestartSettings s) {
        return new GatewayRestarter("oc", s, RestartStrategies.create(s, new CommandRunner(), System.getenv()),
                new GatewayHealthProbe(s.healthUrl(), s.probeTimeout()),
                s.processCheckConfigured() ? new GatewayProcessFinder(s.pidfile(), s.processName()) : null,
                new RestartBudget(dir.resolve("budget.json"), s.budget(), clock), guard, sink, clock);
    }

    @Test
    void commandStrategyStartsADeadGatewayAgain() throws Exception {
        FakeGatewayProcess.Builder b = FakeGatewayProcess.builder(dir);
        try (FakeGatewayProcess first = b.start()) {
            first.awaitStarted();
            long oldPid = first.pid();
            List<String> startAgain = new ArrayList<>(b.command(first.port()));
            startAgain.add("--daemon");
            RestartSettings s = new RestartSettings("command", null, null, null, first.pidfile(), null, startAgain,
                    Duration.ofSeconds(15), null, first.baseUrl(), Duration.ofSeconds(1), 2, null,
                    Duration.ofSeconds(15), Duration.ofMillis(300), null, null, null);
            try (GatewayRestarter r = restarter(s)) {
                first.process().destroyForcibly().waitFor();

                HealthState t1 = r.tick();
                assertThat(t1.processGone()).isTrue();   // pidfile names a dead pid and /healthz failed: down at once
                assertThat(t1.decision()).isNotNull();
                RestartDecision d = t1.decision();
                assertThat(d.outcome()).as(d.reason()).isEqualTo(RestartDecision.Outcome.RESTARTED);
                assertThat(d.trigger()).isEqualTo(RestartTrigger.PROCESS_GONE);

                long newPid = Long.parseLong(Files.readString(first.pidfile()).trim());
                daemons.add(newPid);
                assertThat(newPid).isNotEqualTo(oldPid);
                assertThat(first.get("/startupz").body()).contains("\"started\"");
                assertThat(first.countLogLines("loading configuration…")).isEqualTo(2);

                assertThat(sink.of(IncidentType.GATEWAY_DOWN)).hasSize(1);
                assertThat(sink.resolvedCount(IncidentType.GATEWAY_DOWN)).isEqualTo(1);
                assertThat(sink.of(IncidentType.GATEWAY_RESTARTED)).singleElement()
                        .satisfies(sig -> assertThat(sig.severity()).isEqualTo(Severity.INFO));
                assertThat(r.tick().up()).isTrue();
                assertThat(r.status().budgetUsed()).isEqualTo(1);
            }
        }
    }

    @Test
    void signalStrategySendsSigusr2AndTheGatewayRestartsInProcess() throws Exception {
        String title = "gw" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL); // unique, <= 15 bytes
        try (FakeGatewayProcess gw = FakeGatewayProcess.builder(dir).processTitle(title).arg("--restart-delay", "0.5").start()) {
            gw.awaitStarted();
            RestartSettings s = new RestartSettings("signal", null, null, null, null, title, null, null, null,
                    gw.baseUrl(), Duration.ofSeconds(1), null, null, Duration.ofSeconds(15), Duration.ofSeconds(3), null, null, null);
            try (GatewayRestarter r = restarter(s)) {
                RestartDecision d = r.restartNow(RestartTrigger.MANUAL, "operator asked");
                assertThat(d.outcome()).as(d.reason()).isEqualTo(RestartDecision.Outcome.RESTARTED);
                assertThat(d.reason()).contains("kill -USR2 " + gw.pid());
                assertThat(gw.logContains("received SIGUSR2; restarting")).isTrue();
                assertThat(gw.countLogLines("gateway ready")).isEqualTo(2);
                assertThat(gw.process().isAlive()).isTrue(); // in-process: same PID
            }
        }
    }

    @Test
    void signalStrategyFindsTheProcessByPidfileAndFailsClearlyWhenItIsGone() throws Exception {
        try (FakeGatewayProcess gw = FakeGatewayProcess.builder(dir).start()) {
            gw.awaitStarted();
            RestartSettings s = new RestartSettings("signal", null, null, null, gw.pidfile(), null, null, null, null,
                    gw.baseUrl(), Duration.ofSeconds(1), null, null, Duration.ofSeconds(2), Duration.ofMillis(100), null, null, null);
            RestartStrategy signal = RestartStrategies.create(s, new CommandRunner(), System.getenv());
            assertThat(signal.restart().ok()).isTrue();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gw.countLogLines("gateway ready") == 2);

            gw.process().destroyForcibly().waitFor();
            RestartStrategy.Result r = signal.restart();
            assertThat(r.ok()).isFalse();
            assertThat(r.detail()).contains("is not running");
        }
    }
}
