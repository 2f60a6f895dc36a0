package io.gatewarden.gateway.restart;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs an external program from an argument list (never through a shell), with a timeout, its output
 * (stdout and stderr together) captured to a temp file and kept to the first {@value #MAX_OUTPUT} bytes, and
 * logged with secrets redacted. A temp file rather than a pipe: a program that leaves a child behind
 * (a daemon it started) must not keep us waiting for end-of-file.
 */
public class CommandRunner {
    static final int MAX_OUTPUT = 8 * 1024;
    private static final Logger LOG = Logger.getLogger(CommandRunner.class.getName());

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

    /** @param maxOutput bytes of output kept (a JSON reply that must be read whole, e.g. an LLM summary, needs more) */
    public CommandRunner(Map<String, String> environmentOverrides, int maxOutput) {
        this.environment = Map.copyOf(environmentOverrides);
        this.maxOutput = maxOutput;
    }

    /**
     * @param exitCode the exit code, or -1 when it timed out or could not start
     * @param output   the first bytes of stdout+stderr, secrets redacted
     */
    public record Result(int exitCode, String output, boolean timedOut, Duration took) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** One line for journals and logs. */
        public String summary() {
            String out = output == null ? "" : output.strip().replace('\n', ' ');
            if (out.length() > 300) out = out.substring(0, 300) + "…";
            return (timedOut ? "timed out" : "exit " + exitCode) + (out.isEmpty() ? "" : ": " + out);
        }
    }

    public Result run(List<String> argv, Duration timeout) {
        if (argv == null || argv.isEmpty()) throw new IllegalArgumentException("empty command");
        long t0 = System.nanoTime();
        String shown = Secrets.redact(String.join(" ", argv));
        Path out = null;
        try {
            out = Files.createTempFile("gatewarden-cmd-", ".out");
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(environment);
            List<String> resolved = new ArrayList<>(argv);
            resolved.set(0, resolveProgram(argv.get(0), env.get("PATH")));
            ProcessBuilder pb = new ProcessBuilder(resolved).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(environment);
            Process p = pb.start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
            Result r = new Result(finished ? p.exitValue() : -1, Secrets.redact(readBounded(out, maxOutput)), !finished, since(t0));
            LOG.log(r.ok() ? Level.INFO : Level.WARNING, () -> "ran [" + shown + "]: " + r.summary());
            return r;
        } catch (IOException e) {
            Result r = new Result(-1, Secrets.redact(String.valueOf(e.getMessage())), false, since(t0));
            LOG.warning(() -> "could not run [" + shown + "]: " + r.output());
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted", true, since(t0));
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** A bare program name is looked up on the PATH we pass to the child (ProcessBuilder would use our own PATH). */
    static String resolveProgram(String program, String path) {
        if (program.contains("/") || path == null) return program;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate.toString();
        }
        return program;
    }

    private static String readBounded(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = in.readNBytes(max);
            String s = new String(buf, StandardCharsets.UTF_8);
            return in.read() >= 0 ? s + "\n[output truncated]" : s;
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
