package io.gatewarden.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewarden.config.ConfigMapper;
import io.gatewarden.incident.TrackerState;
import io.gatewarden.state.AtomicFiles;
import io.gatewarden.tail.Checkpoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

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
    private static final Logger LOG = Logger.getLogger(DaemonStateStore.class.getName());
    private static final int VERSION = 1;

    public record Saved(Checkpoints checkpoints, TrackerState incidents, long linesRead) {}

    private final Path file;
    private final ObjectMapper json = ConfigMapper.json();
    private final AtomicLong failures = new AtomicLong();
    private volatile Checkpoints pending;
    /** Lines processed up to {@link #pending} (guarded by the caller's lock, like the batch that moved it). */
    private volatile long linesRead;
    private volatile String lastError;

    public DaemonStateStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * The checkpoints of the last batch the pipeline has fully processed, and how many lines that batch held;
     * saved with the next {@link #save}. Called by one thread at a time (the daemon's detection lock).
     */
    public void offer(Checkpoints checkpoints, int lines) {
        linesRead += lines;
        pending = checkpoints;
    }

    /** Lines processed since the state was created, including those not saved yet. */
    public long linesRead() {
        return linesRead;
    }

    public Optional<Saved> load() {
        if (!Files.exists(file)) return Optional.empty();
        try {
            JsonNode root = json.readTree(Files.readString(file));
            Checkpoints cp = root.hasNonNull("checkpoints") ? Checkpoints.fromJson(root.get("checkpoints").textValue()) : null;
            TrackerState incidents = root.hasNonNull("incidents") ? json.treeToValue(root.get("incidents"), TrackerState.class) : null;
            long lines = root.path("lines_read").asLong(0);
            pending = cp;
            linesRead = lines;
            return Optional.of(new Saved(cp, incidents, lines));
        } catch (IOException | RuntimeException e) {
            // never refuse to start over a damaged state file: keep it for a human and start fresh
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            LOG.warning("state file " + file + " is unreadable (" + e.getMessage() + "); moved to " + aside + ", starting fresh");
            try {
                Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // nothing else to do: the next save overwrites it
            }
            return Optional.empty();
        }
    }

    /** @return true when the state is on disk */
    public boolean save(TrackerState incidents) {
        try {
            ObjectNode root = json.createObjectNode();
            root.put("version", VERSION);
            Checkpoints cp = pending;
            long lines = linesRead;
            if (cp != null) root.put("checkpoints", cp.toJson());
            root.put("lines_read", lines);
            root.set("incidents", json.valueToTree(incidents));
            AtomicFiles.write(file, json.writeValueAsBytes(root));
            if (lastError != null) LOG.info("state dir writable again: " + file);
            lastError = null;
            return true;
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!msg.equals(lastError)) LOG.warning("cannot save state to " + file + " (" + msg + "); detection goes on, retrying");
            lastError = msg;
            return false;
        }
    }

    public long failures() {
        return failures.get();
    }

    /** Null while saves succeed. */
    public String lastError() {
        return lastError;
    }
}
