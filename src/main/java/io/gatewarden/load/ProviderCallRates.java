package io.gatewarden.load;

import io.gatewarden.run.RequestOutcome;
import io.gatewarden.window.BucketRing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Model calls per provider and minute over the last hour, failed and total: the status page's error-rate chart.
 * A call is one {@link RequestOutcome} of the run model's stream ({@link io.gatewarden.run.RunModel}): each real
 * provider request once, the same requests the breakers and the quota forecast count; a skipped rung is none.
 * Minutes come from the requests' log times, so a late line lands in its minute.
 *
 * <p>Memory is bounded: a ring of {@value #MINUTES} per-minute buckets per provider, at most {@value #MAX_PROVIDERS}
 * providers (least recently fed dropped first). Thread-safe: the tail thread feeds it and HTTP threads read
 * {@link #snapshot()}.
 */
public final class ProviderCallRates implements Consumer<RequestOutcome> {
    public static final int MINUTES = 60;
    static final int MAX_PROVIDERS = 32;
    private static final int FAILED = 0;
    private static final int TOTAL = 1;

    private final Clock clock;
    /** One ring of per-minute buckets per provider (a bucket is an epoch minute). */
    private final Map<String, BucketRing> providers = lru(MAX_PROVIDERS);

    /** What one provider did, oldest minute first; {@code failed[i] <= total[i]}. */
    public record ProviderSeries(String provider, int[] failed, int[] total, long failedCalls, long calls) {}

    /**
     * @param from         start of the first minute
     * @param minuteCount  number of buckets (the last one is the current, still filling minute)
     * @param providers    providers with at least one call in the window, by name
     */
    public record Snapshot(Instant from, int minuteCount, List<ProviderSeries> providers) {}

    public ProviderCallRates(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void accept(RequestOutcome r) {
        if (r == null || r.provider() == null) return;
        record(r.provider(), r.at() != null ? r.at() : clock.instant(), r.failure());
    }

    private void record(String provider, Instant at, boolean failure) {
        long now = minuteOf(clock.instant());
        long minute = Math.min(minuteOf(at), now); // a clock ahead of ours lands in the current minute
        if (minute <= now - MINUTES) return;
        BucketRing ring = providers.computeIfAbsent(provider, k -> newRing());
        ring.add(minute, TOTAL, 1);
        if (failure) ring.add(minute, FAILED, 1);
    }

    /** The last {@value #MINUTES} minutes, ending with the current one. */
    public synchronized Snapshot snapshot() {
        long now = minuteOf(clock.instant());
        long first = now - MINUTES + 1;
        List<ProviderSeries> out = new ArrayList<>();
        for (Map.Entry<String, BucketRing> en : providers.entrySet()) {
            BucketRing ring = en.getValue();
            int[] failed = new int[MINUTES];
            int[] total = new int[MINUTES];
            long f = 0, t = 0;
            for (int i = 0; i < MINUTES; i++) {
                failed[i] = (int) ring.count(first + i, FAILED);
                total[i] = (int) ring.count(first + i, TOTAL);
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

    private static BucketRing newRing() {
        return new BucketRing(Duration.ofMinutes(1), MINUTES, 2);
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
