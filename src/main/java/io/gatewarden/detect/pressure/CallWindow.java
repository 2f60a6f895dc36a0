package io.gatewarden.detect.pressure;

import io.gatewarden.window.BucketRing;

import java.time.Duration;
import java.time.Instant;

/**
 * Calls (and tokens) of one provider credential over the last day in fixed memory: a ring of 362 ten-second
 * buckets (the last hour and a bit, exact enough for per-minute budgets) and a ring of 146 ten-minute buckets (a day
 * and a bit: the bucket leaving a one-day window is still there to say what comes back).
 * Range queries assume calls are spread evenly inside a bucket, except that the newest bucket only spans up to now.
 */
final class CallWindow {
    private static final int CALLS = 0;
    private static final int TOKENS = 1;
    private final Ring fine = new Ring(10, 362);
    private final Ring coarse = new Ring(600, 146);

    void add(Instant at, long tokens) {
        fine.add(at, tokens);
        coarse.add(at, tokens);
    }

    /** Estimated calls in [from, to) as seen at {@code now}. */
    double calls(Instant from, Instant to, Instant now) {
        return ring(from, now).sum(from, to, now, false);
    }

    double tokens(Instant from, Instant to, Instant now) {
        return ring(from, now).sum(from, to, now, true);
    }

    private Ring ring(Instant from, Instant now) {
        return Duration.between(from, now).getSeconds() < fine.span() - fine.bucketSeconds ? fine : coarse;
    }

    /** One ring of buckets with the range estimate; channel 0 counts calls, channel 1 tokens. */
    private static final class Ring {
        final int bucketSeconds;
        final BucketRing buckets;

        Ring(int bucketSeconds, int n) {
            this.bucketSeconds = bucketSeconds;
            this.buckets = new BucketRing(Duration.ofSeconds(bucketSeconds), n, 2);
        }

        long span() {
            return (long) bucketSeconds * buckets.slots();
        }

        void add(Instant at, long tok) {
            long id = buckets.bucketOf(at);
            if (buckets.holdsNewerThan(id)) return; // older than the ring remembers
            int slot = buckets.claim(id);
            buckets.addAt(slot, CALLS, 1);
            buckets.addAt(slot, TOKENS, tok);
        }

        double sum(Instant from, Instant to, Instant now, boolean ofTokens) {
            // the newest bucket spans up to and including now, so a call at this very instant counts
            long nowMs = now.toEpochMilli() + 1;
            long fromMs = from.toEpochMilli();
            long toMs = to.isBefore(now) ? to.toEpochMilli() : nowMs;
            if (toMs <= fromMs) return 0;
            // Only buckets starting before toMs and ending after fromMs can overlap. They sit in one run of ids, so
            // in at most two runs of slots; those are visited in slot order, the order of a full scan, so the sum
            // (floating point) is the same to the last bit. A minute's budget looks at 7 slots instead of 362.
            long bucketMs = bucketSeconds * 1000L;
            int n = buckets.slots();
            int channel = ofTokens ? TOKENS : CALLS;
            long firstId = Math.floorDiv(fromMs, bucketMs);
            long lastId = Math.floorDiv(toMs - 1, bucketMs);
            if (lastId - firstId + 1 >= n) return sum(0, 0, n - 1, fromMs, toMs, nowMs, channel);
            int lo = buckets.slotOf(firstId);
            int hi = buckets.slotOf(lastId);
            if (lo <= hi) return sum(0, lo, hi, fromMs, toMs, nowMs, channel);
            return sum(sum(0, 0, hi, fromMs, toMs, nowMs, channel), lo, n - 1, fromMs, toMs, nowMs, channel);
        }

        /** Adds slots lo..hi to {@code total}, one after the other (the running sum of a full scan). */
        private double sum(double total, int lo, int hi, long fromMs, long toMs, long nowMs, int channel) {
            long bucketMs = bucketSeconds * 1000L;
            for (int i = lo; i <= hi; i++) {
                long id = buckets.bucketAt(i);
                if (id < 0) continue; // empty
                long bs = id * bucketMs;
                long be = Math.min(bs + bucketMs, Math.max(nowMs, bs + 1));
                long overlap = Math.min(be, toMs) - Math.max(bs, fromMs);
                if (overlap <= 0) continue;
                double share = Math.min(1.0, overlap / (double) (be - bs));
                total += share * buckets.countAt(i, channel);
            }
            return total;
        }
    }
}
