package io.gatewarden.command;


import io.gatewarden.secret.Redactor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program from an argument list (never through a shell) with a deadline and a cap on its output,
 * and never throws for the child's faults: a missing program, a timeout, a non-zero exit and too much output are
 * outcomes. Output goes to temp files rather than pipes: a program that leaves a child behind (a daemon it started)
 * must not keep us waiting for end-of-file. Everything it shows is redacted ({@link Redactor#mask}).
 * <ul>
 *   <li>{@link #run} — an action (restart, compact a session): stdout and stderr together, the first {@code maxOutput}
 *       bytes kept and the rest marked truncated (an action is never cut short for talking), redacted; logged.</li>
 *   <li>{@link #query} — a status read whose stdout is parsed: stdout kept up to the cap (killed past it) and handed
 *       over as printed, since masking inside it could change the ids it holds; stderr's last bytes and the message are
 *       redacted; not logged (it runs every interval, and its caller reports failures).</li>
 * </ul>
 */
public class CommandRunner {
    /** Output kept of an action by default. */
    public static final int MAX_OUTPUT = 8 * 1024;
    private static final int STDERR_KEEP = 2_000;
    private static final long POLL_MILLIS = 50;
    private static final System.Logger LOG = System.getLogger(CommandRunner.class.getName());

    public enum Outcome {
        /** Exit 0. */
        OK,
        /** The program does not exist or is not executable. */
        NOT_FOUND,
        /** Did not finish within the deadline (or we were interrupted); killed. */
        TIMEOUT,
        /** A query printed more than its cap; killed. */
        OUTPUT_TOO_LARGE,
        /** Finished with a non-zero exit code. */
        FAILED
    }

    /**
     * @param exitCode -1 when the process did not finish by itself or could not start
     * @param output   what it printed: stdout and stderr together for an action (redacted), stdout for a query (as printed)
     * @param stderr   for a query, the last part of its error output (redacted); empty for an action
     * @param message  a one-line description of anything other than OK (redacted), else null
     */
    public record Result(Outcome outcome, int exitCode, String output, String stderr, Duration took, String message) {
        public boolean ok() {
            return outcome == Outcome.OK;
        }

        public boolean timedOut() {
            return outcome == Outcome.TIMEOUT;
        }

        /** One line for journals and logs. */
        public String summary() {
            String out = output == null ? "" : output.strip().replace('\n', ' ');
            if (out.isEmpty() && outcome == Outcome.NOT_FOUND && message != null) out = message;
            if (out.length() > 300) out = out.substring(0, 300) + "…";
            return (timedOut() ? "timed out" : "exit " + exitCode) + (out.isEmpty() ? "" : ": " + out);
        }
    }

    private final Map<String, String> environment;
    private final int maxOutput;

    /** Runs with gatewarden's own environment. */
    public CommandRunner() {
        this(Map.of());
    }

    /** Runs with gatewarden's environment plus these overrides (PATH here also decides where programs are found). */
    public CommandRunner(Map<String, String> environmentOverrides) {
        this(environmentOverrides, MAX_OUTPUT);
    }

    /** @param maxOutput bytes of an action's output kept (a JSON reply that must be read whole needs more) */
    public CommandRunner(Map<String, String> environmentOverrides, int maxOutput) {
        this.environment = environmentOverrides == null ? Map.of() : Map.copyOf(environmentOverrides);
        this.maxOutput = maxOutput;
    }

    /** Runs an action: output together, capped at this runner's {@code maxOutput}, redacted, logged. */
    public Result run(List<String> argv, Duration timeout) {
        String shown = Redactor.mask(String.join(" ", checked(argv)));
        Result r = execute(argv, timeout, true, maxOutput);
        if (r.outcome() == Outcome.NOT_FOUND) {
            LOG.log(System.Logger.Level.WARNING, () -> "could not run [" + shown + "]: " + r.message());
        } else {
            LOG.log(r.ok() ? System.Logger.Level.INFO : System.Logger.Level.WARNING, () -> "ran [" + shown + "]: " + r.summary());
        }
        return r;
    }

    /** Runs a query: stdout for a parser, killed past {@code maxStdoutBytes}; not logged. */
    public Result query(List<String> argv, Duration timeout, int maxStdoutBytes) {
        return execute(checked(argv), timeout, false, maxStdoutBytes);
    }

    private static List<String> checked(List<String> argv) {
        if (argv == null || argv.isEmpty()) throw new IllegalArgumentException("empty command");
        return argv;
    }

    private Result execute(List<String> argv, Duration timeout, boolean action, int cap) {
        long t0 = System.nanoTime();
        Path out = null;
        Path err = null;
        Process p = null;
        try {
            out = Files.createTempFile("gatewarden-cmd-", ".out");
            err = action ? null : Files.createTempFile("gatewarden-cmd-", ".err");
            p = start(argv, out, err);
            Outcome ended = waitFor(p, timeout, action ? null : out, cap);
            if (ended != null) kill(p, action);
            String stderr = err == null ? "" : Redactor.mask(readTail(err, STDERR_KEEP));
            if (action) {
                String output = Redactor.mask(readHead(out, cap, true));
                return ended == Outcome.TIMEOUT
                        ? new Result(Outcome.TIMEOUT, -1, output, "", since(t0), argv.get(0) + " did not finish within " + timeout.toMillis() + " ms; killed")
                        : finished(p.exitValue(), output, "", argv, since(t0));
            }
            // a fast child can exit before its size was seen: judge the size once it has ended
            if (ended == null && Files.size(out) > cap) ended = Outcome.OUTPUT_TOO_LARGE;
            String stdout = readHead(out, cap, false);
            if (ended == Outcome.OUTPUT_TOO_LARGE) {
                return new Result(ended, -1, stdout, stderr, since(t0), argv.get(0) + " printed more than " + cap + " bytes; killed");
            }
            if (ended == Outcome.TIMEOUT) {
                return new Result(ended, -1, stdout, stderr, since(t0), argv.get(0) + " did not finish within " + timeout.toMillis() + " ms; killed");
            }
            return finished(p.exitValue(), stdout, stderr, argv, since(t0));
        } catch (IOException e) {
            killNow(p); // started, then its output file failed us
            // "Cannot run program ...: error=2, No such file or directory" (or error=13, permission denied)
            return new Result(Outcome.NOT_FOUND, -1, "", "", since(t0), Redactor.mask("cannot run " + argv.get(0) + ": " + rootMessage(e)));
        } catch (InterruptedException e) {
            killNow(p);
            Thread.currentThread().interrupt();
            return new Result(Outcome.TIMEOUT, -1, "", "", since(t0), "interrupted");
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private Process start(List<String> argv, Path out, Path err) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(environment);
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, resolveProgram(argv.get(0), env.get("PATH")));
        ProcessBuilder pb = new ProcessBuilder(resolved).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (err == null) pb.redirectErrorStream(true);
        else pb.redirectError(err.toFile());
        pb.environment().putAll(environment);
        return pb.start();
    }

    private static Result finished(int code, String output, String stderr, List<String> argv, Duration took) {
        if (code == 0) return new Result(Outcome.OK, 0, output, stderr, took, null);
        return new Result(Outcome.FAILED, code, output, stderr, took, argv.get(0) + " exited with " + code + lastLine(stderr));
    }

    /**
     * Waits for exit (null), the deadline (TIMEOUT), or a capped stdout growing past its cap (OUTPUT_TOO_LARGE),
     * whichever comes first.
     */
    private static Outcome waitFor(Process p, Duration timeout, Path cappedOut, int cap) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return Outcome.TIMEOUT;
            if (p.waitFor(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS)) return null;
            if (cappedOut != null && Files.size(cappedOut) > cap) return Outcome.OUTPUT_TOO_LARGE;
        }
    }

    /** An action is asked politely first (a restart command may be mid-write); a query, which only reads, is not. */
    private static void kill(Process p, boolean politely) throws InterruptedException {
        if (politely) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        if (!politely || !p.waitFor(2, TimeUnit.SECONDS)) {
            killNow(p);
            p.waitFor(2, TimeUnit.SECONDS);
        }
    }

    private static void killNow(Process p) {
        if (p == null) return;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** A bare program name is looked up on the PATH we pass to the child (ProcessBuilder would use our own PATH). */
    public static String resolveProgram(String program, String path) {
        if (program.contains("/") || path == null) return program;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate.toString();
        }
        return program;
    }

    /** The first {@code max} bytes of a file; with {@code mark}, a note when there was more. */
    public static String readHead(Path file, int max, boolean mark) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            String s = new String(in.readNBytes(max), StandardCharsets.UTF_8);
            return mark && in.read() >= 0 ? s + "\n[output truncated]" : s;
        }
    }

    private static String readTail(Path file, int max) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, f.length() - max);
            byte[] buf = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        }
    }

    private static String lastLine(String text) {
        String t = text.strip();
        if (t.isEmpty()) return "";
        int nl = t.lastIndexOf('\n');
        String line = nl < 0 ? t : t.substring(nl + 1);
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) c = c.getCause();
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private static void deleteQuietly(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
