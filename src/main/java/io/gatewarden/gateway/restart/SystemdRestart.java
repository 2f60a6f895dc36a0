package io.gatewarden.gateway.restart;

import io.gatewarden.command.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code systemctl [--user] restart <unit>}. A unit that crashed too often hits systemd's start limit
 * (Result=start-limit-hit) and refuses to start ("Start request repeated too quickly") until
 * {@code systemctl reset-failed <unit>}, so we ask {@code systemctl show -p Result,ActiveState} first.
 */
public final class SystemdRestart implements RestartStrategy {
    private final String systemctl;
    private final boolean userMode;
    private final String unit;
    private final CommandRunner runner;
    private final Duration timeout;

    public SystemdRestart(String systemctl, boolean userMode, String unit, CommandRunner runner, Duration timeout) {
        this.systemctl = systemctl;
        this.userMode = userMode;
        this.unit = unit;
        this.runner = runner;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public Result restart() {
        StringBuilder detail = new StringBuilder();
        CommandRunner.Result show = runner.run(cmd("show", "-p", "Result,ActiveState", unit), timeout);
        if (show.ok() && startLimitHit(show.output())) {
            CommandRunner.Result reset = runner.run(cmd("reset-failed", unit), timeout);
            detail.append("unit hit its start limit; reset-failed: ").append(reset.summary()).append("; ");
            if (!reset.ok()) return Result.failed(detail.append("not restarting").toString());
        } else if (!show.ok()) {
            detail.append("show failed (").append(show.summary()).append("); ");
        }
        CommandRunner.Result restart = runner.run(cmd("restart", unit), timeout);
        detail.append(String.join(" ", cmd("restart", unit))).append(": ").append(restart.summary());
        return restart.ok() ? Result.ok(detail.toString()) : Result.failed(detail.toString());
    }

    static boolean startLimitHit(String showOutput) {
        for (String line : showOutput.split("\\R")) {
            if (line.strip().equals("Result=start-limit-hit")) return true;
        }
        return false;
    }

    private List<String> cmd(String... args) {
        List<String> c = new ArrayList<>();
        c.add(systemctl);
        if (userMode) c.add("--user");
        c.addAll(List.of(args));
        return c;
    }
}
