package io.gatewarden.load;

import io.gatewarden.state.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends the daily load digest once a day at {@code load.digest_at} (local time): yesterday against the day before.
 * Ticked by the daemon's scheduler; time comes from the injected clock. The day last sent is kept in a small state
 * file (written atomically), so a restart after the digest time does not send it twice.
 */
public final class DailyDigest {
    private static final System.Logger LOG = System.getLogger(DailyDigest.class.getName());

    private final LoadWatch watch;
    private final Clock clock;
    private final Path stateFile;
    private final Supplier<List<String>> collisions;
    private final Consumer<LoadDigest> send;
    private LocalDate lastSent;

    /**
     * @param stateFile  where the last day sent is kept, or null (tests)
     * @param collisions the schedule collisions to report (from the gateway config), read when a digest is built
     */
    public DailyDigest(LoadWatch watch, Clock clock, Path stateFile, Supplier<List<String>> collisions, Consumer<LoadDigest> send) {
        this.watch = watch;
        this.clock = clock;
        this.stateFile = stateFile;
        this.collisions = collisions;
        this.send = send;
        // never sent: the first digest is tomorrow's, not one about a day this daemon did not watch
        LocalDate saved = read(stateFile);
        this.lastSent = saved != null ? saved : clock.instant().atZone(watch.zone()).toLocalDate();
    }

    /** Sends today's digest when it is due and not sent yet; returns it, else null. */
    public synchronized LoadDigest tick() {
        if (!watch.settings().digest()) return null;
        Instant now = clock.instant();
        LocalDate today = now.atZone(watch.zone()).toLocalDate();
        if (today.equals(lastSent) || now.isBefore(watch.digestDue(today))) return null;
        LoadDigest d = watch.digest(today, collisions);
        send.accept(d);
        lastSent = today;
        if (stateFile != null) {
            try {
                AtomicFiles.write(stateFile, (today + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot save the last digest day to " + stateFile + "; a restart today may send it again", e);
            }
        }
        return d;
    }

    private static LocalDate read(Path file) {
        if (file == null || !Files.isRegularFile(file)) return null;
        try {
            return LocalDate.parse(Files.readString(file).strip());
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: the worst case is one digest sent twice
        }
    }
}
