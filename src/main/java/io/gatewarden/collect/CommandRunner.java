package io.gatewarden.collect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process with a deadline and a cap on what it may print. Never throws for the child's faults:
 * a missing executable, a timeout, a non-zero exit and too much output are outcomes, not exceptions.
 * stdout is kept up to the cap (the process is killed past it); stderr keeps only a short tail for messages.
 */
public final class CommandRunner {
    private static final int STDERR_KEEP = 2_000;

    public enum Outcome {
        /** Exit 0. */
        OK,
        /** The executable does not exist or is not executable. */
        NOT_FOUND,
        /** Did not finish within the deadline; killed. */
        TIMEOUT,
        /** Printed more than the cap; killed. */
        OUTPUT_TOO_LARGE,
        /** Finished with a non-zero exit code. */
        FAILED
    }

    /**
     * @param exitCode  -1 when the process did not finish by itself
     * @param stdout    what it printed (at most the cap)
     * @param stderr    the last part of its error output, for messages
     * @param message   a one-line description of anything other than OK
     */
    public record Result(Outcome outcome, int exitCode, String stdout, String stderr, Duration took, String message) {
        public boolean ok() {
            return outcome == Outcome.OK;
        }
    }

    private final Map<String, String> extraEnv;

    /** @param extraEnv variables added to the child's environment (e.g. OPENCLAW_PROFILE, HOME) */
    public CommandRunner(Map<String, String> extraEnv) {
        this.extraEnv = extraEnv == null ? Map.of() : Map.copyOf(extraEnv);
    }

    public Result run(List<String> argv, Duration timeout, int maxStdoutBytes) {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(extraEnv);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            // "Cannot run program ...: error=2, No such file or directory" (or error=13, permission denied)
            return new Result(Outcome.NOT_FOUND, -1, "", "", took(t0), "cannot run " + argv.get(0) + ": " + rootMessage(e));
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the child does not read stdin
        }
        Drain out = new Drain(p.getInputStream(), maxStdoutBytes, false);
        Drain err = new Drain(p.getErrorStream(), STDERR_KEEP, true);
        Thread to = startDaemon(out, "cmd-stdout");
        Thread te = startDaemon(err, "cmd-stderr");
        try {
            boolean finished = waitFor(p, timeout, out);
            if (!finished || out.overflow) {
                kill(p);
                to.join(1_000);
                te.join(1_000);
                return out.overflow
                        ? new Result(Outcome.OUTPUT_TOO_LARGE, -1, out.text(), err.text(), took(t0),
                        argv.get(0) + " printed more than " + maxStdoutBytes + " bytes; killed")
                        : new Result(Outcome.TIMEOUT, -1, out.text(), err.text(), took(t0),
                        argv.get(0) + " did not finish within " + timeout.toMillis() + " ms; killed");
            }
            to.join(2_000);
            te.join(2_000);
            // a fast child can exit before the drain has seen all of its output: judge the size after the drain ends
            if (out.overflow) {
                return new Result(Outcome.OUTPUT_TOO_LARGE, -1, out.text(), err.text(), took(t0),
                        argv.get(0) + " printed more than " + maxStdoutBytes + " bytes; killed");
            }
            int code = p.exitValue();
            if (code != 0) {
                return new Result(Outcome.FAILED, code, out.text(), err.text(), took(t0),
                        argv.get(0) + " exited with " + code + lastLine(err.text()));
            }
            return new Result(Outcome.OK, 0, out.text(), err.text(), took(t0), null);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return new Result(Outcome.TIMEOUT, -1, out.text(), err.text(), took(t0), "interrupted");
        }
    }

    /** Waits for exit, the deadline, or an overflowing stdout, whichever comes first. */
    private static boolean waitFor(Process p, Duration timeout, Drain out) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            if (p.waitFor(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS)) return true;
            if (out.overflow) return false;
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static Duration took(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) c = c.getCause();
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private static String lastLine(String text) {
        String t = text.strip();
        if (t.isEmpty()) return "";
        int nl = t.lastIndexOf('\n');
        String line = nl < 0 ? t : t.substring(nl + 1);
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }

    /** Reads a stream to its end; keeps the first (stdout) or last (stderr) {@code max} bytes. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final int max;
        private final boolean keepTail;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        volatile boolean overflow;

        Drain(InputStream in, int max, boolean keepTail) {
            this.in = in;
            this.max = max;
            this.keepTail = keepTail;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    synchronized (this) {
                        if (keepTail) {
                            buf.write(chunk, 0, n);
                            if (buf.size() > 2 * max) {
                                byte[] all = buf.toByteArray();
                                buf.reset();
                                buf.write(all, all.length - max, max);
                            }
                        } else {
                            int room = max - buf.size();
                            buf.write(chunk, 0, Math.min(room, n));
                            if (n > room) {
                                overflow = true;
                                return;
                            }
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed or closed its end
            }
        }

        synchronized String text() {
            byte[] all = buf.toByteArray();
            int from = keepTail && all.length > max ? all.length - max : 0;
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }
    }

    /** Daemon threads, so a stuck pipe never keeps the JVM alive. */
    private static Thread startDaemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
