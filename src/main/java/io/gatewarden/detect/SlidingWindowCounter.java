package io.gatewarden.detect;

import io.gatewarden.window.BucketRing;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts events over the last {@code window} as a ring of fixed-width buckets ({@link BucketRing}): O(buckets) memory
 * whatever the rate. Time comes only from the instants passed in (event time), never from a clock, so replay and live
 * runs agree.
 * <p>
 * A clock that jumps forward simply ages every bucket out; a clock that goes back sees only buckets up to "now"
 * (later ones are ignored, never subtracted), so the count is never negative; the ring only holds the last window
 * behind the newest add, so after a step back the count covers less than a full window. Adds older than that are dropped.
 * The count is exact to one bucket width at the window's old edge.
 */
public final class SlidingWindowCounter {
    private final BucketRing ring;
    private long newestBucket = Long.MIN_VALUE;
    private long dropped;

    public SlidingWindowCounter(Duration window, int buckets) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (buckets < 1) throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
        this.ring = new BucketRing(Duration.ofMillis(Math.max(1, ceilDiv(window.toMillis(), buckets))), buckets, 1);
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
        long b = ring.bucketOf(at);
        if (newestBucket != Long.MIN_VALUE && b <= newestBucket - ring.slots()) {
            dropped += n; // older than anything the window can still show
            return;
        }
        ring.add(b, 0, n);
        if (b > newestBucket) newestBucket = b;
    }

    /** Events in the window that ends at {@code now}: buckets in (now - window, now]. */
    public long count(Instant now) {
        if (now == null) return 0;
        long nowBucket = ring.bucketOf(now);
        return ring.sum(nowBucket - ring.slots() + 1, nowBucket, 0);
    }

    /** Adds that arrived too late to be counted (older than the window behind the newest one seen). */
    public long dropped() {
        return dropped;
    }

    public Duration window() {
        return ring.span();
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
