package io.gatewarden.faults;

import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.daemon.Daemon;
import io.gatewarden.daemon.DaemonBuilder;
import io.gatewarden.daemon.DaemonStateStore;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real daemon (plain Java, wall clock) on a state dir that fills up or turns read-only mid-run, while log lines
 * keep arriving: detection goes on, incidents still open and their alerts still reach a local webhook, a
 * {@code state_unwritable} self-alert goes out through the same pipeline, nothing held in memory is lost, the save is
 * retried once a tick (not in a loop) with the log rate-limited, and once the dir takes writes again everything is
 * persisted and the self-alert resolves.
 */
class StateDirUnwritableTest {
    @TempDir Path dir;
    private StateDirFault fault;
    private final List<LogRecord> stateLog = new CopyOnWriteArrayList<>();
    private final Logger storeLogger = Logger.getLogger(DaemonStateStore.class.getName());
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { stateLog.add(r); }
        @Override public void flush() {}
        @Override public void close() {}
    };

    @AfterEach
    void tearDown() {
        storeLogger.removeHandler(capture);
        if (fault != null) fault.close();
    }

    @ParameterizedTest
    @EnumSource(StateDirFault.Kind.class)
    void detectionAndAlertsGoOnTheDaemonSaysSoAndRecovers(StateDirFault.Kind kind) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = Files.createFile(logs.resolve("openclaw-2026-11-23.log"));
        Path state = dir.resolve("state");
        fault = StateDirFault.of(kind, state);
        storeLogger.addHandler(capture);
        try (WebhookReceiver hook = new WebhookReceiver()) {
            GatewardenConfig cfg = ConfigLoader.parse("""
                    state_dir: %s
                    gateway: {name: lab, config_file: %s}
                    tail: {paths: ["%s/openclaw-*.log"], poll_interval: 50ms}
                    restart: {strategy: none, probe_interval: 1h}
                    collect: {enabled: false}
                    alert:
                      receivers:
                        - {name: hook, type: webhook, url: %s, timeout: 2s, rate_limit: {burst: 0}}
                      route: {receiver: hook, group_by: ['...'], group_wait: 0s, group_interval: 1s}
                      retry: {initial: 100ms, max: 500ms}
                    """.formatted(state, dir.resolve("no-openclaw.json"), logs, hook.url()), "faults.yaml");
            Path stateFile = state.resolve("daemon-state.json");
            List<String> storm = LiveLog.rateLimitStorm();

            try (Daemon d = DaemonBuilder.build(cfg, Clock.systemUTC(), false)) {
                d.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(stateFile));

                fault.inject();
                long brokenAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(10)).until(() -> open(d, IncidentType.STATE_UNWRITABLE).size() == 1);
                Incident self = open(d, IncidentType.STATE_UNWRITABLE).get(0);
                assertThat(self.severity()).isEqualTo(Severity.WARNING);
                assertThat(self.labels()).containsEntry("path", state.toAbsolutePath().toString()).containsEntry("gateway", "lab");
                if (fault.reason() != null) assertThat(self.summary()).as(fault.describe()).contains(fault.reason());
                assertThat(d.stateStore().lastError()).isNotBlank();
                // the self-alert goes out although the outbox cannot be written
                await().atMost(Duration.ofSeconds(10)).until(() -> !hook.bodiesWith("state_unwritable", "firing").isEmpty());

                // detection goes on: a 429 storm still opens its incident, and its alert still goes out
                LiveLog.append(log, storm);
                await().atMost(Duration.ofSeconds(10)).until(() -> open(d, IncidentType.PROVIDER_RATE_LIMITED).size() == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> !hook.bodiesWith("provider_rate_limited", "rl-429").isEmpty());
                await().atMost(Duration.ofSeconds(5)).until(() -> d.pipeline().stats().lines() == storm.size());
                assertThat(d.breakers().isModelOpen("fakeoa/rl-429")).as("breakers are fed too").isTrue();

                // retried once a tick, not in a loop; the same error is logged once, not every second
                await().atMost(Duration.ofSeconds(10)).until(() -> d.stateStore().failures() >= 4);
                double seconds = (System.nanoTime() - brokenAt) / 1e9;
                long failures = d.stateStore().failures();
                assertThat(failures).isBetween(1L, (long) seconds + 3);
                long warnings = stateLog.stream().filter(r -> r.getLevel() == Level.WARNING).count();
                assertThat(warnings).as("state-save warnings over %d failures", failures).isLessThanOrEqualTo(2);
                assertThat(Files.exists(stateFile) ? Files.readString(stateFile) : "").doesNotContain("provider_rate_limited");

                fault.heal();
                await().atMost(Duration.ofSeconds(10)).until(() -> open(d, IncidentType.STATE_UNWRITABLE).isEmpty());
                assertThat(d.stateStore().lastError()).isNull();
                await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(stateFile).contains("provider_rate_limited"));
                await().atMost(Duration.ofSeconds(10)).until(() -> !hook.bodiesWith("state_unwritable", "resolved").isEmpty());
                assertThat(stateLog).anySatisfy(r -> assertThat(r.getMessage()).contains("writable again"));
                assertThat(open(d, IncidentType.PROVIDER_RATE_LIMITED)).hasSize(1);
            }

            // what was held in memory during the outage is on disk now: a restart resumes from it
            try (Daemon again = DaemonBuilder.build(cfg, Clock.systemUTC(), false)) {
                again.start();
                assertThat(open(again, IncidentType.PROVIDER_RATE_LIMITED)).hasSize(1);
                assertThat(open(again, IncidentType.STATE_UNWRITABLE)).isEmpty();
                LiveLog.append(log, storm.subList(0, 3));
                await().atMost(Duration.ofSeconds(10)).until(() -> again.pipeline().stats().lines() == 3);
            }
        }
    }

    private static List<Incident> open(Daemon d, IncidentType type) {
        return d.incidents().open().stream().filter(i -> i.type() == type).toList();
    }
}
