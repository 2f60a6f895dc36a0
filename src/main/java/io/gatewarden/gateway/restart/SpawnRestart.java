package io.gatewarden.gateway.restart;

import io.gatewarden.command.CommandRunner;
import io.gatewarden.secret.Redactor;
import io.gatewarden.state.AtomicFiles;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the gateway itself and leaves it running: {@code command} is the gateway's foreground command, e.g.
 * {@code [openclaw, gateway, run, --port, 18789, --bind, loopback]}, for a gateway with no service manager (a
 * container, a laptop). The {@code command} strategy cannot do this: it waits for its command to exit, so a
 * foreground gateway hits {@code command_timeout} and is killed with it.
 *
 * <p>Success: the process is still running after a short grace period (or exited 0 in it: a launcher that forked).
 * Coming up is checked afterwards by {@link GatewayRestarter} through /startupz, as for every strategy. The
 * process's console output (stdout and stderr) goes to {@code output}, recreated at each start, so a gateway that
 * dies at once says why; the gateway's own file log stays the log to read. When {@code pidfile} is set, the new PID
 * is written there, which is what the "process gone" trigger and an operator's {@code kill} need.
 *
 * <p>The process is not a child that dies with gatewarden: it keeps running when gatewarden stops (under systemd,
 * give gatewarden {@code KillMode=process} or use the systemd strategy instead).
 */
public final class SpawnRestart implements RestartStrategy {
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(SpawnRestart.class.getName());

    private final List<String> command;
    private final Path output;
    private final Path pidfile;
    private final Duration grace;

    public SpawnRestart(List<String> command, Path output, Path pidfile, Duration grace) {
        if (command == null || command.isEmpty()) throw new IllegalArgumentException("restart.command is empty");
        this.command = List.copyOf(command);
        this.output = output;
        this.pidfile = pidfile;
        this.grace = grace;
    }

    @Override
    public String name() {
        return "spawn";
    }

    @Override
    public Result restart() {
        String shown = Redactor.mask(String.join(" ", command));
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            List<String> argv = new ArrayList<>(command);
            argv.set(0, CommandRunner.resolveProgram(command.get(0), System.getenv("PATH")));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(output.toFile()) // a file, never a pipe: the gateway outlives our reader
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (pidfile != null) AtomicFiles.write(pidfile, p.pid() + "\n");
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.INFO, () -> "spawned [" + shown + "] as pid " + p.pid() + "; console output in " + output);
                return Result.ok(shown + ": running as pid " + p.pid() + " (console output in " + output + ")");
            }
            int exit = p.exitValue();
            String out = Redactor.mask(head(output)).strip().replace('\n', ' ');
            if (out.length() > 300) out = out.substring(0, 300) + "…";
            String detail = shown + ": exited " + exit + " within " + grace.toMillis() + " ms" + (out.isEmpty() ? "" : ": " + out);
            return exit == 0 ? Result.ok(detail) : Result.failed(detail);
        } catch (IOException e) {
            return Result.failed("could not start [" + shown + "]: " + Redactor.mask(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted while starting [" + shown + "]");
        }
    }

    private static String head(Path file) {
        try {
            return CommandRunner.readHead(file, CommandRunner.MAX_OUTPUT, false);
        } catch (IOException e) {
            return "";
        }
    }
}
