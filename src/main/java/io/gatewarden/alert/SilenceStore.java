package io.gatewarden.alert;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gatewarden.secret.Hashes;
import io.gatewarden.state.StateFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Silences from config and from the API, persisted in the state dir so an API silence (or an early expiry of a
 * config silence) survives a restart. Thread-safe: the API calls it from HTTP threads, the dispatcher reads it.
 */
final class SilenceStore {
    /** Expired silences stay visible this long (so a human sees what just ended), then go. */
    static final Duration KEEP_EXPIRED = Duration.ofHours(24);

    private final StateFile<List<Silence>> file;
    private final Clock clock;
    private final int max;
    private final AlertLog log;
    private final Map<String, Silence> silences = new LinkedHashMap<>();

    SilenceStore(Path file, Clock clock, int max, List<AlertSettings.SilenceSpec> fromConfig, AlertLog log) {
        this.file = new StateFile<>(file, new TypeReference<>() {}, "silences", clock);
        this.clock = clock;
        this.max = max;
        this.log = log;
        for (AlertSettings.SilenceSpec spec : fromConfig) {
            Silence s = new Silence(configId(spec), Matcher.parseAll(spec.matchers()),
                    spec.startsAt() == null ? Instant.EPOCH : spec.startsAt(), spec.endsAt(), spec.createdBy(), spec.comment());
            requireNotMatchAll(s.matchers());
            silences.put(s.id(), s);
        }
        load();
    }

    private static String configId(AlertSettings.SilenceSpec spec) {
        String basis = spec.matchers() + "|" + spec.startsAt() + "|" + spec.endsAt();
        return "cfg-" + Hashes.sha256Hex(basis, 4);
    }

    private void load() {
        boolean present = Files.exists(file.path());
        file.read().ifPresentOrElse(stored -> {
            for (Silence s : stored) {
                // a stored copy of a config silence carries its early expiry; an unknown cfg- id was removed from config
                if (s.id().startsWith("cfg-") && !silences.containsKey(s.id())) continue;
                silences.put(s.id(), s);
            }
        }, () -> {
            if (present) log.error("silences file " + file.path() + " is unreadable (set aside), starting with config silences only");
        });
    }

    synchronized Silence add(NewSilence req) {
        Instant now = clock.instant();
        if (req == null || req.matchers() == null || req.matchers().isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        List<Matcher> matchers = Matcher.parseAll(req.matchers());
        requireNotMatchAll(matchers);
        Instant start = req.startsAt() == null ? now : req.startsAt();
        Instant end;
        if (req.endsAt() != null && req.duration() != null) throw new IllegalArgumentException("give ends_at or duration, not both");
        if (req.endsAt() != null) end = req.endsAt();
        else if (req.duration() != null) end = start.plus(req.duration());
        else throw new IllegalArgumentException("a silence needs ends_at or duration");
        if (!end.isAfter(start) || !end.isAfter(now)) throw new IllegalArgumentException("a silence must end in the future and after it starts");
        gc(now);
        if (silences.size() >= max) throw new IllegalStateException("too many silences (" + max + "); expire some first");
        Silence s = new Silence(UUID.randomUUID().toString(), matchers, start, end,
                req.createdBy() == null ? "api" : req.createdBy(), req.comment());
        silences.put(s.id(), s);
        save();
        log.info("silence " + s.id() + " added until " + end + ": " + matchers);
        return s;
    }

    /** Ends a silence now; false when the id is unknown or it already ended. */
    synchronized boolean expire(String id) {
        Silence s = silences.get(id);
        Instant now = clock.instant();
        if (s == null || !now.isBefore(s.endsAt())) return false;
        Instant start = s.startsAt().isAfter(now) ? now : s.startsAt();
        silences.put(id, new Silence(id, s.matchers(), start, now, s.createdBy(), s.comment()));
        save();
        log.info("silence " + id + " expired");
        return true;
    }

    synchronized List<Silence> list() {
        gc(clock.instant());
        List<Silence> out = new ArrayList<>(silences.values());
        out.sort(Comparator.comparing(Silence::endsAt).reversed());
        return out;
    }

    /** The active silences, for one dispatcher pass. */
    synchronized List<Silence> activeAt(Instant now) {
        return silences.values().stream().filter(s -> s.activeAt(now)).toList();
    }

    synchronized int activeCount(Instant now) {
        return (int) silences.values().stream().filter(s -> s.activeAt(now)).count();
    }

    private void gc(Instant now) {
        boolean changed = silences.values().removeIf(s -> s.endsAt().plus(KEEP_EXPIRED).isBefore(now));
        if (changed) save();
    }

    private void save() {
        try {
            file.write(new ArrayList<>(silences.values()));
        } catch (IOException e) {
            log.error("could not save silences to " + file.path() + ": " + log.describe(e));
        }
    }

    /** A silence that matches every alert (all matchers match the empty string) is a mistake, as in Alertmanager. */
    private static void requireNotMatchAll(List<Matcher> matchers) {
        boolean matchesEmpty = Matcher.all(matchers, Map.of());
        if (matchesEmpty) throw new IllegalArgumentException("a silence must have at least one matcher that does not match an empty label (it would mute everything)");
    }
}
