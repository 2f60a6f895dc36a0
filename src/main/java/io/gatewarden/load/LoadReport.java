package io.gatewarden.load;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code gatewarden load} prints (text or {@code gatewarden.load/v1} JSON): calls per source, per day and hour,
 * the background share, failures, the busiest minutes per rate-limit domain, and — with the gateway config — the
 * schedules' projection. Built once from a finished {@link LoadLedger}.
 *
 * @param logLevel   "debug" when the log holds DEBUG lines, else "info"
 * @param lowerBound true for an INFO log: the gateway logs a successful response only at DEBUG unless it took ≥ 1 s,
 *                   so successful calls are missing and every count is at least what it says
 * @param schedule   the projection from the config and cron jobs, or null without {@code --config}
 */
public record LoadReport(String schema, String logLevel, boolean lowerBound, String note, Instant from, Instant to,
                         String zone, long calls, long failures, long backgroundCalls, List<SourceRow> sources,
                         List<DomainPeaks> busiestMinutes, ScheduleReport schedule) {
    public static final String SCHEMA = "gatewarden.load/v1";
    /** Busiest minutes shown per domain. */
    static final int TOP_MINUTES = 5;
    static final String MAIN_UNPLACED = "main session (heartbeat or chat: an INFO log does not say which)";
    static final String LOWER_BOUND_NOTE = "INFO log: the gateway logs a successful provider response only at DEBUG"
            + " (unless it took >= 1 s), so most successful calls are not in this log; counts are lower bounds."
            + " Set logging.level: debug in openclaw.json for complete counts.";

    /**
     * @param perDay  calls per local calendar day (yyyy-MM-dd)
     * @param perHour calls per local hour (yyyy-MM-ddTHH)
     */
    public record SourceRow(String agent, String kind, String name, String provider, String model, String credential,
                            long calls, long failures, long maxPerDay, long maxPerHour,
                            Map<String, Long> perDay, Map<String, Long> perHour) {
        public String who() {
            return LoadSource.who(agent, kind, name);
        }
    }

    /** One rate-limit domain's busiest minutes (local time, yyyy-MM-ddTHH:mm), each with who called in it. */
    public record DomainPeaks(String domain, List<MinuteRow> minutes) {}

    public record MinuteRow(String minute, int calls, Map<String, Integer> who) {}

    public LoadReport withSchedule(ScheduleReport s) {
        return new LoadReport(schema, logLevel, lowerBound, note, from, to, zone, calls, failures, backgroundCalls,
                sources, busiestMinutes, s);
    }

    public double backgroundShare() {
        return calls == 0 ? 0 : (double) backgroundCalls / calls;
    }

    public static LoadReport of(LoadLedger ledger, ZoneId zone) {
        boolean debug = ledger.debugLevel();
        // at INFO the trigger line is missing: a main-session turn may be a heartbeat or a person's message
        Map<LoadSource, LoadLedger.Tally> merged = new HashMap<>();
        ledger.tallies.forEach((s, t) -> {
            LoadSource key = !debug && s.kind() == SourceKind.CHAT && SessionKinds.MAIN.equals(s.name())
                    ? new LoadSource(s.agent(), SourceKind.OTHER, MAIN_UNPLACED, s.provider(), s.model(), s.credential()) : s;
            LoadLedger.Tally into = merged.computeIfAbsent(key, k -> new LoadLedger.Tally());
            into.calls += t.calls;
            into.failures += t.failures;
            t.byHour.forEach((h, n) -> into.byHour.computeIfAbsent(h, k -> new long[1])[0] += n[0]);
        });
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd");
        DateTimeFormatter hour = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");
        List<SourceRow> rows = new ArrayList<>();
        long calls = 0, failures = 0, background = 0;
        for (Map.Entry<LoadSource, LoadLedger.Tally> e : merged.entrySet()) {
            LoadSource s = e.getKey();
            LoadLedger.Tally t = e.getValue();
            Map<String, Long> perDay = new TreeMap<>();
            Map<String, Long> perHour = new TreeMap<>();
            t.byHour.forEach((h, n) -> {
                LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochSecond(h * 3600), zone);
                perDay.merge(day.format(local), n[0], Long::sum);
                perHour.merge(hour.format(local), n[0], Long::sum);
            });
            rows.add(new SourceRow(s.agent(), s.kind().wireName(), s.name(), s.provider(), s.model(), s.credential(),
                    t.calls, t.failures, perDay.values().stream().mapToLong(Long::longValue).max().orElse(0),
                    perHour.values().stream().mapToLong(Long::longValue).max().orElse(0), perDay, perHour));
            calls += t.calls;
            failures += t.failures;
            if (s.kind().background()) background += t.calls;
        }
        rows.sort(Comparator.comparingLong(SourceRow::calls).reversed().thenComparing(SourceRow::who)
                .thenComparing(SourceRow::model));
        return new LoadReport(SCHEMA, debug ? "debug" : "info", !debug, debug ? null : LOWER_BOUND_NOTE,
                ledger.first, ledger.last, zone.getId(), calls, failures, background, rows, peaks(ledger, zone), null);
    }

    private static List<DomainPeaks> peaks(LoadLedger ledger, ZoneId zone) {
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        List<DomainPeaks> out = new ArrayList<>();
        for (Map.Entry<String, Map<Long, LoadLedger.Minute>> d : ledger.minutes.entrySet()) {
            List<Map.Entry<Long, LoadLedger.Minute>> top = d.getValue().entrySet().stream()
                    .sorted(Comparator.<Map.Entry<Long, LoadLedger.Minute>>comparingInt(e -> e.getValue().calls).reversed()
                            .thenComparing(Map.Entry::getKey))
                    .limit(TOP_MINUTES).toList();
            List<MinuteRow> rows = new ArrayList<>();
            for (Map.Entry<Long, LoadLedger.Minute> m : top) {
                Map<String, Integer> who = new LinkedHashMap<>();
                m.getValue().who.entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                        .forEach(w -> who.put(w.getKey(), w.getValue()));
                rows.add(new MinuteRow(minute.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(m.getKey() * 60), zone)),
                        m.getValue().calls, who));
            }
            out.add(new DomainPeaks(d.getKey(), rows));
        }
        out.sort(Comparator.<DomainPeaks>comparingInt(p -> p.minutes().isEmpty() ? 0 : -p.minutes().get(0).calls())
                .thenComparing(DomainPeaks::domain));
        return out;
    }
}
