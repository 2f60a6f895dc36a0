package io.gatewarden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.gatewarden.gateway.Json5EditException;
import io.gatewarden.gateway.Json5Editor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small stand-in for the OpenClaw gateway, in-process: it writes tslog lines to a log file the way the gateway
 * does, and behaves towards gatewarden the way the real one does (fixtures 03, 05, 11):
 * <ul>
 *   <li>it watches its {@code openclaw.json}; on a change it logs {@code config change detected; evaluating reload
 *       (paths)} and, {@link DemoTimings#reloadDelay} later, {@code config hot reload applied (paths)}, from then on
 *       sending new runs to the new primary; an unreadable file gives {@code config reload skipped (invalid config)}
 *       and the running config is kept;</li>
 *   <li>while traffic is on, a new run starts every {@link DemoTimings#trafficEvery} on the applied primary and
 *       answers at once when the {@link ProviderWorld} says that model answers (a run on a rate-limited primary is
 *       what the replayed storm shows);</li>
 *   <li>{@link #replay} writes bundled real lines in real time (gaps from their own timestamps, capped), with fresh
 *       timestamps and run ids.</li>
 * </ul>
 * Threads: one scheduler thread for the config watch, traffic and delayed lines; replays run on the caller's thread.
 * Every write is one whole line appended under a lock.
 */
final class GatewaySimulator implements AutoCloseable {
    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");
    private static final Duration WATCH_EVERY = Duration.ofMillis(100);
    static final String PRIMARY_PATH = "agents.defaults.model.primary";

    private final Path log;
    private final Path openclawJson;
    private final GatewayLines lines;
    private final ProviderWorld world;
    private final DemoTimings timings;
    private final Narrator narrator;
    private final Clock clock;
    private final ScheduledExecutorService exec;
    private final Object writeLock = new Object();

    private volatile JsonNode applied = MissingNode.getInstance();
    private volatile String appliedPrimary;
    private String lastText;
    private ScheduledFuture<?> traffic;
    private final AtomicInteger runsInFlight = new AtomicInteger();

    GatewaySimulator(Path log, Path openclawJson, GatewayLines lines, ProviderWorld world, DemoTimings timings,
                     Narrator narrator, Clock clock) {
        this.log = log;
        this.openclawJson = openclawJson;
        this.lines = lines;
        this.world = world;
        this.timings = timings;
        this.narrator = narrator;
        this.clock = clock;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-gateway");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the config as the running one and starts watching it. */
    void start() throws IOException, Json5EditException {
        lastText = Files.readString(openclawJson);
        applied = Json5Editor.parse(lastText);
        appliedPrimary = primaryOf(applied);
        exec.scheduleWithFixedDelay(this::watchQuietly, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void startTraffic() {
        if (traffic != null) return;
        long every = timings.trafficEvery().toMillis();
        traffic = exec.scheduleWithFixedDelay(this::trafficQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    /** No new runs; the ones under way are allowed to finish (their last line written) first. */
    void stopTraffic() throws InterruptedException {
        synchronized (this) {
            if (traffic != null) traffic.cancel(false);
            traffic = null;
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (runsInFlight.get() > 0 && System.nanoTime() < end) Thread.sleep(20);
    }

    /** Waits until the gateway has applied {@code model} as its primary. */
    boolean awaitPrimary(String model, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!Objects.equals(appliedPrimary, model)) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(50);
        }
        return true;
    }

    // ------------------------------------------------------------------ replay

    /**
     * Writes bundled lines in their order, pausing between two lines as long as the capture did, at most
     * {@link DemoTimings#maxReplayGap} (both divided by the speed). Run ids are replaced by {@code ids}.
     */
    void replay(List<String> bundled, GatewayLines.RunIds ids) throws InterruptedException {
        Instant prev = null;
        for (String line : bundled) {
            Instant at = captureTime(line);
            if (prev != null && at != null) {
                long gap = Math.max(0, Duration.between(prev, at).toMillis());
                long capped = Math.min(Math.round(gap / timings.speed()), timings.maxReplayGap().toMillis());
                if (capped > 0) Thread.sleep(capped);
            }
            if (at != null) prev = at;
            write(lines.restamp(ids.rewrite(line), clock.instant()));
        }
    }

    private static Instant captureTime(String line) {
        Matcher m = TIME.matcher(line);
        if (!m.find()) return null;
        try {
            return OffsetDateTime.parse(m.group(1)).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ runs

    /** A run that answers on {@code model}: acknowledged, the provider's 200, the run's end. */
    void answeredRun(String model) {
        String runId = UUID.randomUUID().toString();
        runsInFlight.incrementAndGet();
        write(lines.runAccepted(runId, 40 + (runId.hashCode() & 63), clock.instant()));
        String[] pm = split(model);
        long t1 = Math.max(1, timings.reloadDelay().toMillis() / 3);
        exec.schedule(() -> write(lines.fetchOk(pm[0], apiOf(pm[0]), pm[1], 12 + (runId.hashCode() & 31), clock.instant())),
                t1, TimeUnit.MILLISECONDS);
        exec.schedule(() -> {
            try {
                write(lines.runEnded(runId, clock.instant()));
            } finally {
                runsInFlight.decrementAndGet();
            }
        }, 2 * t1, TimeUnit.MILLISECONDS);
    }

    /** The end of a run that failed on {@code failed} and answered on its next rung {@code candidate}. */
    void answeredAfterFallback(String runId, String sessionId, String failed, String reason, int status, String candidate,
                               int attempt, int total) {
        String[] pm = split(candidate);
        write(lines.fetchOk(pm[0], apiOf(pm[0]), pm[1], 27, clock.instant()));
        write(lines.candidateSucceeded(runId, sessionId, failed, reason, status, candidate, attempt, total, clock.instant()));
        write(lines.runEnded(runId, clock.instant()));
    }

    private void trafficQuietly() {
        try {
            String primary = appliedPrimary;
            if (world.answers(primary)) answeredRun(primary);
        } catch (RuntimeException e) {
            narrator.say("demo: traffic step failed: " + e);
        }
    }

    // ------------------------------------------------------------------ the config watch (hot reload)

    private void watchQuietly() {
        try {
            watch();
        } catch (IOException | RuntimeException e) {
            narrator.say("demo: cannot read " + openclawJson + ": " + e.getMessage());
        }
    }

    private void watch() throws IOException {
        String text = Files.readString(openclawJson);
        if (text.equals(lastText)) return;
        lastText = text;
        JsonNode root;
        try {
            root = Json5Editor.parse(text);
        } catch (Json5EditException e) {
            write(lines.reloadSkipped(e.getMessage(), clock.instant()));
            return;
        }
        List<String> paths = new ArrayList<>();
        diff(applied, root, "", paths);
        if (paths.isEmpty()) return;
        write(lines.reloadDetected(paths, clock.instant()));
        exec.schedule(() -> apply(root, paths), timings.reloadDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void apply(JsonNode root, List<String> paths) {
        String before = appliedPrimary;
        applied = root;
        appliedPrimary = primaryOf(root);
        write(lines.reloadApplied(paths, clock.instant()));
        if (!Objects.equals(before, appliedPrimary)) {
            narrator.say("             (the gateway now sends new runs to " + appliedPrimary + "; runs already under way keep their model)");
        }
    }

    /** The changed paths, as OpenClaw names them: the deepest object key whose value differs; arrays are values. */
    static void diff(JsonNode a, JsonNode b, String prefix, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            List<String> keys = new ArrayList<>();
            a.fieldNames().forEachRemaining(keys::add);
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!keys.contains(k)) keys.add(k);
            }
            for (String k : keys) {
                JsonNode x = a.get(k);
                JsonNode y = b.get(k);
                String path = prefix.isEmpty() ? k : prefix + "." + k;
                if (x == null || y == null) {
                    if (!Objects.equals(x, y)) out.add(path);
                } else {
                    diff(x, y, path, out);
                }
            }
        } else if (!Objects.equals(a, b)) {
            out.add(prefix);
        }
    }

    static String primaryOf(JsonNode root) {
        JsonNode p = root.path("agents").path("defaults").path("model");
        return p.isTextual() ? p.asText() : p.path("primary").asText(null);
    }

    private String apiOf(String provider) {
        return applied.path("models").path("providers").path(provider).path("api").asText("openai-completions");
    }

    private static String[] split(String ref) {
        int slash = ref.indexOf('/');
        return new String[] {ref.substring(0, slash), ref.substring(slash + 1)};
    }

    // ------------------------------------------------------------------ the log file

    /** Appends one line to the gateway log (as the gateway does) and shows it on the console. */
    void write(String line) {
        synchronized (writeLock) {
            try {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + log, e);
            }
            narrator.gateway(line);
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
