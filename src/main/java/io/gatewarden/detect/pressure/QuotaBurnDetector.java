package io.gatewarden.detect.pressure;

import io.gatewarden.detect.Detector;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.probe.ProbeListener;
import io.gatewarden.probe.ProbeResult;
import io.gatewarden.probe.RateLimits;
import io.gatewarden.run.RequestOutcome;
import io.gatewarden.time.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code quota_burn}: raised BEFORE the first 429, when a provider credential's budget is forecast to run out within
 * the horizon at the current pace.
 * <p>
 * Spend comes from the run model's request stream ({@link #onRequest}): each real provider request once, failed or
 * not — the same requests the breakers and the status page count; tokens where the log gives them. Budgets come from
 * configured limits (replay and daemon) and from the probes' rate-limit headers ({@link ProbeListener}, daemon only).
 * <p>
 * The forecast is remaining / (burn − regen): burn is the moving average of calls over {@code smoothing}; regen is
 * what comes back in the same time, i.e. the calls about to leave a rolling window, or the provider's refill
 * ((limit − remaining) / time to reset). A flat load inside its budget has burn ≈ regen and never fires; a rising
 * load fires while there is still budget left. Memory: fixed rings per provider credential, at most max_keys of
 * them (LRU), and the last attribution_calls callers of each for "agent X made N of the last M calls".
 */
public final class QuotaBurnDetector implements Detector, ProbeListener {
    private static final Duration RESIGNAL_EVERY = Duration.ofSeconds(30);
    private static final int MAX_ACTORS = 256;
    private static final int TREND_MINUTES = 30;
    private static final int MIN_TREND_MINUTES = 5;

    private final PressureSettings.QuotaBurn settings;
    private final LinkedHashMap<Key, Usage> usage = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Key, HeaderBudget> headerBudgets = new HashMap<>();
    private final LinkedHashMap<String, Actor> lastActorByProvider = new LinkedHashMap<>(16, 0.75f, true);
    private Instant now = Instant.EPOCH;

    public QuotaBurnDetector(PressureSettings.QuotaBurn settings) {
        this.settings = settings;
    }

    /** provider + credential (profile, or "" when the log does not say which key). */
    record Key(String provider, String profile) {
        Map<String, String> labels() {
            return Labels.of("provider", provider, "profile", profile.isEmpty() ? null : profile);
        }
    }

    private record Actor(String agent, String session) {}

    private record HeaderBudget(Instant at, RateLimits limits, String credential) {}

    /** Lines teach who is calling (agent, session); the calls themselves come from {@link #onRequest}. */
    @Override
    public synchronized void onEvent(GatewayEvent e, IncidentSink sink) {
        if (!settings.enabled() || e.time() == null) return;
        if (e.time().isAfter(now)) now = e.time();
        if (e.provider() != null && (e.session() != null || e.agent() != null)) {
            remember(e.provider(), new Actor(agentOf(e), e.session()));
        }
    }

    @Override
    public synchronized void onRequest(RequestOutcome r, IncidentSink sink) {
        if (!settings.enabled() || r.at() == null || r.provider() == null) return;
        if (r.at().isAfter(now)) now = r.at();
        Key key = new Key(r.provider(), r.profile() == null ? "" : r.profile());
        Usage u = usage(key, sink);
        Actor actor = r.session() != null || r.agent() != null
                ? new Actor(r.agent() != null ? r.agent() : ContextUsage.agentOf(r.session()), r.session())
                : lastActorByProvider.getOrDefault(r.provider(), new Actor(null, null));
        if (u.firstSeen == null || r.at().isBefore(u.firstSeen)) u.firstSeen = r.at();
        u.window.add(r.at(), r.tokens());
        u.record(actor);
        evaluate(key, u, now, sink);
    }

    @Override
    public synchronized void onTick(Instant at, IncidentSink sink) {
        if (!settings.enabled()) return;
        if (at.isAfter(now)) now = at;
        for (Map.Entry<Key, Usage> e : new ArrayList<>(usage.entrySet())) evaluate(e.getKey(), e.getValue(), now, sink);
    }

    /** Remaining budgets from a probe's rate-limit headers (the probe's key is the gateway's key for that profile). */
    @Override
    public synchronized void onProbeResult(ProbeResult r) {
        if (r.isGateway() || r.rateLimits().isEmpty() || r.provider() == null) return;
        headerBudgets.put(new Key(r.provider(), r.profile() == null ? "" : r.profile()),
                new HeaderBudget(r.at(), r.rateLimits(), r.credential()));
    }

    /** Every budget's forecast for every tracked credential, as of {@code at} (for a status page and tests). */
    public synchronized List<Forecast> forecasts(Instant at) {
        List<Forecast> out = new ArrayList<>();
        usage.forEach((k, u) -> out.addAll(forecasts(k, u, at)));
        return out;
    }

