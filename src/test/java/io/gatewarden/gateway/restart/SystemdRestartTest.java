package io.gatewarden.gateway.restart;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.gatewarden.command.CommandRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the systemd strategy against a fake systemctl on PATH that records its arguments and keeps unit state. */
class SystemdRestartTest {
    private static final String FAKE_SYSTEMCTL = """
            #!/bin/sh
            echo "$*" >> "$FAKE_SYSTEMCTL_LOG"
            case "$*" in
              *" show "*)
                if [ -f "$FAKE_SYSTEMCTL_STATE/start-limit-hit" ]; then
                  printf 'Result=start-limit-hit\\nActiveState=failed\\n'
                else
                  printf 'Result=success\\nActiveState=active\\n'
                fi ;;
              *" reset-failed "*) rm -f "$FAKE_SYSTEMCTL_STATE/start-limit-hit" ;;
              *" restart "*)
                if [ -f "$FAKE_SYSTEMCTL_STATE/restart-fails" ]; then
                  echo "Failed to restart $3: Unit $3 not found." >&2
                  exit 1
                fi
                if [ -f "$FAKE_SYSTEMCTL_STATE/start-limit-hit" ]; then
                  echo "Job for $3 failed. Start request repeated too quickly." >&2
                  exit 1
                fi ;;
            esac
            exit 0
            """;

    @TempDir
    Path dir;

    private Path calls;
    private Path state;
    private CommandRunner runner;

    @BeforeEach
    void fakeSystemctlOnPath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        state = Files.createDirectories(dir.resolve("state"));
        calls = dir.resolve("calls.log");
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, FAKE_SYSTEMCTL);
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        runner = new CommandRunner(Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "FAKE_SYSTEMCTL_LOG", calls.toString(), "FAKE_SYSTEMCTL_STATE", state.toString()));
    }

    @Test
    void resetsTheStartLimitBeforeRestarting() throws Exception {
        Files.createFile(state.resolve("start-limit-hit"));
        RestartStrategy.Result r = new SystemdRestart("systemctl", true, "openclaw-gateway.service", runner, Duration.ofSeconds(5)).restart();
        assertThat(r.ok()).as(r.detail()).isTrue();
        assertThat(Files.readAllLines(calls)).containsExactly(
                "--user show -p Result,ActiveState openclaw-gateway.service",
                "--user reset-failed openclaw-gateway.service",
                "--user restart openclaw-gateway.service");
        assertThat(r.detail()).contains("start limit");
    }

    @Test
    void restartsDirectlyWhenTheUnitIsNotAtItsLimit() throws Exception {
        RestartStrategy.Result r = new SystemdRestart("systemctl", false, "openclaw-gateway.service", runner, Duration.ofSeconds(5)).restart();
        assertThat(r.ok()).isTrue();
        assertThat(Files.readAllLines(calls)).containsExactly(
                "show -p Result,ActiveState openclaw-gateway.service",
                "restart openclaw-gateway.service");
    }

    @Test
    void aFailedRestartIsReportedWithItsOutput() throws Exception {
        Files.createFile(state.resolve("restart-fails"));
        RestartStrategy.Result r = new SystemdRestart("systemctl", true, "openclaw-gateway.service", runner, Duration.ofSeconds(5)).restart();
        assertThat(r.ok()).isFalse();
        assertThat(r.detail()).contains("exit 1").contains("Failed to restart openclaw-gateway.service");
    }

    @Test
    void readsTheStartLimitFromShowOutput() {
        assertThat(SystemdRestart.startLimitHit("Result=start-limit-hit\nActiveState=failed\n")).isTrue();
        assertThat(SystemdRestart.startLimitHit("ActiveState=failed\nResult=exit-code\n")).isFalse();
    }
}
