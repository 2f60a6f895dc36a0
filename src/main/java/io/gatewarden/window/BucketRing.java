package io.gatewarden.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The one sliding-window store: a ring of fixed-width time buckets, each holding a few counts ("channels": failures
 * and successes, calls and tokens). Memory is fixed at construction and nothing is allocated per add or query.
 * <p>
 * A bucket is the absolute number {@code floor(epoch millis / width)}; bucket {@code b} lives in slot
 * {@code b mod slots}, and a slot that holds another bucket counts as empty for {@code b} until {@link #add} reuses it.
 * Time comes only from the instants the caller passes (event time or its injected clock), so replay and live agree.
 * A clock that jumps forward simply ages the old buckets out; after a step back, buckets "in the future" are ignored
 * by sums that end at the new now (never subtracted, so no count goes negative). Whether a late add may overwrite a
 * newer bucket is the caller's rule ({@link #holdsNewerThan}).
 * <p>
 * Not thread-safe: each owner guards its ring as it guards the rest of its state.
 */
public final class BucketRing {
    /** The bucket number of a slot that has never held one. */
    public static final long EMPTY = Long.MIN_VALUE;

    private final long bucketMillis;
    private final int slots;
    private final long[] bucketIn;
    /** counts[channel][slot] */
    private final long[][] counts;

    public BucketRing(Duration bucketWidth, int slots, int channels) {
        if (bucketWidth == null || bucketWidth.toMillis() < 1) {
            throw new IllegalArgumentException("bucket width must be at least 1ms, got " + bucketWidth);
        }
        if (slots < 1) throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        if (channels < 1) throw new IllegalArgumentException("channels must be at least 1, got " + channels);
        this.bucketMillis = bucketWidth.toMillis();
        this.slots = slots;
        this.bucketIn = new long[slots];
        this.counts = new long[channels][slots];
        Arrays.fill(bucketIn, EMPTY);
    }

    /** The bucket number that holds {@code t}. */
    public long bucketOf(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), bucketMillis);
    }

    public int slots() {
        return slots;
    }

    /** The window the ring can hold: {@code slots × width}. */
    public Duration span() {
        return Duration.ofMillis(bucketMillis * slots);
    }

    /** Adds {@code n} to one channel of bucket {@code b}; a slot holding any other bucket is emptied and reused first. */
    public void add(long b, int channel, long n) {
        counts[channel][claim(b)] += n;
    }

    /**
     * The slot of bucket {@code b}, emptied first when it held another bucket; then {@link #addAt} adds to each
     * channel without working the slot out again.
     */
    public int claim(long b) {
        int slot = slotOf(b);
        if (bucketIn[slot] != b) {
            bucketIn[slot] = b;
            for (long[] channel : counts) channel[slot] = 0;
        }
        return slot;
    }

    /** Adds {@code n} to one channel of the bucket a slot holds (the slot {@link #claim} returned). */
    public void addAt(int slot, int channel, long n) {
        counts[channel][slot] += n;
    }

    /** True when bucket {@code b}'s slot already holds a later bucket (b is older than the ring remembers). */
    public boolean holdsNewerThan(long b) {
        return bucketIn[slotOf(b)] > b;
    }

    /** One channel of bucket {@code b}; 0 when its slot holds another bucket. */
    public long count(long b, int channel) {
        int slot = slotOf(b);
        return bucketIn[slot] == b ? counts[channel][slot] : 0;
    }

    /** One channel summed over the buckets in {@code [first, last]} that the ring holds. */
    public long sum(long first, long last, int channel) {
        long[] c = counts[channel];
        long sum = 0;
        for (int slot = 0; slot < slots; slot++) {
            long b = bucketIn[slot];
            if (b != EMPTY && b >= first && b <= last) sum += c[slot];
        }
        return sum;
    }

    /** The slot bucket {@code b} lives in. */
    public int slotOf(long b) {
        return (int) Math.floorMod(b, (long) slots);
    }

    /** The bucket a slot holds, or {@link #EMPTY}: for callers that weigh each bucket themselves (range estimates). */
    public long bucketAt(int slot) {
        return bucketIn[slot];
    }

    /** One channel of whatever bucket a slot holds. */
    public long countAt(int slot, int channel) {
        return counts[channel][slot];
    }

    /** Forgets every bucket. */
    public void clear() {
        Arrays.fill(bucketIn, EMPTY);
        for (long[] channel : counts) Arrays.fill(channel, 0);
    }
}
