package io.gatewarden.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts events over the last {@code window} as a ring of fixed-width buckets: O(buckets) memory whatever the rate.
 * Time comes only from the instants passed in (event time), never from a clock, so replay and live runs agree.
 * <p>
 * A clock that jumps forward simply ages every bucket out; a clock that goes back sees only buckets up to "now"
 * (later ones are ignored, never subtracted), so the count is never negative; the ring only holds the last window
 * behind the newest add, so after a step back the count covers less than a full window. Adds older than that are dropped.
 * The count is exact to one bucket width at the window's old edge.
 */
public final class SlidingWindowCounter {
    private final long bucketMillis;
    private final int buckets;
    private final long[] counts;
    /** Absolute bucket number (epoch millis / width) each slot currently holds; Long.MIN_VALUE when empty. */
    private final long[] slotBucket;
    private long newestBucket = Long.MIN_VALUE;
    private long dropped;

    public SlidingWindowCounter(Duration window, int buckets) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (buckets < 1) throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
        this.buckets = buckets;
        this.bucketMillis = Math.max(1, ceilDiv(window.toMillis(), buckets));
        this.counts = new long[buckets];
        this.slotBucket = new long[buckets];
        java.util.Arrays.fill(slotBucket, Long.MIN_VALUE);
    }

    /** A counter with one bucket per 1/60 of the window (at least 1 ms each). */
    public static SlidingWindowCounter of(Duration window) {
        return new SlidingWindowCounter(window, 60);
    }

    public void add(Instant at) {
        add(at, 1);
    }

    public void add(Instant at, long n) {
        if (at == null || n <= 0) return;
        long b = bucketOf(at);
        if (newestBucket != Long.MIN_VALUE && b <= newestBucket - buckets) {
            dropped += n; // older than anything the window can still show
            return;
        }
        int slot = slot(b);
        if (slotBucket[slot] != b) {
            slotBucket[slot] = b;
            counts[slot] = 0;
        }
        counts[slot] += n;
        if (b > newestBucket) newestBucket = b;
    }

    /** Events in the window that ends at {@code now}: buckets in (now - window, now]. */
    public long count(Instant now) {
        if (now == null) return 0;
        long nowBucket = bucketOf(now);
        long oldest = nowBucket - buckets + 1;
        long sum = 0;
        for (int i = 0; i < buckets; i++) {
            long b = slotBucket[i];
            if (b != Long.MIN_VALUE && b >= oldest && b <= nowBucket) sum += counts[i];
        }
        return sum;
    }

    /** Adds that arrived too late to be counted (older than the window behind the newest one seen). */
    public long dropped() {
        return dropped;
    }

    public Duration window() {
        return Duration.ofMillis(bucketMillis * buckets);
    }

    private long bucketOf(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), bucketMillis);
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) buckets);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