    public synchronized int trackedKeys() {
        return usage.size();
    }

    private Usage usage(Key key, IncidentSink sink) {
        Usage u = usage.get(key);
        if (u != null) return u;
        u = new Usage(settings.attributionCalls());
        usage.put(key, u);
        while (usage.size() > settings.maxKeys()) {
            Map.Entry<Key, Usage> eldest = usage.entrySet().iterator().next();
            usage.remove(eldest.getKey());
            if (eldest.getValue().open) {
                sink.resolve(IncidentType.QUOTA_BURN, eldest.getKey().labels(), now, "no longer tracked (more than "
                        + settings.maxKeys() + " provider credentials)");
            }
        }
        return u;
    }

    private void evaluate(Key key, Usage u, Instant at, IncidentSink sink) {
        Duration tau = settings.smoothing();
        double recentCalls = u.window.calls(at.minus(tau), at, at);
        Forecast worst = null;
        if (recentCalls >= settings.minCalls()) {
            for (Forecast f : forecasts(key, u, at)) {
                if (f.exhausts() && (worst == null || f.timeToExhaustion().compareTo(worst.timeToExhaustion()) < 0)) worst = f;
            }
        }
        boolean underHorizon = worst != null && worst.timeToExhaustion().compareTo(settings.horizon()) < 0;
        if (!underHorizon) u.firingSince = null;
        else if (u.firingSince == null) u.firingSince = at;
        // a forecast must hold for confirm_for: one burst of calls is not a trend
        boolean firing = underHorizon && !at.isBefore(u.firingSince.plus(settings.confirmFor()));
        if (firing) {
            Severity sev = worst.timeToExhaustion().compareTo(settings.criticalHorizon()) < 0 ? Severity.CRITICAL : Severity.WARNING;
            boolean due = !u.open || u.lastSignal == null || sev.ordinal() > u.lastSeverity.ordinal()
                    || !at.isBefore(u.lastSignal.plus(RESIGNAL_EVERY));
            if (due) {
                u.open = true;
                u.lastSignal = at;
                u.lastSeverity = sev;
                sink.signal(new Signal(IncidentType.QUOTA_BURN, sev, key.labels(), null,
                        summary(key, worst, u), evidence(worst, recentCalls, tau), at));
            }
            return;
        }
        if (!u.open || underHorizon) return;
        Duration resolveBeyond = Duration.ofMillis((long) (settings.horizon().toMillis() * settings.resolveMargin()));
        if (worst == null || worst.timeToExhaustion().compareTo(resolveBeyond) > 0) {
            u.open = false;
            u.lastSignal = null;
            sink.resolve(IncidentType.QUOTA_BURN, key.labels(), at, worst == null
                    ? "burn rate back within budget"
                    : "forecast back to " + Durations.approx(worst.timeToExhaustion()) + " for " + worst.budget());
        }
    }

    private List<Forecast> forecasts(Key key, Usage u, Instant at) {
        List<Forecast> out = new ArrayList<>();
        for (PressureSettings.QuotaLimit l : settings.limits()) {
            if (!l.provider().equals(key.provider())) continue;
            if (l.profile() != null && !l.profile().equals(key.profile())) continue;
            configured(out, key, u, at, "requests per minute", l.requestsPerMinute(), Duration.ofMinutes(1), false);
            configured(out, key, u, at, "requests per hour", l.requestsPerHour(), Duration.ofHours(1), false);
            configured(out, key, u, at, "requests per day", l.requestsPerDay(), Duration.ofDays(1), false);
            configured(out, key, u, at, "tokens per minute", l.tokensPerMinute(), Duration.ofMinutes(1), true);
            configured(out, key, u, at, "tokens per day", l.tokensPerDay(), Duration.ofDays(1), true);
        }
        HeaderBudget hb = headerBudget(key);
        if (hb != null && !hb.at().plus(settings.budgetMaxAge()).isBefore(at)) {
            RateLimits r = hb.limits();
            header(out, key, u, at, hb, "requests", r.requestsLimit(), r.requestsRemaining(), r.requestsReset(), false);
            if (u.window.tokens(at.minus(settings.smoothing()), at, at) > 0) {
                header(out, key, u, at, hb, "tokens", r.tokensLimit(), r.tokensRemaining(), r.tokensReset(), true);
            }
        }
        return out;
    }

    /** The probe budget for this credential, or for the provider when the calls or the probe do not name a profile. */
    private HeaderBudget headerBudget(Key key) {
        HeaderBudget exact = headerBudgets.get(key);
        if (exact != null) return exact;
        if (!key.profile().isEmpty()) return headerBudgets.get(new Key(key.provider(), ""));
        HeaderBudget only = null;
        for (Map.Entry<Key, HeaderBudget> e : headerBudgets.entrySet()) {
            if (!e.getKey().provider().equals(key.provider())) continue;
            if (only != null) return null; // several keys for this provider and the log does not say which: no guess
            only = e.getValue();
        }
        return only;
    }

