package io.gatewarden.gateway.restart;

import io.gatewarden.command.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Builds the strategy that restart.strategy names. */
public final class RestartStrategies {
    /** The spawn strategy's console output file, in the state dir. */
    public static final String SPAWN_OUTPUT = "gateway-console.out";

    private RestartStrategies() {}

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * @param env the process environment, for the kubernetes strategy's defaults
     * @return the strategy, or null for "none"
     */
    public static RestartStrategy create(RestartSettings s, CommandRunner runner, Map<String, String> env) {
        return create(s, runner, env, null);
    }

    /** @param stateDir where the spawn strategy writes the gateway's console output (null: the temp folder) */
    public static RestartStrategy create(RestartSettings s, CommandRunner runner, Map<String, String> env, Path stateDir) {
        return switch (s.strategy()) {
            case "systemd" -> new SystemdRestart(s.systemctl(), s.userMode(), s.unit(), runner, s.commandTimeout());
            case "signal" -> new SignalRestart(signalTarget(s), runner, s.commandTimeout());
            case "command" -> new CommandRestart(s.command(), runner, s.commandTimeout());
            case "spawn" -> new SpawnRestart(s.command(),
                    (stateDir != null ? stateDir : Path.of(System.getProperty("java.io.tmpdir"))).resolve(SPAWN_OUTPUT),
                    s.pidfile(), min(SpawnRestart.DEFAULT_GRACE, s.commandTimeout()));
            case "kubernetes" -> new KubernetesPodRestart(s.kubernetes(), env, s.commandTimeout());
            case "none" -> null;
            default -> throw new IllegalArgumentException("unknown restart strategy " + s.strategy());
        };
    }

    /** The signal strategy falls back to OpenClaw's process title when neither pidfile nor name is set. */
    static GatewayProcessFinder signalTarget(RestartSettings s) {
        return new GatewayProcessFinder(s.pidfile(),
                s.pidfile() == null && s.processName() == null ? RestartSettings.DEFAULT_PROCESS_NAME : s.processName());
    }
}
