package io.gatewarden.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewarden.act.ActionGuard;
import io.gatewarden.act.ActionJournal;
import io.gatewarden.act.RestartGuardAdapter;
import io.gatewarden.gateway.restart.GatewayRestarter;
import io.gatewarden.gateway.restart.HealthState;
import io.gatewarden.gateway.restart.RestartDecision;
import io.gatewarden.gateway.restart.RestartSettings;
import io.gatewarden.gateway.restart.RestartTrigger;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A daemon on the shipped config (restart.strategy systemd, act.dry_run true) decides restarts and journals them,
 * and never runs systemctl. The same wiring with dry-run switched off does run it, so the test can fail.
 */
class DefaultDryRunTest {
    @TempDir Path dir;

    @Test
    void theShippedConfigNeverRunsSystemctl_untilDryRunIsSwitchedOff() throws Exception {
        GatewardenConfig cfg = ConfigLoader.load(GatewardenYamlTest.SHIPPED);
        assertThat(cfg.restart().strategy()).isEqualTo("systemd");
        assertThat(cfg.act().dryRun()).isTrue();

        // a stand-in systemctl that records every call, and a gateway port nobody listens on (the gateway is "down")
        Path calls = dir.resolve("systemctl-calls");
        Path systemctl = dir.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\nexit 0\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwx------"));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RestartSettings restart = shippedRestartWith(cfg.restart(), systemctl, closedPort);

        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
        ActionJournal journal = new ActionJournal(dir.resolve(cfg.act().journal().file()), 1 << 20, clock);
        ActionGuard guard = new ActionGuard(clock, journal, cfg.act(), dir.resolve("guard.json"));
        try (GatewayRestarter restarter = GatewayRestarter.create(cfg.gateway().name(), restart, dir,
                new RestartGuardAdapter(guard), null, clock)) {
            HealthState last = null;
            for (int i = 0; i < restart.failuresBeforeDown(); i++) last = restarter.tick();
            assertThat(last.down()).isTrue();
            assertThat(last.decision().outcome()).isEqualTo(RestartDecision.Outcome.DRY_RUN);
            assertThat(last.decision().reason()).contains("would restart via systemd");

            clock.advance(restart.cooldown().plusSeconds(1));
            assertThat(restarter.restartNow(RestartTrigger.MANUAL, "an operator asked").outcome())
                    .as("a human's request is dry-run too").isEqualTo(RestartDecision.Outcome.DRY_RUN);
            assertThat(calls).as("systemctl must not have run").doesNotExist();
            assertThat(journal.readAll()).extracting(e -> e.action() + " " + e.decision() + " " + e.outcome())
                    .containsExactly("restart taken dry_run", "restart taken dry_run");

            // control: the operator opts in; the same restarter now runs systemctl
            guard.setDryRun(false);
            clock.advance(restart.cooldown().plusSeconds(1));
            RestartDecision real = restarter.restartNow(RestartTrigger.MANUAL, "an operator asked");
            assertThat(real.outcome()).as("restart ran; the gateway then did not start").isEqualTo(RestartDecision.Outcome.FAILED);
            assertThat(Files.readAllLines(calls)).containsExactly(
                    "--user show -p Result,ActiveState openclaw-gateway.service",
                    "--user restart openclaw-gateway.service");
        }
    }

    /** The shipped restart section with only the program, the health URL and the start-up wait replaced. */
    private static RestartSettings shippedRestartWith(RestartSettings shipped, Path systemctl, int port) throws Exception {
        ObjectMapper m = ConfigMapper.json();
        ObjectNode tree = m.valueToTree(shipped);
        tree.put("systemctl", systemctl.toString());
        tree.put("health_url", "http://127.0.0.1:" + port);
        tree.put("startup_timeout", "500ms"); // the control restart waits for a gateway that never comes
        tree.put("startup_settle", "0s");
        return m.treeToValue(tree, RestartSettings.class);
    }
}
