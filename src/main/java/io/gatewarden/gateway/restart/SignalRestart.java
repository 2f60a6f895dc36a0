package io.gatewarden.gateway.restart;

import io.gatewarden.command.CommandRunner;
import java.time.Duration;
import java.util.List;

/**
 * SIGUSR2 to the gateway process (found by pidfile or process name): OpenClaw restarts in-process, same PID.
 * Sent with {@code kill -USR2 <pid>} because the JDK can only send TERM and KILL. It cannot revive a dead
 * process: pair it with a supervisor that restarts exited processes.
 */
public final class SignalRestart implements RestartStrategy {
    private final GatewayProcessFinder finder;
    private final CommandRunner runner;
    private final Duration timeout;

    public SignalRestart(GatewayProcessFinder finder, CommandRunner runner, Duration timeout) {
        this.finder = finder;
        this.runner = runner;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "signal";
    }

    @Override
    public Result restart() {
        GatewayProcessFinder.Lookup lookup = finder.find();
        if (!lookup.found()) return Result.failed("no gateway process to signal: " + lookup.detail());
        long pid = lookup.process().orElseThrow().pid();
        CommandRunner.Result r = runner.run(List.of("kill", "-USR2", Long.toString(pid)), timeout);
        String detail = "kill -USR2 " + pid + " (" + lookup.detail() + "): " + r.summary();
        return r.ok() ? Result.ok(detail) : Result.failed(detail);
    }
}
