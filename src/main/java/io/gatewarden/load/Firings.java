package io.gatewarden.load;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule fires: cron expressions through cron-utils (5-field Unix cron; a 6-field expression's leading
 * seconds field is dropped: load is counted per minute), fixed intervals from their anchor.
 */
public final class Firings {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** A schedule that fires more often than this within one window is cut off (and counted as the cap). */
    static final int MAX_PER_WINDOW = 100_000;

    private Firings() {}

    /** The firings of a cron expression in [from, to), read in {@code zone}. */
    public static List<Instant> cron(String expr, ZoneId zone, Instant from, Instant to) {
        ExecutionTime et = ExecutionTime.forCron(UNIX.parse(fiveFields(expr)));
        List<Instant> out = new ArrayList<>();
        ZonedDateTime t = from.minusSeconds(1).atZone(zone);
        while (out.size() < MAX_PER_WINDOW) {
            Optional<ZonedDateTime> next = et.nextExecution(t);
            if (next.isEmpty() || !next.get().toInstant().isBefore(to)) break;
            out.add(next.get().toInstant());
            t = next.get();
        }
        return out;
    }

    /** Firings of a fixed interval in [from, to), phased by {@code anchorMs} (epoch 0 when null). */
    public static List<Instant> every(Duration interval, Long anchorMs, Instant from, Instant to) {
        long step = interval.toMillis();
        if (step <= 0) return List.of();
        long anchor = anchorMs == null ? 0 : anchorMs;
        long first = from.toEpochMilli() + Math.floorMod(anchor - from.toEpochMilli(), step);
        List<Instant> out = new ArrayList<>();
        for (long t = first; t < to.toEpochMilli() && out.size() < MAX_PER_WINDOW; t += step) out.add(Instant.ofEpochMilli(t));
        return out;
    }

    static String fiveFields(String expr) {
        if (expr == null || expr.isBlank()) throw new IllegalArgumentException("empty cron expression");
        String[] f = expr.trim().split("\\s+");
        if (f.length == 6) return String.join(" ", java.util.Arrays.copyOfRange(f, 1, 6));
        if (f.length != 5) throw new IllegalArgumentException("'" + expr + "' has " + f.length + " fields (5 or 6 expected)");
        return String.join(" ", f);
    }

    /** The gateway spreads recurring top-of-hour expressions (minute 0, any hour) over up to 5 min unless exact. */
    static boolean autoStaggered(String expr) {
        String[] f = fiveFields(expr).split(" ");
        return f[0].equals("0") && f[1].equals("*");
    }
}
