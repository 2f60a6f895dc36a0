package io.gatewarden.api;

import io.gatewarden.act.ActionOutcome;

import io.gatewarden.alert.Matcher;
import io.gatewarden.alert.NewSilence;
import io.gatewarden.alert.Silence;
import io.gatewarden.api.Control.Actor;
import io.gatewarden.api.Control.Done;
import io.gatewarden.api.Control.Operation;
import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.breaker.BreakerTransition;
import io.gatewarden.time.Durations;
import io.gatewarden.daemon.DaemonControls;
import io.gatewarden.daemon.DaemonSupervisor;
import io.gatewarden.gateway.restart.RestartStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each mutating API call does to the daemon, once {@link Control} has let it through. Each refuses with an
 * {@link ApiException}: 400 naming the field, 404 for something that does not exist, 409 when the daemon's state
 * does not allow it now.
 */
public final class ApiOperations {
    static final Duration MAX_FORCED_OPEN = Duration.ofDays(7);
    static final int MAX_MATCHERS = 20;

    public static final Set<String> BREAKER_RESET_FIELDS = Set.of("profile", "model");
    public static final Set<String> BREAKER_OPEN_FIELDS = Set.of("profile", "model", "duration");
    public static final Set<String> PIN_FIELDS = Set.of("model");
    public static final Set<String> SILENCE_FIELDS = Set.of("matchers", "starts_at", "ends_at", "duration", "comment");
    public static final Set<String> DRY_RUN_FIELDS = Set.of("enabled");
    public static final Set<String> NO_FIELDS = Set.of();

    private ApiOperations() {}

    // ------------------------------------------------------------------ breakers

    public static Done resetBreaker(DaemonControls d, Body b, Actor a) {
        BreakerKey key = key(b);
        BreakerSnapshot before = d.breaker(key).orElseThrow(() -> noBreaker(d, key));
        if (before.status() == BreakerStatus.CLOSED) {
            return Done.ok("unchanged", "breaker " + key + " was already closed", breakerBody(false, before, List.of()));
        }
        String why = "manual reset by " + a.who() + (a.why() == null ? "" : ": " + a.why());
        List<BreakerTransition> t = d.resetBreaker(key, why);
        BreakerSnapshot after = d.breaker(key).orElse(before);
        return Done.ok("reset", "breaker " + key + ": " + before.status().wireName() + " -> " + after.status().wireName(),
                breakerBody(!t.isEmpty(), after, t));
    }

    public static Done openBreaker(DaemonControls d, Body b, Actor a) {
        BreakerKey key = key(b);
        Duration wait = b.duration("duration");
        if (wait != null && wait.compareTo(MAX_FORCED_OPEN) > 0) {
            throw ApiException.badRequest("duration", "duration: at most " + Durations.format(MAX_FORCED_OPEN));
        }
        String why = "forced open by " + a.who() + (a.why() == null ? "" : ": " + a.why());
        List<BreakerTransition> t = d.forceOpenBreaker(key, wait, why);
        BreakerSnapshot after = d.breaker(key)
                .orElseThrow(() -> new IllegalStateException("breaker " + key + " vanished after it was opened"));
        return Done.ok("opened", "breaker " + key + " open until " + after.openUntil(), breakerBody(true, after, t));
    }

    private static BreakerKey key(Body b) {
        String profile = b.requiredText("profile");
        String model = b.requiredModel("model");
        return new BreakerKey(profile, model);
    }

    private static ApiException noBreaker(DaemonControls d, BreakerKey key) {
        List<String> known = d.breakers().stream().limit(10).map(s -> s.profile() + " " + s.model()).toList();
        return ApiException.notFound("no breaker for profile '" + key.profile() + "' and model '" + key.modelRef()
                + "'" + (known.isEmpty() ? "; no breaker is tracked yet" : "; tracked: " + known));
    }

    private static Map<String, Object> breakerBody(boolean changed, BreakerSnapshot s, List<BreakerTransition> t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changed", changed);
        m.put("breaker", s);
        m.put("transitions", t.stream().map(x -> Map.of("from", x.from().wireName(), "to", x.to().wireName(), "why", x.why())).toList());
        return m;
    }

    // ------------------------------------------------------------------ primary

    public static Done pin(DaemonControls d, Body b, Actor a) {
        String model = b.requiredModel("model");
        switchingOn(d);
        ActionOutcome o = d.pin(model, reason(a));
        return outcome(o, "pin " + model);
    }

    public static Done unpin(DaemonControls d, Body b, Actor a) {
        switchingOn(d);
        ActionOutcome o = d.unpin(reason(a));
        return outcome(o, "unpin");
    }

    private static void switchingOn(DaemonControls d) {
        if (!d.switchingOn()) throw ApiException.conflict("switching_off", "primary switching is off: the gateway config "
                + d.gatewayConfigFile() + " was missing or unreadable when the daemon started (fix it, then reload)");
    }

    private static String reason(Actor a) {
        return "by " + a.who() + (a.why() == null ? "" : ": " + a.why());
    }

