package io.gatewarden.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewarden.state.StateJson;
import io.gatewarden.incident.TrackerState;
import io.gatewarden.state.AtomicFiles;
import io.gatewarden.tail.Checkpoints;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tail checkpoints and open incidents in ONE file, written atomically: after a kill -9 the daemon resumes reading
 * exactly where the restored incidents stopped counting, so no line is lost and none is counted twice.
 * A failed write (disk full, read-only state dir) is logged and counted; detection goes on, and the next save
 * retries.
 *
 * <p>The file also carries {@code lines_read}, the number of log lines the pipeline has processed since the state
 * was created. It moves with the checkpoints (same batch, same atomic write), so it is the observable of the
 * exactly-once guarantee: after any number of crashes it equals the number of lines written to the followed files
 * (the kill -9 fault suite checks exactly that), and an operator can compare it with {@code wc -l}.
 */
public final class DaemonStateStore {
    private static final System.Logger LOG = System.getLogger(DaemonStateStore.class.getName());
    private static final int VERSION = 1;

    public record Saved(Checkpoints checkpoints, TrackerState incidents, long linesRead) {}

    /** A failure that repeats the last one is logged again at most this often (saves are retried every second). */
    static final Duration LOG_EVERY = Duration.ofMinutes(5);

    private final Path file;
    private final Clock clock;
    private final ObjectMapper json = StateJson.mapper();
    private final AtomicLong failures = new AtomicLong();
    /**
     * The checkpoints of the last processed batch and the lines processed up to them, as ONE value: a save that read
     * them separately could pair batch N's checkpoints with batch N+1's count, and after a kill -9 the re-read batch
     * would be counted twice (found by the kill -9 fault suite).
     */
    private record Offered(Checkpoints checkpoints, long lines) {}

    private volatile Offered offered = new Offered(null, 0);
    private volatile String lastError;
    private Instant lastLoggedAt = Instant.MIN;
    private long failuresSinceLog;
    /** What the file holds now (savedAt left out), so an idle daemon does not rewrite and fsync it every tick. */
    private Checkpoints savedCheckpoints;
    private TrackerState savedIncidents;
    private Instant lastWrittenAt = Instant.MIN;
    /** An unchanged state is still rewritten this often: the write is the state dir's health check. */
    static final Duration CANARY_EVERY = Duration.ofSeconds(5);

    public DaemonStateStore(Path file) {
        this(file, Clock.systemUTC());
    }

    public DaemonStateStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /**
     * The checkpoints of the last batch the pipeline has fully processed, and how many lines that batch held;
     * saved with the next {@link #save}. Called by one thread at a time (the daemon's detection lock).
     */
    public void offer(Checkpoints checkpoints, int lines) {
        offered = new Offered(checkpoints, offered.lines() + lines);
    }

    /** Lines processed since the state was created, including those not saved yet. */
    public long linesRead() {
        return offered.lines();
    }

    public Optional<Saved> load() {
        if (!Files.exists(file)) return Optional.empty();
        try {
            JsonNode root = json.readTree(Files.readString(file));
            Checkpoints cp = root.hasNonNull("checkpoints") ? Checkpoints.fromJson(root.get("checkpoints").textValue()) : null;
            TrackerState incidents = root.hasNonNull("incidents") ? json.treeToValue(root.get("incidents"), TrackerState.class) : null;
            long lines = root.path("lines_read").asLong(0);
            offered = new Offered(cp, lines);
            return Optional.of(new Saved(cp, incidents, lines));
        } catch (IOException | RuntimeException e) {
            // never refuse to start over a damaged state file: keep it for a human and start fresh
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            LOG.log(System.Logger.Level.WARNING, "state file " + file + " is unreadable (" + e.getMessage() + "); moved to " + aside + ", starting fresh");
            try {
                Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // nothing else to do: the next save overwrites it
            }
            return Optional.empty();
        }
    }

    /** @return true when the state is on disk (also when it was already there unchanged: then nothing is written) */
    public synchronized boolean save(TrackerState incidents) {
        Offered state = offered;
        Checkpoints cp = state.checkpoints();
        TrackerState comparable = incidents == null ? null
                : new TrackerState(incidents.version(), null, incidents.open(), incidents.recent());
        Instant now = clock.instant();
        // unchanged: skip the fsync, but still write once a CANARY_EVERY so a state dir that fills up or turns
        // read-only while the daemon is idle is noticed (state_unwritable) before there is something to lose
        if (lastError == null && savedIncidents != null && Objects.equals(cp, savedCheckpoints)
                && savedIncidents.equals(comparable) && Files.exists(file)
                && !now.isBefore(lastWrittenAt) && now.isBefore(lastWrittenAt.plus(CANARY_EVERY))) {
            return true;
        }
        try {
            ObjectNode root = json.createObjectNode();
            root.put("version", VERSION);
            long lines = state.lines();
            if (cp != null) root.put("checkpoints", cp.toJson());
            root.put("lines_read", lines);
            root.set("incidents", json.valueToTree(incidents));
            AtomicFiles.write(file, json.writeValueAsBytes(root));
            savedCheckpoints = cp;
            savedIncidents = comparable;
            lastWrittenAt = now;
            if (lastError != null) LOG.log(System.Logger.Level.INFO, "state dir writable again: " + file + " saved after " + failures.get() + " failed save(s) in all");
            lastError = null;
            lastLoggedAt = Instant.MIN;
            failuresSinceLog = 0;
            return true;
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            failuresSinceLog++;
            String msg = describe(e);
            // now: taken above
            // log a new error at once, the same one again only every LOG_EVERY (or after a clock step back)
            if (!msg.equals(lastError) || !now.isBefore(lastLoggedAt.plus(LOG_EVERY)) || now.isBefore(lastLoggedAt)) {
                LOG.log(System.Logger.Level.WARNING, "cannot save state to " + file + " (" + msg + "); detection goes on, retrying every tick"
                        + (failuresSinceLog > 1 ? " (" + failuresSinceLog + " failed saves since the last message)" : ""));
                lastLoggedAt = now;
                failuresSinceLog = 0;
            }
            lastError = msg;
            return false;
        }
    }

    /**
     * The OS's reason ("No space left on device", "Read-only file system") without the random temp-file name, so a
     * failure that repeats reads the same every time.
     */
    static String describe(Throwable e) {
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof FileSystemException fse) {
            if (fse.getReason() != null) return fse.getReason();
            String kind = e.getClass().getSimpleName().replace("Exception", "");
            return kind + ": " + fse.getFile(); // e.g. FileAlreadyExists: a file stands where the state dir should be
        }
        if (e instanceof IOException && e.getMessage() != null) return e.getMessage();
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    public long failures() {
        return failures.get();
    }

    /** Null while saves succeed. */
    public String lastError() {
        return lastError;
    }
}
