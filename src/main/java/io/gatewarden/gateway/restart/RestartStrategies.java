package io.gatewarden.gateway.restart;

import java.util.Map;

/** Builds the strategy that restart.strategy names. */
public final class RestartStrategies {
    private RestartStrategies() {}

    /**
     * @param env the process environment, for the kubernetes strategy's defaults
     * @return the strategy, or null for "none"
     */
    public static RestartStrategy create(RestartSettings s, CommandRunner runner, Map<String, String> env) {
        return switch (s.strategy()) {
            case "systemd" -> new SystemdRestart(s.systemctl(), s.userMode(), s.unit(), runner, s.commandTimeout());
            case "signal" -> new SignalRestart(signalTarget(s), runner, s.commandTimeout());
            case "command" -> new CommandRestart(s.command(), runner, s.commandTimeout());
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
