package io.gatewarden.detect;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * chain_exhausted (critical): a request for which every rung of the fallback chain failed or was skipped.
 * <p>
 * One failed run prints the last decision (chain_exhausted), a {@code res ✗ agent ... All models failed} line, lane
 * errors and maybe a CLI echo: all count once, keyed by runId (lines without one are attributed to the run just
 * before). The rungs the run went through are remembered (a few per run, for the last runs) and listed in the
 * summary and evidence. Labels: the agent, when known; they are fixed per run at its first line.
 */
public final class ChainExhaustedDetector implements Detector {
    private final RunContext runs;
    private final int maxRungs;
    private final BoundedLru<String, ArrayDeque<String>> rungsByRun;
    private final BoundedLru<String, Map<String, String>> labelsByRun;

    public ChainExhaustedDetector(DetectSettings s, RunContext runs) {
        this.runs = runs;
        this.maxRungs = s.chainExhausted().maxRungsPerRun();
        this.rungsByRun = new BoundedLru<>(s.maxTrackedRuns());
        this.labelsByRun = new BoundedLru<>(s.maxTrackedRuns());
    }

    /** "All models failed" in a line's text: the gateway's own words for an exhausted chain. */
    static boolean isAllModelsFailed(GatewayEvent e) {
        return Texts.contains(e.detail(), "All models failed") || Texts.contains(e.raw(), "All models failed");
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        EventType type = e.type();
        boolean rung = type == EventType.FALLBACK_CANDIDATE_FAILED || type == EventType.FALLBACK_CANDIDATE_SKIPPED
                || type == EventType.CHAIN_EXHAUSTED;
        String run = null;
        if (rung && e.modelRef() != null) {
            run = runs.runOf(e);
            if (run != null) remember(run, e);
        }
        boolean exhausted = type == EventType.CHAIN_EXHAUSTED
                || ((type == EventType.RUN_FAILED || type == EventType.LANE_ERROR) && isAllModelsFailed(e));
        if (!exhausted) return;
        if (run == null) run = runs.runOf(e);
        Instant t = runs.timeOf(e);
        if (t == null) return;
        String agent = e.agent() != null ? e.agent() : runs.agentOf(run);
        Map<String, String> labels = run == null ? Labels.of("agent", agent)
                : labelsByRun.computeIfAbsent(run, k -> Labels.of("agent", agent));
        ArrayDeque<String> rungs = run == null ? null : rungsByRun.get(run);
        String chain = rungs == null || rungs.isEmpty() ? null : String.join(" → ", rungs);
        StringBuilder summary = new StringBuilder("all models failed in ").append(Texts.shortRun(run));
        if (agent != null) summary.append(" (agent ").append(agent).append(')');
        if (chain != null) summary.append(": ").append(chain);
        else if (!Texts.blank(e.detail())) summary.append(": ").append(Texts.clip(e.detail(), 200));
        String evidence = chain == null ? Texts.evidence(e) : "rungs: " + chain + " | " + Texts.evidence(e);
        sink.signal(new Signal(IncidentType.CHAIN_EXHAUSTED, Severity.CRITICAL, labels, Texts.runKey(run),
                summary.toString(), evidence, t));
    }

    private void remember(String run, GatewayEvent e) {
        ArrayDeque<String> rungs = rungsByRun.computeIfAbsent(run, k -> new ArrayDeque<>(4));
        String what = e.type() == EventType.FALLBACK_CANDIDATE_SKIPPED ? "skipped" : "failed";
        StringBuilder sb = new StringBuilder(e.modelRef()).append(' ').append(what);
        if (!Texts.blank(e.reason()) || e.status() > 0) {
            sb.append(" (");
            if (!Texts.blank(e.reason())) sb.append(e.reason());
            if (e.status() > 0) sb.append(Texts.blank(e.reason()) ? "" : " ").append(e.status());
            sb.append(')');
        }
        String line = sb.toString();
        if (line.equals(rungs.peekLast())) return;
        // the same rung logged twice (decision, then chain_exhausted) is one rung
        if (rungs.stream().anyMatch(r -> r.startsWith(e.modelRef() + " "))) {
            rungs.removeIf(r -> r.startsWith(e.modelRef() + " "));
        }
        rungs.addLast(line);
        while (rungs.size() > maxRungs) rungs.removeFirst();
    }

    /** Runs whose rungs are remembered (bounded by max_tracked_runs). */
    public int trackedRuns() {
        return rungsByRun.size();
    }
}
