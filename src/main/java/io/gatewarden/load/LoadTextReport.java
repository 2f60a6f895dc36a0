package io.gatewarden.load;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The text form of a {@link LoadReport}: a header, one table row per source, the busiest minutes, the schedules. */
public final class LoadTextReport {
    /** Rows shown in the sources table; the rest are summed into one line. */
    static final int MAX_ROWS = 25;

    private LoadTextReport() {}

    public static String write(LoadReport r) {
        StringBuilder sb = new StringBuilder();
        String bound = r.lowerBound() ? "at least " : "";
        sb.append(String.format(Locale.ROOT, "%s%,d provider calls, %,d failed, %s to %s (%s); log level %s%n", bound,
                r.calls(), r.failures(), r.from() == null ? "-" : r.from(), r.to() == null ? "-" : r.to(), r.zone(),
                r.logLevel().toUpperCase(Locale.ROOT) + (r.lowerBound() ? ": COUNTS ARE LOWER BOUNDS" : ": complete")));
        if (r.note() != null) sb.append("  ").append(r.note()).append('\n');
        long unplaced = r.sources().stream().filter(s -> "unknown".equals(s.kind())).mapToLong(LoadReport.SourceRow::calls).sum();
        sb.append(String.format(Locale.ROOT, "background (heartbeats, cron, other): %,d of %,d calls = %.0f %%%s%n%n",
                r.backgroundCalls(), r.calls(), 100 * r.backgroundShare(),
                unplaced == 0 ? "" : String.format(Locale.ROOT, "; %,d call(s) whose session the log did not name yet", unplaced)));
        String fmt = "%-34s %-26s %-16s %7s %6s %7s %7s%n";
        sb.append(String.format(Locale.ROOT, fmt, "SOURCE (agent kind name)", "MODEL", "CREDENTIAL", "CALLS", "FAILED",
                "MAX/DAY", "MAX/H"));
        int shown = 0;
        long restCalls = 0, restFailed = 0;
        for (LoadReport.SourceRow s : r.sources()) {
            if (shown++ >= MAX_ROWS) {
                restCalls += s.calls();
                restFailed += s.failures();
                continue;
            }
            sb.append(String.format(Locale.ROOT, fmt, cut(s.who(), 34), cut(s.provider() + "/" + s.model(), 26),
                    cut(s.credential(), 16), num(s.calls(), r.lowerBound()), s.failures(), s.maxPerDay(), s.maxPerHour()));
        }
        if (shown > MAX_ROWS) {
            sb.append(String.format(Locale.ROOT, fmt, "(" + (shown - MAX_ROWS) + " more sources)", "", "", restCalls, restFailed, "", ""));
        }
        if (!r.busiestMinutes().isEmpty()) {
            sb.append("\nbusiest minutes per rate-limit domain\n");
            for (LoadReport.DomainPeaks d : r.busiestMinutes()) {
                sb.append("  ").append(d.domain()).append('\n');
                for (LoadReport.MinuteRow m : d.minutes().subList(0, Math.min(3, d.minutes().size()))) {
                    sb.append(String.format(Locale.ROOT, "    %s  %3d call(s): %s%n", m.minute(), m.calls(),
                            m.who().entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "))));
                }
            }
        }
        if (r.schedule() != null) schedule(sb, r.schedule());
        return sb.toString();
    }

    static void schedule(StringBuilder sb, ScheduleReport s) {
        sb.append(String.format(Locale.ROOT, "%nschedules (projected for %s): %s calls/day%s%n", s.day(), num(s.projectedPerDay()),
                s.cronSources().isEmpty() ? " (no cron job store found)" : " (cron jobs from " + String.join(", ", s.cronSources()) + ")"));
        String fmt = "  %-34s %-24s %-26s %8s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "SOURCE", "SCHEDULE", "MODEL", "CALLS/DAY", ""));
        for (ScheduleReport.Scheduled x : s.schedules()) {
            sb.append(String.format(Locale.ROOT, fmt, cut(x.who(), 34), cut(x.schedule(), 24), cut(String.valueOf(x.model()), 26),
                    num(x.perDay()), x.note() == null ? "" : x.note()));
        }
        List<ScheduleReport.Collision> cs = s.collisions();
        sb.append(cs.isEmpty() ? "  no collisions: no two exact schedules fire in the same minute on one rate-limit domain\n" : "");
        for (ScheduleReport.Collision c : cs) {
            sb.append(String.format(Locale.ROOT, "  COLLISION on %s: %s fire together in %d minute(s) a day (%s%s)%n", c.domain(),
                    String.join(" + ", c.sources()), c.minutesPerDay(), String.join(", ", c.firstMinutes()),
                    c.minutesPerDay() > c.firstMinutes().size() ? ", …" : ""));
        }
        if (!s.suggestions().isEmpty()) {
            sb.append("suggestions\n");
            s.suggestions().forEach(x -> sb.append("  - ").append(x).append('\n'));
        }
    }

    private static String num(long n, boolean lowerBound) {
        return (lowerBound ? "≥" : "") + n;
    }

    private static String num(double n) {
        return n == Math.rint(n) ? String.valueOf((long) n) : String.format(Locale.ROOT, "%.1f", n);
    }

    private static String cut(String s, int w) {
        if (s == null) return "-";
        return s.length() <= w ? s : s.substring(0, w - 1) + "…";
    }
}
