package io.gatewarden.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations as written in gatewarden.yaml: "250ms", "30s", "3m", "1h", "2d", "1h30m", or ISO-8601 "PT30S". */
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
}
