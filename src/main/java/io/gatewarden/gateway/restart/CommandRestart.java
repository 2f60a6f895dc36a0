package io.gatewarden.gateway.restart;

import io.gatewarden.command.CommandRunner;
import io.gatewarden.secret.Redactor;
import java.time.Duration;
import java.util.List;

/** Any restart command line, e.g. {@code [openclaw, gateway, restart]}; exit 0 within the timeout is success. */
public final class CommandRestart implements RestartStrategy {
    private final List<String> command;
    private final CommandRunner runner;
    private final Duration timeout;

    public CommandRestart(List<String> command, CommandRunner runner, Duration timeout) {
        this.command = List.copyOf(command);
        this.runner = runner;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "command";
    }

    @Override
    public Result restart() {
        CommandRunner.Result r = runner.run(command, timeout);
        String detail = Redactor.mask(String.join(" ", command)) + ": " + r.summary();
        return r.ok() ? Result.ok(detail) : Result.failed(detail);
    }
}
