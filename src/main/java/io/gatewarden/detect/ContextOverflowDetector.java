package io.gatewarden.detect;

import io.gatewarden.run.Run;
import io.gatewarden.run.RunModel;
import io.gatewarden.util.BoundedLru;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * context_overflow (warning): a session outgrew its model's context window; the gateway cannot answer it until the
 * session is reset or compacted.
 * <p>
 * Labels: the session (and agent) when known; at the default log level the overflow lines often name only the model,
 * then the labels are provider and model. The labels are fixed per run at its first line, so the several lines one
 * overflow prints (failed attempt, "context overflow detected", "Context overflow: prompt too large") stay one episode
 * and one occurrence. The summary names the session as soon as any line of the run does (the one to reset).
 */
public final class ContextOverflowDetector implements Detector {
    private static final Set<EventType> BY_REASON = EnumSet.of(EventType.RUN_ATTEMPT_FAILED, EventType.RUN_FAILOVER_DECISION,
            EventType.FALLBACK_CANDIDATE_FAILED, EventType.CHAIN_EXHAUSTED);

    private final RunModel runs;
    private final BoundedLru<String, Map<String, String>> labelsByRun;
    private final BoundedLru<String, String> sessionByRun;

    public ContextOverflowDetector(DetectSettings s, RunModel runs) {
        this.runs = runs;
        this.labelsByRun = new BoundedLru<>(s.maxTrackedRuns());
        this.sessionByRun = new BoundedLru<>(s.maxTrackedRuns());
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        boolean overflow = e.type() == EventType.CONTEXT_OVERFLOW
                || (BY_REASON.contains(e.type()) && "context_overflow".equalsIgnoreCase(e.reason()));
        if (!overflow) return;
        Instant t = runs.timeOf(e);
        if (t == null) return;
        String run = runs.runOf(e);
        if (e.runId() == null && e.session() != null && run != null && runs.sessionOf(run) != null
                && !e.session().equals(runs.sessionOf(run))) {
            run = null; // the line names another session than the run it was guessed to belong to
        }
        Map<String, String> labels = run == null ? labelsFor(e, null) : labelsByRun.computeIfAbsent(run, k -> labelsFor(e, k));
        if (run != null && e.session() != null) sessionByRun.put(run, e.session());
        // the labels are fixed at the run's first line, which often names no session; a later line may
        String session = labels.get("session") != null ? labels.get("session") : run == null ? e.session() : sessionByRun.get(run);
        Run info = runs.run(run);
        String ref = e.modelRef() != null ? e.modelRef()
                : labels.containsKey("model") ? labels.get("provider") + "/" + labels.get("model")
                : info != null && info.provider() != null && info.model() != null ? info.provider() + "/" + info.model() : null;
        StringBuilder summary = new StringBuilder(session != null ? "session " + session : "a session")
                .append(" overflowed the context window");
        if (ref != null) summary.append(" of ").append(ref);
        summary.append(" (").append(Texts.shortRun(run)).append(')');
        sink.signal(new Signal(IncidentType.CONTEXT_OVERFLOW, Severity.WARNING, labels,
                run != null ? Texts.runKey(run) : (session != null ? "session:" + session : null),
                summary.toString(), Texts.evidence(e), t));
    }

    private Map<String, String> labelsFor(GatewayEvent e, String run) {
        String session = e.session() != null ? e.session() : runs.sessionOf(run);
        String agent = e.agent() != null ? e.agent() : runs.agentOf(run);
        if (session != null) return Labels.of("session", session, "agent", agent);
        return Labels.of("provider", e.provider(), "model", e.model(), "agent", agent);
    }

    /** Runs whose labels are remembered (bounded by max_tracked_runs). */
    public int trackedRuns() {
        return labelsByRun.size();
    }
}
