package io.gatewarden.load;

import io.gatewarden.time.Durations;
import io.gatewarden.gateway.AgentEntry;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.HeartbeatSetting;
import io.gatewarden.gateway.RateLimitDomains;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Projects the gateway's schedules over one local day: which heartbeats and AI cron jobs fire, how often, on which
 * rate-limit domain ({@link RateLimitDomains}, credential from {@link ConfigCredentials}), where several fire in the
 * same minute on one domain, and what to change (with the calls it saves). Pure: the caller reads the files.
 */
public final class ScheduleProjection {
    /** The heartbeat interval OpenClaw runs when {@code every} is unset (API-key auth). */
    static final Duration DEFAULT_HEARTBEAT = Duration.ofMinutes(30);
    /** What a suggestion slows a frequent heartbeat to (the first incident's fix). */
    static final Duration CALM_HEARTBEAT = Duration.ofHours(4);
    /** A job firing more often than this is suggested to slow down to it. */
    static final Duration CALM_JOB = Duration.ofMinutes(30);
    /** How far apart colliding schedules are suggested to move. */
    static final int STAGGER_MINUTES = 15;
    private static final int FIRST_MINUTES = 5;

    private final GatewayConfig config;
    private final RateLimitDomains domains;
    private final ConfigCredentials credentials;
    private final ZoneId zone;

    public ScheduleProjection(GatewayConfig config, RateLimitDomains domains, ZoneId zone) {
        this.config = config;
        this.domains = domains == null ? RateLimitDomains.defaults() : domains;
        this.credentials = new ConfigCredentials(config);
        this.zone = zone;
    }

    private record Planned(ScheduleReport.Scheduled row, List<Instant> firings, CronJob job, Duration interval) {}

