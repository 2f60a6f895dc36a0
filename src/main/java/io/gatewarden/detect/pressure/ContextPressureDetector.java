package io.gatewarden.detect.pressure;

import io.gatewarden.collect.GatewayStatus;
import io.gatewarden.collect.SessionUsage;
import io.gatewarden.detect.Detector;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.run.Sessions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code context_pressure}: a session whose context is at or above warning_ratio of its window (warning), or
 * critical_ratio (critical). Readings come from the status collector ({@code openclaw sessions --json}, the signal
 * at the default log level) and from DEBUG {@code CONTEXT_USAGE} log lines when present.
 * One incident per session, labelled with the session's one identity ({@link Sessions}: the collector's key and the
 * log's id name the same session); it stays open until the session drops below warning_ratio − hysteresis, disappears from
 * the collector's list, or (known only from logs) goes quiet for log_session_ttl. At most max_sessions are tracked;
 * the least recently seen is dropped first (and its incident resolved, so nothing stays open unseen).
 */
public final class ContextPressureDetector implements Detector {
    private enum Source { COLLECTOR, LOG }

    private final PressureSettings.ContextPressure settings;
    private final Sessions identities;
    private final LinkedHashMap<String, Tracked> sessions = new LinkedHashMap<>(16, 0.75f, true);

    public ContextPressureDetector(PressureSettings.ContextPressure settings) {
        this(settings, new Sessions(1024));
    }

    /** @param identities the run model's session identities: a session read from the log and from the collector is one */
    public ContextPressureDetector(PressureSettings.ContextPressure settings, Sessions identities) {
        this.settings = settings;
        this.identities = identities;
    }

    @Override
    public synchronized void onEvent(GatewayEvent event, IncidentSink sink) {
        if (!settings.enabled() || event.type() != EventType.CONTEXT_USAGE || event.time() == null) return;
        ContextUsage u = ContextUsage.of(event);
        if (u == null) return;
        String session = identities.canonical(event);
        String measure = event.attr("source") == null ? "log" : event.attr("source");
        observe(session != null ? session : identities.canonical(u.session()), u.agent(), null, u.used(), u.window(),
                event.time(), Source.LOG, measure, sink,
                event.raw() == null ? null : truncate(event.raw()));
    }

    /** Feeds one collection; wire it as {@code collector.addListener(s -> detector.onStatus(s, sink))}. */
    public synchronized void onStatus(GatewayStatus status, IncidentSink sink) {
        if (!settings.enabled() || !status.sessionsKnown()) return; // a failed run says nothing about sessions
        Set<String> listed = new HashSet<>();
        for (SessionUsage s : status.sessions()) {
            identities.learn(s.key(), s.sessionId());
            String id = identities.canonical(s.key());
            listed.add(id);
            if (s.ratio() == null || (settings.requireFreshTotals() && !s.fresh())) continue;
            String model = s.provider() == null ? s.model() : s.provider() + "/" + s.model();
            observe(id, s.agentId() != null ? s.agentId() : ContextUsage.agentOf(s.key()), model, s.totalTokens(),
                    s.contextTokens(), status.at(), Source.COLLECTOR, sink,
                    "openclaw sessions --json: key=" + s.key() + " totalTokens=" + s.totalTokens() + " contextTokens=" + s.contextTokens());
        }
        for (Iterator<Map.Entry<String, Tracked>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Tracked> e = it.next();
            Tracked t = e.getValue();
            if (t.source == Source.COLLECTOR && !listed.contains(e.getKey())) {
                it.remove();
                if (t.open) sink.resolve(IncidentType.CONTEXT_PRESSURE, t.labels, status.at(), "session no longer listed by openclaw sessions");
            }
        }
    }

    @Override
    public synchronized void onTick(Instant now, IncidentSink sink) {
        List<String> stale = new ArrayList<>();
        sessions.forEach((k, t) -> {
            if (t.source == Source.LOG && t.lastSeen.plus(settings.logSessionTtl()).isBefore(now)) stale.add(k);
        });
        for (String k : stale) {
            Tracked t = sessions.remove(k);
            if (t.open) sink.resolve(IncidentType.CONTEXT_PRESSURE, t.labels, now, "no context reading for " + settings.logSessionTtl());
        }
    }