    private static Done outcome(ActionOutcome o, String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", o.outcome());
        m.put("actionId", o.actionId());
        m.put("from", o.from());
        m.put("to", o.to());
        m.put("reason", o.reason());
        switch (o.outcome()) {
            case "declined", "refused", "failed", "rolled_back", "rollback_failed", "abandoned" ->
                    throw ApiException.conflict(o.outcome(), what + " " + o.outcome() + ": " + o.reason());
            default -> {
                m.put("changed", !"unchanged".equals(o.outcome()));
                return Done.ok(o.outcome(), what + ": " + o.outcome() + " (" + o.from() + " -> " + o.to() + ")", m);
            }
        }
    }

    // ------------------------------------------------------------------ silences

    public static Done addSilence(DaemonControls d, Body b, Actor a) {
        List<String> matchers = b.strings("matchers", MAX_MATCHERS);
        if (matchers == null || matchers.isEmpty()) {
            throw ApiException.badRequest("matchers", "matchers: at least one is required, e.g. [\"alertname=provider_rate_limited\"]");
        }
        for (int i = 0; i < matchers.size(); i++) {
            try {
                Matcher.parse(matchers.get(i));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("matchers[" + i + "]", "matchers[" + i + "]: " + e.getMessage());
            }
        }
        Instant startsAt = b.instant("starts_at");
        Instant endsAt = b.instant("ends_at");
        Duration duration = b.duration("duration");
        if (endsAt == null && duration == null) throw ApiException.badRequest("duration", "duration: give duration (e.g. \"2h\") or ends_at");
        if (endsAt != null && duration != null) throw ApiException.badRequest("ends_at", "ends_at: give ends_at or duration, not both");
        String comment = b.text("comment");
        if (comment == null) comment = a.why();
        Silence s;
        try {
            s = d.addSilence(new NewSilence(matchers, startsAt, endsAt, duration, a.who(), comment));
        } catch (IllegalStateException e) {
            throw ApiException.conflict("too_many_silences", e.getMessage());
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw ApiException.badRequest(m.contains("matcher") ? "matchers" : duration != null ? "duration" : "ends_at", m);
        }
        Map<String, Object> body = silence(s, d.now());
        return new Done(201, "added", "silence " + s.id() + " " + s.matchers() + " until " + s.endsAt(), body);
    }

    public static Operation expireSilence(String id) {
        return (d, b, a) -> {
            if (id == null || id.isBlank() || id.length() > 100) throw ApiException.badRequest("id", "id: a silence id is required");
            Silence s = d.silences().stream().filter(x -> x.id().equals(id)).findFirst()
                    .orElseThrow(() -> ApiException.notFound("no silence with id '" + id + "' (expired silences are kept for a day)"));
            Instant now = d.now();
            if ("expired".equals(s.stateAt(now))) {
                throw ApiException.conflict("already_expired", "silence " + id + " already ended at " + s.endsAt());
            }
            if (!d.expireSilence(id)) throw ApiException.conflict("already_expired", "silence " + id + " already ended");
            Silence after = d.silences().stream().filter(x -> x.id().equals(id)).findFirst().orElse(s);
            return Done.ok("expired", "silence " + id + " " + s.matchers() + " expired", silence(after, d.now()));
        };
    }

    /** A silence as the API shows it (camelCase like the other views), with its state now. */
    public static Map<String, Object> silence(Silence s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("matchers", s.matchers().stream().map(Matcher::toString).toList());
        m.put("startsAt", s.startsAt());
        m.put("endsAt", s.endsAt());
        m.put("createdBy", s.createdBy());
        m.put("comment", s.comment());
        m.put("state", s.stateAt(now));
        return m;
    }

    // ------------------------------------------------------------------ guards, restarts, config

    public static Operation dryRun(DaemonSupervisor supervisor) {
        return (d, b, a) -> {
            boolean on = b.bool("enabled", true);
            boolean before = d.dryRun();
            supervisor.setDryRunOverride(on);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dryRun", d.dryRun());
            m.put("changed", before != on);
            m.put("note", "kept across config reloads until changed again through the API or gatewarden restarts");
            return Done.ok(before == on ? "unchanged" : on ? "enabled" : "disabled", "dry-run " + before + " -> " + on, m);
        };
    }

    public static Done resetRestartBudget(DaemonControls d, Body b, Actor a) {
        RestartStatus before = d.restartStatus();
        d.resetRestartBudget(a.who() + (a.why() == null ? "" : " (" + a.why() + ")"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wasTripped", before.tripped());
        m.put("budgetUsedBefore", before.budgetUsed());
        m.put("restart", d.restartStatus());
        return Done.ok("budget_reset", "restart budget reset (used " + before.budgetUsed() + "/" + before.budgetMax()
                + (before.tripped() ? ", tripped" : "") + ")", m);
    }

    public static Operation reload(DaemonSupervisor supervisor) {
        return (d, b, a) -> {
            DaemonSupervisor.ReloadResult r = supervisor.reload(a.who() + (a.why() == null ? "" : " (" + a.why() + ")"));
            switch (r.outcome()) {
                case "reloaded" -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("outcome", r.outcome());
                    m.put("detail", r.detail());
                    m.put("notes", r.notes());
                    return Done.ok("reloaded", r.detail(), m);
                }
                case "not_running" -> throw new ApiException(503, "unavailable", r.detail(), null);
                case "failed" -> throw new ApiException(500, "reload_failed", r.detail(), null);
                default -> throw ApiException.conflict(r.outcome(), r.detail());
            }
        };
    }
}
