package io.gatewarden.daemon;

import io.gatewarden.act.JournalEntry;
import io.gatewarden.api.TestDaemons;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Config reload (valid, invalid, valid-but-unbuildable) and graceful shutdown, on real files and a real daemon. */
class DaemonSupervisorTest {
    @TempDir Path dir;

    private static DaemonSupervisor supervisor(TestDaemons w) {
        return new DaemonSupervisor((cfg, fromStart) -> DaemonBuilder.build(cfg, Clock.systemUTC(), fromStart), w.configFile);
    }

    @Test
    void anInvalidConfigIsRefusedWithFileLineAndKeyAndTheRunningDaemonStays() throws Exception {
        TestDaemons w = new TestDaemons(dir);
        try (DaemonSupervisor sup = supervisor(w)) {
            Daemon running = sup.start(w.config(), true);
            Files.writeString(w.configFile, w.yaml("breakers:\n  consecutive_failurez: 3\n"));

            DaemonSupervisor.ReloadResult r = sup.reload("tester");

            assertThat(r.outcome()).isEqualTo("invalid_config");
            assertThat(r.error().key()).isEqualTo("breakers.consecutive_failurez");
            List<String> lines = Files.readAllLines(w.configFile);
            assertThat(r.error().line()).isEqualTo(lines.indexOf("  consecutive_failurez: 3") + 1);
            assertThat(r.detail()).contains(w.configFile.toString()).contains("unknown key 'consecutive_failurez'");
            assertThat(sup.current()).containsSame(running);
            assertThat(running.started()).isTrue();
            JournalEntry last = running.journal().recent(1).get(0);
            assertThat(last.action()).isEqualTo(DaemonSupervisor.RELOAD);
            assertThat(last.decision()).isEqualTo("declined");
            assertThat(last.outcome()).isEqualTo("invalid_config");
            assertThat(last.by()).isEqualTo("tester");
        }
    }

    @Test
    void aValidConfigReplacesTheDaemonAndIncidentsBreakersAndCheckpointsCarryOver() throws Exception {
        TestDaemons w = new TestDaemons(dir);
        try (DaemonSupervisor sup = supervisor(w)) {
            Daemon first = sup.start(w.config(), true);
            w.append(TestDaemons.storm());
            await().atMost(Duration.ofSeconds(20)).until(() -> first.breakers().isModelOpen("fakeoa/rl-429"));
            w.append(List.of(TestDaemons.reloadApplied()));
            await().atMost(Duration.ofSeconds(10)).until(() -> first.journal().recent(50).stream().anyMatch(e -> "confirmed".equals(e.outcome())));
            Incident incident = open(first).get(0);

            // a new breaker threshold, and a state dir move that needs a restart (kept, with a note)
            Files.writeString(w.configFile, w.yaml("breakers:\n  consecutive_failures: 5\n").replace(w.state.toString(), dir.resolve("elsewhere").toString()));
            DaemonSupervisor.ReloadResult r = sup.reload("tester");

            assertThat(r.outcome()).isEqualTo("reloaded");
            assertThat(r.notes()).anyMatch(n -> n.startsWith("state_dir changed"));
            Daemon second = sup.current().orElseThrow();
            assertThat(second).isNotSameAs(first);
            assertThat(first.started()).isTrue(); // closed, not restarted
            assertThat(second.config().breakers().consecutiveFailures()).isEqualTo(5);
            assertThat(second.config().stateDir()).isEqualTo(w.state);
            assertThat(open(second)).extracting(Incident::id).containsExactly(incident.id());
            assertThat(second.breakers().isModelOpen("fakeoa/rl-429")).isTrue();
            assertThat(second.journal().recent(1).get(0).outcome()).isEqualTo("reloaded");

            w.append(TestDaemons.storm().subList(0, 3));
            await().atMost(Duration.ofSeconds(10)).until(() -> second.pipeline().stats().lines() == 3);
            assertThat(second.pipeline().stats().lines()).isEqualTo(3); // nothing read twice
        }
    }

    @Test
    void aConfigThatCannotBeBuiltGivesWayToTheOldOne() throws Exception {
        TestDaemons w = new TestDaemons(dir);
        try (DaemonSupervisor sup = supervisor(w)) {
            Daemon first = sup.start(w.config(), true);
            Files.writeString(w.configFile, w.yaml("""
                    alert:
                      receivers:
                        - name: hook
                          type: webhook
                          url_env: GW_TEST_SURELY_UNSET_URL
                    """));

            DaemonSupervisor.ReloadResult r = sup.reload("tester");

            assertThat(r.outcome()).isEqualTo("rejected");
            assertThat(r.detail()).contains("GW_TEST_SURELY_UNSET_URL");
            Daemon back = sup.current().orElseThrow();
            assertThat(back).isNotSameAs(first);
            assertThat(back.started()).isTrue();
            assertThat(back.alerts().settings().receivers()).extracting(rc -> rc.name()).containsExactly("console");
            assertThat(back.journal().recent(1).get(0).outcome()).isEqualTo("rejected");
        }
    }

    @Test
    void withoutAConfigFileReloadIsRefused() throws Exception {
        TestDaemons w = new TestDaemons(dir);
        try (DaemonSupervisor sup = new DaemonSupervisor((cfg, fs) -> DaemonBuilder.build(cfg, Clock.systemUTC(), fs), null)) {
            sup.start(w.config(), true);
            assertThat(sup.reload("x").outcome()).isEqualTo("no_config_file");
        }
    }

    /**
     * Graceful shutdown: close() saves checkpoints with the incidents they produced and leaves undelivered alerts in
     * the outbox; the next start resumes both (the receiver is a closed port on loopback, so nothing is delivered).
     */
    @Test
    void gracefulShutdownSavesCheckpointsAndIncidentsAndKeepsTheOutbox() throws Exception {
        TestDaemons w = new TestDaemons(dir);
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Files.writeString(w.configFile, w.yaml("""
                alert:
                  receivers:
                    - name: hook
                      type: webhook
                      url: http://127.0.0.1:%d/hook
                  route:
                    group_wait: 0s
                  retry: {initial: 30s, max: 1m}
                """.formatted(deadPort)));
        Path outbox = w.state.resolve("alert/outbox/hook");
        DaemonSupervisor sup = supervisor(w);
        Daemon d = sup.start(w.config(), true);
        w.append(TestDaemons.storm());
        await().atMost(Duration.ofSeconds(20)).until(() -> !open(d).isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> jsonFiles(outbox) > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> d.pipeline().stats().lines() == 30);
        String incidentId = open(d).get(0).id();

        sup.close();

        assertThat(sup.current()).isEmpty();
        assertThat(jsonFiles(outbox)).isPositive();
        assertThat(Files.readString(w.state.resolve("daemon-state.json"))).contains(incidentId).contains("checkpoints");
        try (DaemonSupervisor again = supervisor(w)) {
            Daemon d2 = again.start(w.config(), true);
            assertThat(open(d2)).extracting(Incident::id).containsExactly(incidentId);
            w.append(TestDaemons.storm().subList(0, 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> d2.pipeline().stats().lines() == 1);
            assertThat(d2.alerts().stats().receiver("hook").pending()).isPositive();
        }
    }

    private static List<Incident> open(Daemon d) {
        return d.incidents().open().stream().filter(i -> i.type() == IncidentType.PROVIDER_RATE_LIMITED).toList();
    }

    private static long jsonFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        }
    }
}