    public synchronized int trackedSessions() {
        return sessions.size();
    }

    private void observe(String session, String agent, String model, long used, long window, Instant at, Source source,
                         IncidentSink sink, String evidence) {
        observe(session, agent, model, used, window, at, source, source.name(), sink, evidence);
    }

    /**
     * @param measure which reading this is: the log has two per turn (preflight: the transcript's tokens; precheck: the
     *                prompt's estimate, a few thousand more), the collector one; the session is judged by the highest
     *                recent one, so alternating measures do not open and resolve the incident turn after turn
     */
    private void observe(String session, String agent, String model, long used, long window, Instant at, Source source,
                         String measure, IncidentSink sink, String evidence) {
        double ratio = used / (double) window;
        Tracked t = sessions.get(session);
        if (t == null) {
            // only sessions under pressure need memory; a calm one costs nothing
            if (ratio < settings.warningRatio()) return;
            t = new Tracked(Labels.of("session", session, "agent", agent));
            sessions.put(session, t);
            evictOverCap(at, sink);
        }
        t.lastSeen = at;
        t.source = source;
        if (model != null) t.model = model;
        t.readings.put(measure, new Reading(ratio, used, window, at));
        t.readings.values().removeIf(r -> r.at().isBefore(at.minus(READING_TTL)));
        Reading worst = t.readings.values().stream().max(java.util.Comparator.comparingDouble(Reading::ratio)).orElseThrow();
        Severity severity = worst.ratio() >= settings.criticalRatio() ? Severity.CRITICAL
                : worst.ratio() >= settings.warningRatio() ? Severity.WARNING : null;
        if (severity == null && t.open && worst.ratio() >= settings.warningRatio() - settings.hysteresis()) {
            severity = Severity.WARNING; // inside the hysteresis band: still under pressure
        }
        if (severity == null) {
            sessions.remove(session);
            if (t.open) {
                sink.resolve(IncidentType.CONTEXT_PRESSURE, t.labels, at,
                        "context down to " + percent(ratio) + " (" + used + " of " + window + " tokens)");
            }
            return;
        }
        t.open = true;
        sink.signal(new Signal(IncidentType.CONTEXT_PRESSURE, severity, t.labels, "context_pressure:" + session,
                summary(session, agent, t.model, worst.ratio(), worst.used(), worst.window()), evidence, at));
    }

    /** A reading older than this no longer holds a session under pressure. */
    static final java.time.Duration READING_TTL = java.time.Duration.ofMinutes(10);

    private record Reading(double ratio, long used, long window, Instant at) {}

    private void evictOverCap(Instant at, IncidentSink sink) {
        while (sessions.size() > settings.maxSessions()) {
            Iterator<Map.Entry<String, Tracked>> it = sessions.entrySet().iterator();
            Tracked oldest = it.next().getValue();
            it.remove();
            if (oldest.open) {
                sink.resolve(IncidentType.CONTEXT_PRESSURE, oldest.labels, at, "no longer tracked (more than "
                        + settings.maxSessions() + " sessions under pressure)");
            }
        }
    }

    private static String summary(String session, String agent, String model, double ratio, long used, long window) {
        return "session " + session + (agent == null ? "" : " (agent " + agent + (model == null ? "" : ", " + model) + ")")
                + " uses " + percent(ratio) + " of its context window (" + used + " of " + window + " tokens)";
    }

    private static String percent(double ratio) {
        return Math.round(ratio * 100) + " %";
    }

    private static String truncate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private static final class Tracked {
        final Map<String, String> labels;
        Instant lastSeen;
        Source source;
        String model;
        boolean open;
        final Map<String, Reading> readings = new java.util.HashMap<>(4);

        Tracked(Map<String, String> labels) {
            this.labels = labels;
        }
    }
}
