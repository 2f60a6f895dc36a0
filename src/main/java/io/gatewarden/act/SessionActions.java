package io.gatewarden.act;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.parse.SessionKeys;
import io.gatewarden.run.Sessions;
import io.gatewarden.util.BoundedLru;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Acts on one session of the gateway, with the guards every action has ({@link ActionGuard}: dry run, one action in
 * flight, cooldowns, journal):
 * <ul>
 *   <li><b>compact_session</b> — a critical {@code context_pressure} (the detector's critical_ratio, default 95 %), or a
 *       preflight tokenCount above the gateway's own {@code threshold=} for longer than {@code threshold_grace}: runs
 *       {@code openclaw sessions compact <key>} (LLM summary, written by the agent's primary model). Confirmed by the
 *       reply (tokensBefore → tokensAfter) and then by the session's next preflight line showing fewer tokens.</li>
 *   <li><b>quarantine_session</b> — an {@code error_loop} of one session whose error a transcript causes (tool_use_id,
 *       context overflow…): {@code compact --max-lines N} (truncate) or {@code archive}, never an agent main session
 *       unless allowed. Confirmed by the reply.</li>
 * </ul>
 * A command that fails or changes nothing raises {@code session_action_failed} with the command a human should run.
 * Incidents and log events arrive on the detection thread; commands run on {@code executor}, never on it.
 */
public final class SessionActions implements IncidentListener {
    public static final String COMPACT = "compact_session";
    public static final String QUARANTINE = "quarantine_session";

    private final String gateway;
    private final SessionActionSettings settings;
    private final ActionGuard guard;
    private final SessionActor actor;
    private final Sessions sessions;
    private final Executor executor;
    private final Clock clock;
    private final Function<String, String> primaryOfAgent;
    private final BoundedLru<String, SessionState> tracked = new BoundedLru<>(1024);
    private final SessionActionAlerts alerts;

    /**
     * @param sessions       the run model's session identities (labels name a session by id; the CLI needs its key)
     * @param primaryOfAgent the model that writes an LLM summary for an agent (its primary), for the journal
     */
    public SessionActions(String gateway, SessionActionSettings settings, ActionGuard guard, SessionActor actor,
                          Sessions sessions, Executor executor, Clock clock, Function<String, String> primaryOfAgent) {
        this.gateway = gateway;
        this.settings = settings;
        this.guard = guard;
        this.actor = actor;
        this.sessions = sessions;
        this.executor = executor;
        this.clock = clock;
        this.primaryOfAgent = primaryOfAgent;
        this.alerts = new SessionActionAlerts(gateway, clock);
    }

    public void setAlertSink(IncidentSink sink) {
        alerts.setSink(sink);
    }

    // ------------------------------------------------------------------ triggers

    @Override
    public void opened(Incident incident) {
        onIncident(incident);
    }

    @Override
    public void updated(Incident incident) {
        onIncident(incident);
    }

    @Override
    public synchronized void resolved(Incident incident) {
        if (incident.type() != IncidentType.CONTEXT_PRESSURE) return;
        SessionState s = tracked.get(incident.labels().get("session"));
        if (s != null) s.underPressure = false;
    }

    private void onIncident(Incident i) {
        if (!settings.enabled()) return;
        String session = i.labels().get("session");
        if (session == null || "gatewarden".equals(i.labels().get("source"))) return;
        String agent = i.labels().get("agent");
        if (i.type() == IncidentType.CONTEXT_PRESSURE) {
            synchronized (this) {
                state(session, agent).underPressure = true;
            }
            if (i.severity() == Severity.CRITICAL && settings.compactOnPressure()) {
                compact(session, agent, "context_pressure critical: " + i.summary(), i.id());
            }
        } else if (i.type() == IncidentType.ERROR_LOOP && !"off".equals(settings.quarantine())
                && settings.isTranscriptError(i.labels().get("error") + " " + i.summary())) {
            quarantine(session, agent, "error_loop of session " + session + " is one a transcript causes (every model "
                    + "rejects it alike): " + i.labels().get("error"), i.id());
        }
    }

    /** Preflight lines (DEBUG): the session's tokens against the gateway's own threshold; confirms a compaction. */
    public void onEvent(GatewayEvent e) {
        if (!settings.enabled() || e.type() != EventType.CONTEXT_USAGE || !"preflight".equals(e.attr("source"))) return;
        String key = e.attr("sessionKey");
        Long tokens = number(e.attr("tokens"));
        if (key == null || tokens == null) return;
        String id = sessions.canonical(key);
        Instant at = e.time() != null ? e.time() : clock.instant();
        String overThreshold = null;
        synchronized (this) {
            SessionState s = tracked.get(id);
            Long threshold = number(e.attr("threshold"));
            boolean above = threshold != null && tokens > threshold;
            if (s == null && !above) return; // only sessions that matter need memory
            if (s == null) s = state(id, SessionKeys.agent(key));
            s.key = key;
            s.tokens = tokens;
            s.window = number(e.attr("contextTokens"));
            s.threshold = threshold;
            s.readAt = at;
            confirm(s, tokens, at);
            if (!above) {
                s.aboveSince = null;
            } else if (s.aboveSince == null) {
                s.aboveSince = at;
            } else if (!Duration.between(s.aboveSince, at).minus(settings.thresholdGrace()).isNegative() && s.pending == null) {
                overThreshold = "preflight tokenCount " + tokens + " has been above the gateway's own compaction threshold="
                        + threshold + " since " + s.aboveSince + " (grace " + io.gatewarden.time.Durations.format(settings.thresholdGrace())
                        + "): its own compaction is not keeping up";
            }
        }
        if (overThreshold != null) compact(id, SessionKeys.agent(key), overThreshold, null);
    }

    // ------------------------------------------------------------------ actions

    private void compact(String session, String agent, String why, String incidentId) {
        String key;
        synchronized (this) {
            SessionState s = state(session, agent);
            // a reading from before our last action (or the stale one right after a truncation) is not new pressure;
            // with no preflight line at all (INFO logging) the wait ends with the cooldown
            if (s.pending != null && clock.instant().isBefore(s.pending.doneAt.plus(settings.compactCooldown()))) return;
            s.pending = null;
            key = keyOf(session, agent);
        }
        String cooldownKey = COMPACT + ":" + (key == null ? session : key);
        ActionGuard.Request r = new ActionGuard.Request(gateway, COMPACT, cooldownKey, settings.compactCooldown(), why, incidentId);
        if (guard.nextAllowed(r).isAfter(clock.instant())) {
            guard.request(r); // journals the cooldown decline (once); the config is not read for a decision already made
            return;
        }
        String payer = primaryOfAgent.apply(agent);
        r = new ActionGuard.Request(gateway, COMPACT, cooldownKey, settings.compactCooldown(), why + "; the summary is written by agent "
                + (agent == null ? "?" : agent) + "'s primary model " + (payer == null ? "(unknown)" : payer)
                + " (unless agents.defaults.compaction.model names another), a paid call when that model is", incidentId);
        if (!admissible(r, session, key)) return;
        if (!(guard.request(r) instanceof ActionGuard.Permit p)) return;
        if (p.dryRun()) {
            dryRun(p, session, actor.compactCommand(key));
            return;
        }
        executor.execute(() -> finishCompact(p, session, key, actor.compact(key)));
    }

    private void quarantine(String session, String agent, String why, String incidentId) {
        String key;
        synchronized (this) {
            state(session, agent);
            key = keyOf(session, agent);
        }
        boolean archive = "archive".equals(settings.quarantine());
        String what = archive ? "archive the session (transcript kept; restore by hand)"
                : "truncate its transcript to the last " + settings.maxLines() + " lines (the gateway keeps no copy of the rest)";
        ActionGuard.Request r = new ActionGuard.Request(gateway, QUARANTINE, QUARANTINE + ":" + (key == null ? session : key),
                settings.quarantineCooldown(), why + "; quarantine: " + what + ", so the next message starts clean", incidentId);
        if (!admissible(r, session, key)) return;
        if (!(guard.request(r) instanceof ActionGuard.Permit p)) return;
        if (p.dryRun()) {
            dryRun(p, session, archive ? actor.archiveCommand(key) : actor.truncateCommand(key, settings.maxLines()));
            return;
        }
        executor.execute(() -> finishQuarantine(p, session, key,
                archive ? actor.archive(key) : actor.truncate(key, settings.maxLines())));
    }

    /** A session we cannot name by key, or an agent main session without opt-in, is declined (journalled). */
    private boolean admissible(ActionGuard.Request r, String session, String key) {
        if (key == null) {
            guard.decline(r, "no_session_key", "session " + session + ": no line named its key yet (agent:<id>:…)", null);
            return false;
        }
        if (!settings.allowMainSessions() && isMainSession(key)) {
            guard.decline(r, "protected_main", "session " + key + " is an agent main session; set act.sessions.allow_main_sessions "
                    + "to act on it", null);
            return false;
        }
        return true;
    }

    private void dryRun(ActionGuard.Permit p, String session, List<String> argv) {
        String cmd = String.join(" ", argv);
        guard.journal().append(JournalEntry.builder(p.request().action(), "result", "dry_run").gateway(gateway)
                .actionId(p.actionId()).incidentId(p.request().incidentId()).reason(p.request().reason()).dryRun(true)
                .detail("would run: " + cmd).build());
        guard.finish(p, "dry_run");
        remember(session, p, "dry_run", "would run: " + cmd, cmd);
    }

    private void finishCompact(ActionGuard.Permit p, String session, String key, SessionActor.Reply reply) {
        try {
            String outcome = reply.changed() ? "compacted" : wire(reply.outcome());
            journalResult(p, outcome, p.request().reason(), reply);
            synchronized (this) {
                SessionState s = remember(session, p, outcome, reply.detail(), reply.command());
                s.tokensBefore = reply.tokensBefore();
                s.tokensAfter = reply.tokensAfter();
                if (reply.changed()) {
                    Long before = reply.tokensBefore() != null ? reply.tokensBefore() : s.tokens;
                    s.pending = new Pending(p, before == null ? Long.MAX_VALUE : before, clock.instant(), 0);
                    s.aboveSince = null;
                }
            }
            if (reply.changed()) alerts.succeeded(session, COMPACT);
            else alerts.failed(session, COMPACT, "compaction of session " + key + " " + (reply.outcome() == SessionActor.Outcome.FAILED
                    ? "failed" : "changed nothing") + ": " + reply.detail() + ". Run by hand: " + reply.command());
        } finally {
            guard.finish(p, reply.outcome().name());
        }
    }

    private void finishQuarantine(ActionGuard.Permit p, String session, String key, SessionActor.Reply reply) {
        try {
            boolean archived = reply.outcome() == SessionActor.Outcome.ARCHIVED;
            String outcome = reply.changed() ? (archived ? "archived" : "truncated") : wire(reply.outcome());
            String restore = archived ? " Restore: " + SessionActor.restoreCommand(key, session) : "";
            // the reason is what alerts quote ("did: …"): an archived session's alert must say how to restore it
            journalResult(p, outcome, p.request().reason() + restore, reply);
            synchronized (this) {
                SessionState s = remember(session, p, outcome, reply.detail() + restore, reply.command());
                if (reply.changed()) {
                    s.quarantined = outcome;
                    // --max-lines logs nothing and the next preflight still reports the old count: skip that reading
                    s.pending = new Pending(p, s.tokens == null ? Long.MAX_VALUE : s.tokens, clock.instant(), archived ? 0 : 1);
                }
            }
            if (reply.changed()) alerts.succeeded(session, QUARANTINE);
            else alerts.failed(session, QUARANTINE, "quarantine of session " + key + " " + (reply.outcome() == SessionActor.Outcome.FAILED
                    ? "failed" : "changed nothing") + ": " + reply.detail() + ". Run by hand: " + reply.command());
        } finally {
            guard.finish(p, reply.outcome().name());
        }
    }

    /**
     * The first preflight reading after a compaction judges it: fewer tokens than before confirms it; as many or more
     * raises session_action_failed. Caller holds the lock.
     */
    private void confirm(SessionState s, long tokens, Instant at) {
        Pending pd = s.pending;
        if (pd == null || at.isBefore(pd.doneAt)) return;
        if (pd.staleToSkip > 0) {
            s.pending = new Pending(pd.permit, pd.tokensBefore, pd.doneAt, pd.staleToSkip - 1);
            return;
        }
        s.pending = null;
        String action = pd.permit.request().action();
        boolean fell = tokens < pd.tokensBefore;
        if (COMPACT.equals(action)) {
            guard.journal().append(JournalEntry.builder(action, "result", fell ? "confirmed" : "unchanged").gateway(gateway)
                    .actionId(pd.permit.actionId()).incidentId(pd.permit.request().incidentId())
                    .reason("next preflight line of " + s.key + ": tokenCount " + tokens + (fell ? " < " : " ≥ ") + pd.tokensBefore)
                    .before(tokenNode(pd.tokensBefore == Long.MAX_VALUE ? null : pd.tokensBefore, null))
                    .after(tokenNode(tokens, null)).build());
            s.confirmedTokens = fell ? tokens : null;
            if (!fell) {
                alerts.failed(s.id, COMPACT, "compaction of session " + s.key + " did not take: the next preflight line still counts "
                        + tokens + " tokens (before: " + pd.tokensBefore + "). Run by hand: " + String.join(" ", actor.compactCommand(s.key)));
            }
        }
    }

    // ------------------------------------------------------------------ journal, alerts, status

    private void journalResult(ActionGuard.Permit p, String outcome, String reason, SessionActor.Reply reply) {
        guard.journal().append(JournalEntry.builder(p.request().action(), "result", outcome).gateway(gateway)
                .actionId(p.actionId()).incidentId(p.request().incidentId()).reason(reason)
                .detail(reply.command() + " → " + reply.detail())
                .before(tokenNode(reply.tokensBefore(), null)).after(tokenNode(reply.tokensAfter(), reply.kept()))
                .latencyMs(reply.took() == null ? null : reply.took().toMillis()).dryRun(false).build());
    }

    private static ObjectNode tokenNode(Long tokens, Integer keptLines) {
        if (tokens == null && keptLines == null) return null;
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (tokens != null) n.put("tokens", tokens);
        if (keptLines != null) n.put("keptLines", keptLines);
        return n;
    }

    /** Sessions under pressure, quarantined, or acted on, newest reading first. */
    public synchronized List<SessionView> status() {
        List<SessionView> out = new ArrayList<>();
        for (Map.Entry<String, SessionState> e : tracked.entries()) {
            SessionState s = e.getValue();
            out.add(new SessionView(e.getKey(), s.key, s.agent, s.tokens, s.window, s.threshold, s.readAt,
                    s.underPressure, s.quarantined, s.lastAction, s.lastOutcome, s.lastAt, s.lastDetail, s.lastCommand,
                    s.tokensBefore, s.tokensAfter, s.confirmedTokens, s.pending != null));
        }
        out.sort((a, b) -> String.valueOf(b.readAt()).compareTo(String.valueOf(a.readAt())));
        return out;
    }

    // ------------------------------------------------------------------ state

    private SessionState state(String session, String agent) {
        SessionState s = tracked.get(session);
        if (s == null) {
            s = new SessionState(session);
            tracked.put(session, s);
        }
        if (agent != null) s.agent = agent;
        return s;
    }

    private synchronized SessionState remember(String session, ActionGuard.Permit p, String outcome, String detail, String command) {
        SessionState s = state(session, null);
        s.lastAction = p.request().action();
        s.lastOutcome = outcome;
        s.lastAt = clock.instant();
        s.lastDetail = detail;
        s.lastCommand = command;
        return s;
    }

    /** The session's key as a line named it; an explicit session's key can be spelt from its agent and id. */
    private String keyOf(String session, String agent) {
        SessionState s = tracked.get(session);
        if (s != null && s.key != null) return s.key;
        String key = sessions.keyOf(session);
        if (key == null && agent != null) key = "main".equals(session) ? "agent:" + agent + ":main" : "agent:" + agent + ":explicit:" + session;
        if (s != null) s.key = key;
        return key;
    }

    static boolean isMainSession(String key) {
        return key.equals("main") || key.equals("global") || (key.startsWith("agent:") && key.endsWith(":main")
                && key.indexOf(':', "agent:".length()) == key.length() - ":main".length());
    }

    private static String wire(SessionActor.Outcome o) {
        return o.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Long number(String s) {
        if (s == null) return null;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private record Pending(ActionGuard.Permit permit, long tokensBefore, Instant doneAt, int staleToSkip) {}

    private static final class SessionState {
        final String id;
        String key, agent, quarantined, lastAction, lastOutcome, lastDetail, lastCommand;
        Long tokens, window, threshold, tokensBefore, tokensAfter, confirmedTokens;
        Instant readAt, aboveSince, lastAt;
        boolean underPressure;
        Pending pending;

        SessionState(String id) {
            this.id = id;
        }
    }
}
