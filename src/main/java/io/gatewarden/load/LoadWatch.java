package io.gatewarden.load;

import io.gatewarden.run.RequestOutcome;
import io.gatewarden.run.RunModel;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The daemon's load view: the run model's request stream counted by source per local day (for the daily digest) and
 * per hour (calls per source over the last 24 h, for the status page and {@code /api/load}), each call handed to
 * listeners (the Prometheus counters). Bounded: three days and 25 hours are kept, each with at most
 * {@code max_sources} sources (the rest summed as one). Thread-safe: the pipeline's thread writes, HTTP threads and
 * the scheduler read.
 */
public final class LoadWatch {
    static final String OTHER_SOURCES = "(other sources)";
    private static final int DAYS_KEPT = 3;
    private static final int HOURS_KEPT = 25;

    /** Calls and failures of one source. */
    public record Count(String who, String kind, long calls, long failures) {}

    private final LoadSettings settings;
    private final RunModel runs;
    private final LoadLedger.Credentials credentials;
    private final Function<String, String> jobNames;
    private final Clock clock;
    private final ZoneId zone;
    private final List<Consumer<LoadSource>> listeners = new CopyOnWriteArrayList<>();
    private final TreeMap<LocalDate, Map<String, long[]>> days = new TreeMap<>();
    private final TreeMap<Long, Map<String, long[]>> hours = new TreeMap<>();
    private final Map<String, String> kinds = new HashMap<>();

    public LoadWatch(LoadSettings settings, RunModel runs, LoadLedger.Credentials credentials,
                     Function<String, String> jobNames, Clock clock) {
        this.settings = settings;
        this.runs = runs;
        this.credentials = credentials;
        this.jobNames = jobNames;
        this.clock = clock;
        this.zone = settings.zoneId();
    }

    private volatile boolean debugSeen;

    /** Any line: a DEBUG one means successful calls are logged (an INFO log hides most of them). */
    public void onEvent(io.gatewarden.parse.GatewayEvent e) {
        if (!debugSeen && e.level() > 0 && e.level() <= 2) debugSeen = true;
    }

    /** False while no DEBUG line was seen: the counts are lower bounds. */
    public boolean complete() {
        return debugSeen;
    }

    public void addListener(Consumer<LoadSource> listener) {
        listeners.add(listener);
    }

    /** One provider request, as the run model settled it. Counted at the request's log time. */
    public void onRequest(RequestOutcome r) {
        if (r.provider() == null || r.model() == null) return;
        LoadSource s = LoadLedger.sourceOf(r, runs, credentials, jobNames);
        Instant at = r.at() != null ? r.at() : clock.instant();
        synchronized (this) {
            String who = s.who();
            kinds.putIfAbsent(who, s.kind().wireName());
            add(days.computeIfAbsent(at.atZone(zone).toLocalDate(), k -> new HashMap<>()), who, r.failure());
            add(hours.computeIfAbsent(Math.floorDiv(at.getEpochSecond(), 3600), k -> new HashMap<>()), who, r.failure());
            while (days.size() > DAYS_KEPT) days.pollFirstEntry();
            while (hours.size() > HOURS_KEPT) hours.pollFirstEntry();
            if (kinds.size() > 4 * settings.maxSources()) kinds.clear();
        }
        for (Consumer<LoadSource> l : listeners) l.accept(s);
    }

    private void add(Map<String, long[]> into, String who, boolean failed) {
        long[] c = into.get(who);
        if (c == null) {
            if (into.size() >= settings.maxSources()) who = OTHER_SOURCES;
            c = into.computeIfAbsent(who, k -> new long[2]);
        }
        c[0]++;
        if (failed) c[1]++;
    }

    /** Calls per source over the last 24 hours (whole hours: the current one and the 23 before), busiest first. */
    public synchronized List<Count> last24h() {
        long now = Math.floorDiv(clock.instant().getEpochSecond(), 3600);
        Map<String, long[]> sum = new HashMap<>();
        hours.tailMap(now - 23, true).headMap(now, true).values().forEach(m -> m.forEach((who, c) -> {
            long[] s = sum.computeIfAbsent(who, k -> new long[2]);
            s[0] += c[0];
            s[1] += c[1];
        }));
        return sorted(sum);
    }

    /** Calls per source on one local day, busiest first (empty when the day is not kept). */
    public synchronized List<Count> day(LocalDate day) {
        return sorted(days.getOrDefault(day, Map.of()));
    }

    private List<Count> sorted(Map<String, long[]> m) {
        List<Count> out = new ArrayList<>();
        m.forEach((who, c) -> out.add(new Count(who, kinds.getOrDefault(who, "other"), c[0], c[1])));
        out.sort(Comparator.comparingLong(Count::calls).reversed().thenComparing(Count::who));
        return out;
    }

    public ZoneId zone() {
        return zone;
    }

    /** When the digest for {@code today} is due: digest_at on that local day. */
    public Instant digestDue(LocalDate today) {
        return ZonedDateTime.of(today, settings.digestTime(), zone).toInstant();
    }

    public LoadSettings settings() {
        return settings;
    }

    /** Builds the digest of the day before {@code today}, compared with the day before that. */
    public LoadDigest digest(LocalDate today, Supplier<List<String>> collisions) {
        LocalDate yesterday = today.minusDays(1);
        return LoadDigest.of(yesterday, day(yesterday), day(yesterday.minusDays(1)), collisions.get(), !complete());
    }

}
