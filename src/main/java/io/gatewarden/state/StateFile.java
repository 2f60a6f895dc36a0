package io.gatewarden.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;

/**
 * One JSON state file of gatewarden's own (switcher, breakers, restart budget, silences, …): the one way every
 * store reads and writes its file.
 * <ul>
 *   <li>read is lenient: a field this version does not know (written by a newer one) is ignored, so an upgrade or a
 *       downgrade never loses an episode;</li>
 *   <li>a file that cannot be read at all is moved aside to {@code <name>.corrupt-<millis>} for a human, with one
 *       log line, and the store starts fresh — refusing to run would be worse at 3 a.m.;</li>
 *   <li>write is atomic ({@link AtomicFiles}): a kill -9 leaves the old or the new content, never a mix.</li>
 * </ul>
 */
public final class StateFile<T> {
    private static final System.Logger LOG = System.getLogger(StateFile.class.getName());

    private final Path file;
    private final JavaType type;
    private final String what;
    private final Clock clock;
    private final ObjectMapper json = StateJson.mapper();

    /**
     * @param what how a log line names the file's content, e.g. "switcher state"
     */
    public StateFile(Path file, Class<T> type, String what, Clock clock) {
        this(file, StateJson.mapper().constructType(type), what, clock);
    }

    public StateFile(Path file, TypeReference<T> type, String what, Clock clock) {
        this(file, StateJson.mapper().constructType(type), what, clock);
    }

    private StateFile(Path file, JavaType type, String what, Clock clock) {
        this.file = file;
        this.type = type;
        this.what = what;
        this.clock = clock;
    }

    public Path path() {
        return file;
    }

    /** The stored value; empty when there is no file yet, or when it was unreadable (then it has been set aside). */
    public Optional<T> read() {
        if (file == null || !Files.exists(file)) return Optional.empty();
        try {
            T value = json.readValue(file.toFile(), type);
            return Optional.ofNullable(value);
        } catch (IOException | RuntimeException e) {
            setAside(e);
            return Optional.empty();
        }
    }

    /** Writes atomically and durably; the caller decides what a failed write means for it. */
    public void write(T value) throws IOException {
        if (file == null) return;
        AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }

    /** Writes, and on failure logs one line and goes on: for stores whose in-memory state stays authoritative. */
    public boolean writeOrWarn(T value) {
        try {
            write(value);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save " + what + " to " + file + ": " + e.getMessage()
                    + "; it stays in memory and the next change retries");
            return false;
        }
    }

    private void setAside(Exception cause) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
        String where;
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            where = "moved to " + aside;
        } catch (IOException moveFailed) {
            where = "could not be moved aside (" + moveFailed.getMessage() + "), the next save replaces it";
        }
        LOG.log(System.Logger.Level.WARNING, what + " " + file + " is unreadable (" + cause.getMessage() + "); " + where
                + "; starting fresh");
    }
}
