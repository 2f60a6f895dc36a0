package io.gatewarden.breaker;

/**
 * Outcomes of the last N seconds as a ring of per-second buckets: O(N) fixed memory per breaker, no per-request
 * allocation. A bucket is reused when its second has left the window.
 */
final class FailureWindow {
    private final int seconds;
    private final long[] epochSecond;
    private final int[] failures;
    private final int[] successes;

    FailureWindow(int seconds) {
        this.seconds = seconds;
        this.epochSecond = new long[seconds];
        this.failures = new int[seconds];
        this.successes = new int[seconds];
        java.util.Arrays.fill(epochSecond, Long.MIN_VALUE);
    }

    void record(long second, boolean failure) {
        int i = (int) Math.floorMod(second, (long) seconds);
        if (epochSecond[i] != second) {
            epochSecond[i] = second;
            failures[i] = 0;
            successes[i] = 0;
        }
        if (failure) failures[i]++;
        else successes[i]++;
    }

    /** [failures, successes] within (now - seconds, now]. */
    int[] counts(long nowSecond) {
        int f = 0;
        int s = 0;
        for (int i = 0; i < seconds; i++) {
            long e = epochSecond[i];
            if (e > nowSecond - seconds && e <= nowSecond) {
                f += failures[i];
                s += successes[i];
            }
        }
        return new int[]{f, s};
    }

    void clear() {
        java.util.Arrays.fill(epochSecond, Long.MIN_VALUE);
    }
}
