package io.gatewarden.load;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The daily load digest: yesterday's calls, failures and top sources next to the day before, and the schedules that
 * collide. Rendered as one summary line and a few detail lines, for every alert receiver alike.
 */
public record LoadDigest(LocalDate day, long calls, long failures, long previousCalls, long previousFailures,
                         List<LoadWatch.Count> top, Map<String, Long> previousBySource, List<String> collisions,
                         boolean lowerBound) {
    static final int TOP = 5;

    /** @param lowerBound the gateway logs at INFO: most successful calls are not in its log */
    public static LoadDigest of(LocalDate day, List<LoadWatch.Count> counts, List<LoadWatch.Count> previous,
                                List<String> collisions, boolean lowerBound) {
        Map<String, Long> before = new HashMap<>();
        previous.forEach(c -> before.put(c.who(), c.calls()));
        return new LoadDigest(day, counts.stream().mapToLong(LoadWatch.Count::calls).sum(),
                counts.stream().mapToLong(LoadWatch.Count::failures).sum(),
                previous.stream().mapToLong(LoadWatch.Count::calls).sum(),
                previous.stream().mapToLong(LoadWatch.Count::failures).sum(),
                List.copyOf(counts.subList(0, Math.min(TOP, counts.size()))), Map.copyOf(before), List.copyOf(collisions),
                lowerBound);
    }

    /** "2026-12-06: 412 provider calls (+38 % vs 298 the day before), 3 failed (0 the day before)". */
    public String summary() {
        return String.format(Locale.ROOT, "load %s: %,d provider calls (%s vs %,d the day before), %,d failed (%,d the day before)%s",
                day, calls, change(calls, previousCalls), previousCalls, failures, previousFailures,
                collisions.isEmpty() ? "" : "; " + collisions.size() + " schedule collision(s)");
    }

    /** Top sources (with the day before), then collisions. */
    public List<String> details() {
        List<String> out = new ArrayList<>();
        for (LoadWatch.Count c : top) {
            long before = previousBySource.getOrDefault(c.who(), 0L);
            out.add(String.format(Locale.ROOT, "%s: %,d calls (%,d the day before)%s", c.who(), c.calls(), before,
                    c.failures() > 0 ? ", " + c.failures() + " failed" : ""));
        }
        collisions.forEach(c -> out.add("collision: " + c));
        if (lowerBound) out.add("the gateway logs at INFO: successful calls are mostly not logged, counts are lower bounds"
                + " (logging.level: debug in openclaw.json for complete counts)");
        return out;
    }

    private static String change(long now, long before) {
        if (before == 0) return now == 0 ? "±0 %" : "new";
        long pct = Math.round(100.0 * (now - before) / before);
        return (pct > 0 ? "+" : pct == 0 ? "±" : "") + pct + " %";
    }
}