    /** A configured limit over a rolling window: what leaves the window comes back. */
    private void configured(List<Forecast> out, Key key, Usage u, Instant at, String name, Long limit, Duration window,
                            boolean tokens) {
        if (limit == null) return;
        Instant start = at.minus(window);
        double used = spend(u, start, at, at, tokens);
        String label = name + " (configured " + limit + ")";
        if (window.compareTo(settings.horizon()) <= 0) {
            out.add(rateForecast(key, u, at, label, limit, window, limit - used, tokens));
        } else {
            Duration tau = settings.smoothing();
            double regen = spend(u, start, start.plus(tau), at, tokens) / seconds(tau);
            out.add(depletion(key, label, limit - used, burn(u, at, tokens), regen));
        }
    }

    /**
     * A budget the provider reported at probe time a: remaining R of limit L, full again at reset. Read as a bucket
     * that refills at L per window W, with W = (reset - a) * L / (L - R) (60 s, the usual per-minute limit, when the
     * bucket was full). Remaining now = R + refill since a (at most L) - what the logs show was spent since a.
     */
    private void header(List<Forecast> out, Key key, Usage u, Instant at, HeaderBudget hb, String what, Long limit,
                        Long remaining, Instant reset, boolean tokens) {
        if (remaining == null) return;
        String label = what + " (provider headers" + (limit == null ? "" : ", limit " + limit)
                + (hb.credential() == null ? "" : ", key " + hb.credential()) + ")";
        double spentSince = spend(u, hb.at(), at, at, tokens);
        if (limit == null || limit <= 0) {
            out.add(depletion(key, label, remaining - spentSince, burn(u, at, tokens), 0));
            return;
        }
        Duration window = Duration.ofMinutes(1);
        if (reset != null && reset.isAfter(hb.at()) && remaining < limit) {
            long ms = (long) (Duration.between(hb.at(), reset).toMillis() * (double) limit / (limit - remaining));
            window = Duration.ofMillis(Math.max(1_000, Math.min(ms, Duration.ofDays(1).toMillis())));
        }
        double refill = limit / seconds(window);
        double left = Math.min(limit, remaining + refill * seconds(Duration.between(hb.at(), at))) - spentSince;
        if (window.compareTo(settings.horizon()) <= 0) {
            out.add(rateForecast(key, u, at, label, limit, window, left, tokens));
        } else {
            out.add(depletion(key, label, left, burn(u, at, tokens), refill));
        }
    }

    /**
     * A short window (shorter than the horizon, e.g. requests per minute): it runs out when the pace reaches
     * limit / window. Time to that pace = gap / trend, the trend a least-squares slope of the per-minute counts over
     * the last half hour, used only when it stands clear of the noise (a flat load then never fires).
     */
    private Forecast rateForecast(Key key, Usage u, Instant at, String label, double limit, Duration window,
                                  double headroom, boolean tokens) {
        double capacityPerMin = limit / (seconds(window) / 60.0);
        Trend tr = trend(u, at, tokens);
        double rate = tr == null ? burn(u, at, tokens) * 60 : tr.ratePerMin();
        Duration tte = null;
        if (rate >= capacityPerMin) {
            tte = Duration.ZERO;
        } else if (tr != null && tr.slope() > 0 && tr.slope() > 2 * tr.slopeError()) {
            tte = Duration.ofMillis((long) Math.min((capacityPerMin - rate) / tr.slope() * 60_000, 1e15));
        }
        return new Forecast(key.provider(), key.profile().isEmpty() ? null : key.profile(), label, Math.max(0, headroom),
                rate, capacityPerMin, tte);
    }

    /** A long budget (a day's, a slow bucket): remaining / (burn - regen). */
    private static Forecast depletion(Key key, String name, double remaining, double burnPerSec, double regenPerSec) {
        double net = burnPerSec - regenPerSec;
        Duration tte = null;
        if (remaining <= 0 && burnPerSec > 0) tte = Duration.ZERO;
        else if (net > 1e-9) tte = Duration.ofMillis((long) Math.min(remaining / net * 1000, 1e15));
        return new Forecast(key.provider(), key.profile().isEmpty() ? null : key.profile(), name, Math.max(0, remaining),
                burnPerSec * 60, regenPerSec * 60, tte);
    }

    /** Pace now (per minute) and its change per minute, from per-minute counts over the last 30 minutes. */
    private record Trend(double ratePerMin, double slope, double slopeError) {}

