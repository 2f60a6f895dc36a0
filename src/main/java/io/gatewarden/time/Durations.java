package io.gatewarden.time;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human durations as written in gatewarden.yaml: "250ms", "30s", "3m", "1h", "2d", "1h30m", or ISO-8601 "PT30S";
 * and the three ways gatewarden writes one: exact ({@link #format}: config values, timers), the span of an incident in
 * an alert ({@link #span}: two units, whole seconds) and a forecast ({@link #approx}: one rounded unit).
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String text) {
        if (text == null) throw new IllegalArgumentException("duration is missing");
        String s = text.trim();
        if (s.isEmpty()) throw new IllegalArgumentException("duration is empty");
        if (s.startsWith("P") || s.startsWith("p")) return Duration.parse(s);
        if (s.equals("0")) return Duration.ZERO;
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) break;
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            pos = m.end();
        }
        if (pos != s.length() || pos == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 30s, 3m, 1h, 1d)");
        }
        return total;
    }

    /** The shortest human form: 90s -> "1m30s". */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        long ms = d.toMillis();
        StringBuilder sb = new StringBuilder();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                sb.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return sb.toString();
    }

    /**
     * How long an incident lasted, as alerts say it: the two largest units of whole seconds, no days ("45s", "3m12s",
     * "26h5m"); zero or negative is "0s". Log times carry milliseconds no reader wants in "over 3m12s".
     */
    public static String span(Duration d) {
        if (d.isNegative() || d.isZero()) return "0s";
        long s = d.getSeconds();
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
    }

    /** An estimate, rounded to one unit ("45s", "12m", "2.5h"): a forecast is no more precise than that. */
    public static String approx(Duration d) {
        long s = d.getSeconds();
        if (s < 90) return s + "s";
        if (s < 90 * 60) return Math.round(s / 60.0) + "m";
        return String.format(Locale.ROOT, "%.1fh", s / 3600.0);
    }
}
