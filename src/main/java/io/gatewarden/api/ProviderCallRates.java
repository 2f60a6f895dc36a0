package io.gatewarden.api;

import io.gatewarden.parse.GatewayEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Model calls per provider and minute over the last hour, failed and total: the status page's error-rate chart.
 *
 * <p>What one call is, from the gateway's log (fixtures 02, 05, 06):
 * <ul>
 *   <li>a {@code [model-fetch] response … status=N} line: one HTTP exchange, failed when N &ge; 400. It is the one
 *       line per request (the attempt-end and same-model-retry lines of that request are echoes and not counted);</li>
 *   <li>a fallback decision {@code candidate_failed} for a model with no failed fetch just before it: the rung failed
 *       without a request the fetch line would show (no API key, unknown model);</li>
 *   <li>a success the log names when 2xx fetch lines are not written (they are DEBUG only): a
 *       {@code candidate_succeeded} decision, or a run that ended with {@code stopReason=stop}, attributed to the
 *       model the run last tried, else to the current primary. Once a 2xx fetch line has been seen, those are echoes.</li>
 * </ul>
 * Minutes come from the lines' own timestamps, so a late line lands in its minute.
 *
 * <p>Memory is bounded: a ring of {@value #MINUTES} per-minute buckets per provider, at most {@value #MAX_PROVIDERS}
 * providers (least recently fed dropped first), and small LRUs for run and echo bookkeeping. Thread-safe: the tail
 * thread feeds it and HTTP threads read {@link #snapshot()}.
 */
public final class ProviderCallRates implements Consumer<GatewayEvent> {
    public static final int MINUTES = 60;
    static final int MAX_PROVIDERS = 32;
    static final int MAX_RUNS = 1024;
    static final int MAX_REFS = 256;
    /** A decision line this soon after a failed fetch of the same model is that fetch's echo. */
    static final Duration ECHO = Duration.ofSeconds(15);
    /** How long one 2xx fetch line marks the log as DEBUG (successes counted from fetch lines only). */
    static final Duration DEBUG_MEMORY = Duration.ofMinutes(10);

    private final Clock clock;
    private final Supplier<String> primary;
    private final Map<String, Series> providers = lru(MAX_PROVIDERS);
    private final Map<String, Run> runs = lru(MAX_RUNS);
    private final Map<String, Instant> lastFailedFetch = lru(MAX_REFS);
    private Instant lastOkFetch;

    /** What one provider did, oldest minute first; {@code failed[i] <= total[i]}. */
    public record ProviderSeries(String provider, int[] failed, int[] total, long failedCalls, long calls) {}

    /**
     * @param from         start of the first minute
     * @param minuteCount  number of buckets (the last one is the current, still filling minute)
     * @param providers    providers with at least one call in the window, by name
     */
    public record Snapshot(Instant from, int minuteCount, List<ProviderSeries> providers) {}

    private static final class Run {
        String lastAttempt;
        String left;
        boolean succeeded;
    }

    /** One provider's ring: slot = epoch minute mod {@link #MINUTES}; a slot whose stamp is stale counts as empty. */
    private static final class Series {
        final long[] stamp = new long[MINUTES];
        final int[] failed = new int[MINUTES];
        final int[] total = new int[MINUTES];

        Series() {
            Arrays.fill(stamp, Long.MIN_VALUE);
        }

        void add(long minute, boolean failure) {
            int slot = (int) Math.floorMod(minute, (long) MINUTES);
            if (stamp[slot] != minute) {
                stamp[slot] = minute;
                failed[slot] = 0;
                total[slot] = 0;
            }
            total[slot]++;
            if (failure) failed[slot]++;
        }
    }

    /**
     * @param primary the gateway's current primary ({@code provider/model}), for runs that name no model; may return null
     */
    public ProviderCallRates(Clock clock, Supplier<String> primary) {
        this.clock = clock;
        this.primary = primary == null ? () -> null : primary;
    }

    @Override
    public synchronized void accept(GatewayEvent e) {
        if (e == null || e.type() == null) return;
        Instant at = e.time() != null ? e.time() : clock.instant();
        String ref = e.modelRef();
        switch (e.type()) {
            case MODEL_FETCH -> {
                if (e.provider() == null || e.status() == 0) return;
                boolean failure = e.status() >= 400;
                if (failure && ref != null) lastFailedFetch.put(ref, at);
                if (!failure && e.status() >= 200 && e.status() < 300) lastOkFetch = at;
                if (failure || e.status() < 300) record(e.provider(), at, failure);
            }
            case RUN_ATTEMPT_FAILED -> {
                Run r = run(e.runId());
                if (r != null && ref != null) r.lastAttempt = ref;
            }
            case FALLBACK_CANDIDATE_SUCCEEDED -> {
                Run r = run(e.runId());
                if (r != null) r.succeeded = true;
                if (ref != null && !debugLevel(at)) record(e.provider(), at, false);
            }
            case RUN_SUCCEEDED -> runSucceeded(e, at);
            default -> {
                if (!"candidate_failed".equals(e.attr("decision")) || ref == null) return;
                Run r = run(e.runId());
                if (r != null) r.left = ref;
                Instant fetched = lastFailedFetch.get(ref);
                boolean echo = fetched != null && !at.isBefore(fetched.minus(ECHO)) && !at.isAfter(fetched.plus(ECHO));
                if (!echo) record(e.provider(), at, true);
            }
        }
    }

    private void runSucceeded(GatewayEvent e, Instant at) {
        Run r = run(e.runId());
        if (r != null && r.succeeded) return;
        if (r != null) r.succeeded = true;
        if (debugLevel(at)) return;
        String ref = e.modelRef();
        if (ref == null && r != null && r.lastAttempt != null && !r.lastAttempt.equals(r.left)) ref = r.lastAttempt;
        if (ref == null && (r == null || r.left == null)) ref = primary.get();
        int slash = ref == null ? -1 : ref.indexOf('/');
        if (slash > 0) record(ref.substring(0, slash), at, false);
    }

    private boolean debugLevel(Instant at) {
        return lastOkFetch != null && !at.isAfter(lastOkFetch.plus(DEBUG_MEMORY));
    }

    private Run run(String runId) {
        if (runId == null || runId.isBlank()) return null;
        return runs.computeIfAbsent(runId, k -> new Run());
    }

    private void record(String provider, Instant at, boolean failure) {
        long now = minuteOf(clock.instant());
        long minute = Math.min(minuteOf(at), now); // a clock ahead of ours lands in the current minute
        if (minute <= now - MINUTES) return;
        providers.computeIfAbsent(provider, k -> new Series()).add(minute, failure);
    }

    /** The last {@value #MINUTES} minutes, ending with the current one. */
    public synchronized Snapshot snapshot() {
        long now = minuteOf(clock.instant());
        long first = now - MINUTES + 1;
        List<ProviderSeries> out = new ArrayList<>();
        for (Map.Entry<String, Series> en : providers.entrySet()) {
            Series s = en.getValue();
            int[] failed = new int[MINUTES];
            int[] total = new int[MINUTES];
            long f = 0, t = 0;
            for (int i = 0; i < MINUTES; i++) {
                long minute = first + i;
                int slot = (int) Math.floorMod(minute, (long) MINUTES);
                if (s.stamp[slot] != minute) continue;
                failed[i] = s.failed[slot];
                total[i] = s.total[slot];
                f += failed[i];
                t += total[i];
            }
            if (t > 0) out.add(new ProviderSeries(en.getKey(), failed, total, f, t));
        }
        out.sort(Comparator.comparing(ProviderSeries::provider));
        return new Snapshot(Instant.ofEpochSecond(first * 60), MINUTES, out);
    }

    private static long minuteOf(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 60);
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

}