    private Trend trend(Usage u, Instant at, boolean tokens) {
        long minutes = Math.min(TREND_MINUTES, Duration.between(u.firstSeen, at).toMinutes());
        if (minutes < MIN_TREND_MINUTES) return null;
        int n = (int) minutes;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Instant to = at.minus(Duration.ofMinutes(i));
            x[i] = -(i + 0.5);
            y[i] = spend(u, to.minus(Duration.ofMinutes(1)), to, at, tokens);
        }
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my); }
        double b = sxy / sxx;
        double a = my - b * mx;
        double sse = 0;
        for (int i = 0; i < n; i++) { double r = y[i] - (a + b * x[i]); sse += r * r; }
        // Poisson floor: even a perfectly regular log has counting noise of about sqrt(mean) per minute
        double variance = Math.max(sse / Math.max(1, n - 2), Math.max(my, 1.0));
        return new Trend(Math.max(0, a), b, Math.sqrt(variance / sxx));
    }

    private double burn(Usage u, Instant at, boolean tokens) {
        Duration tau = settings.smoothing();
        return spend(u, at.minus(tau), at, at, tokens) / seconds(tau);
    }

    private static double spend(Usage u, Instant from, Instant to, Instant at, boolean tokens) {
        return tokens ? u.window.tokens(from, to, at) : u.window.calls(from, to, at);
    }

    private String summary(Key key, Forecast f, Usage u) {
        StringBuilder sb = new StringBuilder();
        sb.append(key.provider()).append(key.profile().isEmpty() ? "" : " [" + key.profile() + "]")
                .append(": ").append(f.budget()).append(" runs out in ~").append(Durations.approx(f.timeToExhaustion()))
                .append(" at ").append(String.format(Locale.ROOT, "%.1f", f.burnPerMinute())).append("/min (")
                .append(Math.round(f.remaining())).append(" left)");
        String who = u.attribution();
        if (who != null) sb.append("; ").append(who);
        return sb.toString();
    }

    private static String evidence(Forecast f, double recentCalls, Duration tau) {
        return String.format(Locale.ROOT, "%s: remaining %.0f, burn %.2f/min, regen %.2f/min, %.0f calls in the last %s",
                f.budget(), f.remaining(), f.burnPerMinute(), f.regenPerMinute(), recentCalls, Durations.approx(tau));
    }

    private void remember(String provider, Actor actor) {
        lastActorByProvider.put(provider, actor);
        if (lastActorByProvider.size() > MAX_ACTORS) {
            lastActorByProvider.remove(lastActorByProvider.keySet().iterator().next());
        }
    }

    private static String agentOf(GatewayEvent e) {
        return e.agent() != null ? e.agent() : ContextUsage.agentOf(e.session());
    }

    private static double seconds(Duration d) {
        return Math.max(0.001, d.toMillis() / 1000.0);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Per provider credential: the call window and the last callers. */
    private static final class Usage {
        final CallWindow window = new CallWindow();
        final Actor[] recent;
        Instant firstSeen;
        Instant firingSince;
        int next;
        int filled;
        boolean open;
        Instant lastSignal;
        Severity lastSeverity = Severity.INFO;

        Usage(int attributionCalls) {
            recent = new Actor[attributionCalls];
        }

        void record(Actor a) {
            recent[next] = a;
            next = (next + 1) % recent.length;
            filled = Math.min(filled + 1, recent.length);
        }

        /** "the heartbeat agent made 48 of the last 60 calls (session agent:heartbeat:cron:hb 48)", or null. */
        String attribution() {
            if (filled == 0) return null;
            Map<String, Integer> agents = new HashMap<>();
            Map<String, Integer> sessions = new HashMap<>();
            for (int i = 0; i < filled; i++) {
                Actor a = recent[i];
                agents.merge(a.agent() == null ? "unknown" : a.agent(), 1, Integer::sum);
                if (a.session() != null) sessions.merge(a.session(), 1, Integer::sum);
            }
            Map.Entry<String, Integer> topAgent = top(agents);
            StringBuilder sb = new StringBuilder();
            if (topAgent.getKey().equals("unknown")) sb.append("no agent named for ").append(topAgent.getValue());
            else sb.append("the ").append(topAgent.getKey()).append(" agent made ").append(topAgent.getValue());
            sb.append(" of the last ").append(filled).append(" calls");
            if (!sessions.isEmpty()) {
                Map.Entry<String, Integer> topSession = top(sessions);
                sb.append(" (busiest session ").append(topSession.getKey()).append(": ").append(topSession.getValue()).append(')');
            }
            return sb.toString();
        }

        private static Map.Entry<String, Integer> top(Map<String, Integer> counts) {
            return counts.entrySet().stream()
                    .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .orElseThrow();
        }
    }
}