    public ScheduleReport project(List<CronJob> jobs, List<Path> cronSources, LocalDate day) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        List<Planned> planned = new ArrayList<>();
        planned.addAll(heartbeats(jobs, from, to));
        for (CronJob j : jobs) {
            if (!j.enabled() || j.heartbeat() || !j.callsModel()) continue;
            planned.add(cronJob(j, from, to));
        }
        List<ScheduleReport.Collision> collisions = collisions(planned);
        // one schedule may sit in several collision groups: each suggestion once
        java.util.Set<String> suggestions = new java.util.LinkedHashSet<>();
        collisions.forEach(c -> suggestions.addAll(c.suggestions()));
        for (Planned p : planned) {
            String s = slowDown(p);
            if (s != null) suggestions.add(s);
        }
        double total = planned.stream().mapToDouble(p -> p.row().perDay()).sum();
        return new ScheduleReport(day.toString(), cronSources.stream().map(Path::toString).toList(),
                planned.stream().map(Planned::row).toList(), total, collisions, List.copyOf(suggestions));
    }

    // ---------------------------------------------------------------- heartbeats

    private List<Planned> heartbeats(List<CronJob> jobs, Instant from, Instant to) {
        HeartbeatSetting defaults = null;
        Map<String, HeartbeatSetting> perAgent = new LinkedHashMap<>();
        for (HeartbeatSetting h : config.heartbeats()) {
            if (HeartbeatSetting.DEFAULTS.equals(h.agent())) defaults = h;
            else perAgent.put(h.agent(), h);
        }
        // once any agent entry has a heartbeat block, only those agents run heartbeats
        List<String> agents = !perAgent.isEmpty() ? new ArrayList<>(perAgent.keySet()) : agentIds();
        List<Planned> out = new ArrayList<>();
        for (String agent : agents) {
            HeartbeatSetting own = perAgent.get(agent);
            String every = own != null && own.every() != null ? own.every() : defaults != null ? defaults.every() : null;
            String note = every == null ? "every unset: the gateway's default 30m" : null;
            Duration interval;
            try {
                interval = every == null ? DEFAULT_HEARTBEAT : Durations.parse(every);
            } catch (IllegalArgumentException e) {
                continue; // the gateway refuses such a config; the chain lint and the gateway say so
            }
            if (interval.isZero()) continue; // "0m": no recurring heartbeat
            String model = own != null && own.model() != null ? own.model() : defaults != null && defaults.model() != null
                    ? defaults.model() : agentModel(agent);
            // the gateway materialises each heartbeat as a job; its row holds the phase (anchor) when the interval agrees
            CronJob row = jobs.stream().filter(j -> j.heartbeat() && agent.equals(j.agent()) && j.everyMs() == interval.toMillis())
                    .findFirst().orElse(null);
            Long anchor = row == null ? null : row.anchorMs();
            List<Instant> firings = Firings.every(interval, anchor, from, to);
            if (anchor == null && note == null) note = "phase unknown (no heartbeat job row in the state DB)";
            out.add(new Planned(new ScheduleReport.Scheduled(agent, SourceKind.HEARTBEAT.wireName(), "heartbeat",
                    "every " + Durations.format(interval), model, domainOf(model), firings.size(), anchor != null, note),
                    firings, row, interval));
        }
        return out;
    }

    private List<String> agentIds() {
        List<String> ids = config.agents().stream().map(AgentEntry::id).toList();
        return ids.isEmpty() ? List.of("main") : ids;
    }

    // ---------------------------------------------------------------- cron jobs

    private Planned cronJob(CronJob j, Instant from, Instant to) {
        String agent = j.agent() != null ? j.agent() : "main";
        String model = j.model() != null ? resolve(j.model()) : agentModel(agent);
        String name = j.name() != null ? j.name() : j.id();
        List<Instant> firings = List.of();
        String schedule;
        boolean exact;
        String note = null;
        Duration interval = null;
        switch (j.scheduleKind() == null ? "" : j.scheduleKind()) {
            case "cron" -> {
                schedule = "cron " + j.expr() + (j.tz() != null ? " (" + j.tz() + ")" : "");
                try {
                    firings = Firings.cron(j.expr(), j.tz() != null ? ZoneId.of(j.tz()) : zone, from, to);
                    exact = j.staggerMs() != null ? j.staggerMs() == 0 : !Firings.autoStaggered(j.expr());
                    if (!exact) note = j.staggerMs() != null ? "staggered over " + Durations.format(Duration.ofMillis(j.staggerMs()))
                            : "top of the hour: the gateway staggers it by up to 5m";
                } catch (RuntimeException e) {
                    exact = false;
                    note = "cannot read the expression: " + e.getMessage();
                }
            }
            case "every" -> {
                interval = Duration.ofMillis(j.everyMs());
                schedule = "every " + Durations.format(interval);
                firings = Firings.every(interval, j.anchorMs(), from, to);
                exact = j.anchorMs() != null;
            }
            default -> {
                schedule = j.scheduleKind() == null ? "?" : j.scheduleKind();
                exact = false;
                note = "not a recurring clock schedule: not projected";
            }
        }
        return new Planned(new ScheduleReport.Scheduled(agent, SourceKind.CRON.wireName(), name, schedule, model,
                domainOf(model), firings.size(), exact, note), firings, j, interval);
    }

    // ---------------------------------------------------------------- collisions and suggestions

    private List<ScheduleReport.Collision> collisions(List<Planned> planned) {
        // domain -> minute -> who fires then (exact schedules only)
        Map<String, TreeMap<Long, TreeSet<String>>> byDomain = new TreeMap<>();
        Map<String, Planned> byWho = new LinkedHashMap<>();
        for (Planned p : planned) {
            if (!p.row().exact() || p.row().domain() == null) continue;
            byWho.put(p.row().who(), p);
            for (Instant t : p.firings()) {
                byDomain.computeIfAbsent(p.row().domain(), k -> new TreeMap<>())
                        .computeIfAbsent(Math.floorDiv(t.getEpochSecond(), 60), k -> new TreeSet<>()).add(p.row().who());
            }
        }
        List<ScheduleReport.Collision> out = new ArrayList<>();
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
        for (Map.Entry<String, TreeMap<Long, TreeSet<String>>> d : byDomain.entrySet()) {
            Map<List<String>, List<Long>> groups = new LinkedHashMap<>();
            d.getValue().forEach((minute, who) -> {
                if (who.size() > 1) groups.computeIfAbsent(List.copyOf(who), k -> new ArrayList<>()).add(minute);
            });
            for (Map.Entry<List<String>, List<Long>> g : groups.entrySet()) {
                List<String> first = g.getValue().stream().limit(FIRST_MINUTES)
                        .map(m -> hhmm.format(Instant.ofEpochSecond(m * 60).atZone(zone))).toList();
                out.add(new ScheduleReport.Collision(d.getKey(), g.getKey(), g.getValue().size(), first,
                        stagger(g.getKey(), g.getValue().get(0), byWho)));
            }
        }
        return out;
    }

    /** Keep the first schedule; move each other one 15 min further, or say it fires too often to move. */
    private List<String> stagger(List<String> who, long firstMinute, Map<String, Planned> byWho) {
        List<String> out = new ArrayList<>();
        LocalTime at = Instant.ofEpochSecond(firstMinute * 60).atZone(zone).toLocalTime();
        for (int i = 1; i < who.size(); i++) {
            Planned p = byWho.get(who.get(i));
            String name = label(p);
            if (p.row().perDay() > 24) {
                out.add(name + " fires " + count(p.row().perDay()) + " times a day: it collides with every schedule on its"
                        + " domain; run it less often or on another credential");
                continue;
            }
            int by = STAGGER_MINUTES * i;
            out.add("stagger " + name + " by " + by + " min (" + at.plusMinutes(by) + " instead of " + at + ")");
        }
        return out;
    }

    private String slowDown(Planned p) {
        ScheduleReport.Scheduled r = p.row();
        if (SourceKind.HEARTBEAT.wireName().equals(r.kind())) {
            Duration every = p.interval();
            if (every == null || every.compareTo(CALM_HEARTBEAT) >= 0) return null;
            double calm = Duration.ofDays(1).toMillis() / (double) CALM_HEARTBEAT.toMillis();
            return "heartbeat of " + r.agent() + " every " + Durations.format(every) + " → " + Durations.format(CALM_HEARTBEAT)
                    + " saves " + count(r.perDay() - calm) + " calls/day";
        }
        double calm = Duration.ofDays(1).toMillis() / (double) CALM_JOB.toMillis();
        if (r.perDay() <= calm) return null;
        return label(p) + " fires " + count(r.perDay()) + " times a day → every " + Durations.format(CALM_JOB)
                + " saves " + count(r.perDay() - calm) + " calls/day";
    }

    private static String label(Planned p) {
        ScheduleReport.Scheduled r = p.row();
        return SourceKind.HEARTBEAT.wireName().equals(r.kind()) ? "the heartbeat of " + r.agent() : "`" + r.name() + "`";
    }

    private static String count(double n) {
        return n == Math.rint(n) ? String.valueOf((long) n) : String.format(Locale.ROOT, "%.1f", n);
    }

    // ---------------------------------------------------------------- models and domains

    private String agentModel(String agent) {
        for (AgentEntry a : config.agents()) {
            if (a.id().equals(agent) && a.model() != null && a.model().primary() != null) return resolve(a.model().primary());
        }
        return config.defaultModel() == null || config.defaultModel().primary() == null ? null
                : resolve(config.defaultModel().primary());
    }

    private String resolve(String ref) {
        if (ref == null) return null;
        String alias = config.modelAliases().get(ref.toLowerCase(Locale.ROOT));
        return alias != null ? alias : ref;
    }

    /** The rate-limit domain of a model: its provider's credential, × the model when the provider limits per model. */
    String domainOf(String modelRef) {
        if (modelRef == null || !modelRef.contains("/")) return null;
        String provider = modelRef.substring(0, modelRef.indexOf('/'));
        return domains.domainOf(credentials.forProvider(provider), modelRef, credentials.local(provider));
    }
}
