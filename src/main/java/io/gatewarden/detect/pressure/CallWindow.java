package io.gatewarden.detect.pressure;

import java.time.Duration;
import java.time.Instant;

/**
 * Calls (and tokens) of one provider credential over the last day in fixed memory: a ring of 362 ten-second
 * buckets (the last hour and a bit, exact enough for per-minute budgets) and a ring of 146 ten-minute buckets (a day
 * and a bit: the bucket leaving a one-day window is still there to say what comes back).
 * Range queries assume calls are spread evenly inside a bucket, except that the newest bucket only spans up to now.
 */
final class CallWindow {
    private final Ring fine = new Ring(10, 362);
    private final Ring coarse = new Ring(600, 146);
    private Instant latest = Instant.EPOCH;

    void add(Instant at, long tokens) {
        if (at.isAfter(latest)) latest = at;
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

    Instant latest() {
        return latest;
    }

    private Ring ring(Instant from, Instant now) {
        return Duration.between(from, now).getSeconds() < fine.span() - fine.bucketSeconds ? fine : coarse;
    }

    private static final class Ring {
        final int bucketSeconds;
        final long[] ids;
        final int[] calls;
        final long[] tokens;

        Ring(int bucketSeconds, int n) {
            this.bucketSeconds = bucketSeconds;
            this.ids = new long[n];
            this.calls = new int[n];
            this.tokens = new long[n];
            java.util.Arrays.fill(ids, -1);
        }

        long span() {
            return (long) bucketSeconds * ids.length;
        }

        void add(Instant at, long tok) {
            long id = Math.floorDiv(at.getEpochSecond(), bucketSeconds);
            int i = (int) Math.floorMod(id, ids.length);
            if (ids[i] != id) {
                if (ids[i] > id) return; // older than the ring remembers
                ids[i] = id;
                calls[i] = 0;
                tokens[i] = 0;
            }
            calls[i]++;
            tokens[i] += tok;
        }

        double sum(Instant from, Instant to, Instant now, boolean ofTokens) {
            // the newest bucket spans up to and including now, so a call at this very instant counts
            long nowMs = now.toEpochMilli() + 1;
            long fromMs = from.toEpochMilli();
            long toMs = to.isBefore(now) ? to.toEpochMilli() : nowMs;
            if (toMs <= fromMs) return 0;
            double total = 0;
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] < 0) continue;
                long bs = ids[i] * bucketSeconds * 1000L;
                long be = Math.min(bs + bucketSeconds * 1000L, Math.max(nowMs, bs + 1));
                long overlap = Math.min(be, toMs) - Math.max(bs, fromMs);
                if (overlap <= 0) continue;
                double share = Math.min(1.0, overlap / (double) (be - bs));
                total += share * (ofTokens ? tokens[i] : calls[i]);
            }
            return total;
        }
    }
}
