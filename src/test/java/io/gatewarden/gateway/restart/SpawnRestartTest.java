package io.gatewarden.gateway.restart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.gatewarden.command.CommandRunner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spawn strategy against a real foreground gateway process (the fake gateway, in the foreground the way
 * {@code openclaw gateway run} runs). Found by the end-to-end test: the command strategy waits for its command to
 * exit, so a foreground {@code openclaw gateway run} hit command_timeout and was killed with it.
 */
class SpawnRestartTest {
    @TempDir
    Path dir;

    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killWhatWeStarted() {
        for (long pid : started) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private List<String> foregroundGateway(int port) {
        return List.of("python3", FakeGatewayProcess.SCRIPT.toString(), "--port", String.valueOf(port),
                "--log", dir.resolve("gateway.log").toString(), "--startup-delay", "0.3");
    }

    @Test
    void startsAForegroundGatewayAndLeavesItRunning() throws Exception {
        int port = freePort();
        Path pidfile = dir.resolve("run/gateway.pid");
        Files.createDirectories(pidfile.getParent());
        SpawnRestart spawn = new SpawnRestart(foregroundGateway(port), dir.resolve("state/gateway-console.out"), pidfile,
                Duration.ofMillis(500));

        long t0 = System.nanoTime();
        RestartStrategy.Result r = spawn.restart();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.ok()).as(r.detail()).isTrue();
        long pid = Long.parseLong(Files.readString(pidfile).strip());
        started.add(pid);
        assertThat(r.detail()).contains("running as pid " + pid);
        assertThat(took).isLessThan(Duration.ofSeconds(5)); // it did not wait for the gateway to exit
        GatewayHealthProbe.Result up = new GatewayHealthProbe("http://127.0.0.1:" + port, Duration.ofSeconds(2))
                .awaitStarted(Duration.ofSeconds(20), Duration.ZERO, Duration.ofMillis(100));
        assertThat(up.ok()).as(up.detail()).isTrue();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(dir.resolve("state/gateway-console.out")).exists();
    }

    @Test
    void aCommandThatDiesAtOnceFailsWithItsOutput() {
        SpawnRestart spawn = new SpawnRestart(List.of("sh", "-c", "echo 'port 18789 already in use' >&2; exit 3"),
                dir.resolve("gateway-console.out"), null, Duration.ofSeconds(5));

        RestartStrategy.Result r = spawn.restart();

        assertThat(r.ok()).isFalse();
        assertThat(r.detail()).contains("exited 3").contains("port 18789 already in use");
    }

    @Test
    void aLauncherThatExitsZeroIsSuccess() {
        SpawnRestart spawn = new SpawnRestart(List.of("true"), dir.resolve("gateway-console.out"), null, Duration.ofSeconds(5));

        assertThat(spawn.restart().ok()).isTrue();
    }

    @Test
    void aMissingProgramFails() {
        SpawnRestart spawn = new SpawnRestart(List.of("/nonexistent/openclaw", "gateway", "run"),
                dir.resolve("gateway-console.out"), null, Duration.ofSeconds(1));

        RestartStrategy.Result r = spawn.restart();

        assertThat(r.ok()).isFalse();
        assertThat(r.detail()).contains("could not start");
    }

    /** Why spawn exists: the command strategy treats a foreground gateway as a hung command and kills it. */
    @Test
    void theCommandStrategyKillsAForegroundGatewayAtItsTimeout() throws Exception {
        int port = freePort();
        CommandRestart command = new CommandRestart(foregroundGateway(port), new CommandRunner(), Duration.ofSeconds(2));

        RestartStrategy.Result r = command.restart();

        assertThat(r.ok()).isFalse();
        assertThat(r.detail()).contains("timed out");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                !new GatewayHealthProbe("http://127.0.0.1:" + port, Duration.ofMillis(500)).healthz().ok());
    }

    @Test
    void theSettingsAcceptSpawnAndTheFactoryBuildsIt() {
        RestartSettings s = RestartSettings.defaults().withStrategy("spawn");

        RestartStrategy strategy = RestartStrategies.create(s, new CommandRunner(), java.util.Map.of(), dir);

        assertThat(Optional.ofNullable(strategy).map(RestartStrategy::name)).contains("spawn");
    }
}
