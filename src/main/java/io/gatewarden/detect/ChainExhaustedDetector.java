package io.gatewarden.detect;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.run.Run;
import io.gatewarden.run.RunModel;
import io.gatewarden.util.BoundedLru;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * chain_exhausted (critical): a request for which every rung of the fallback chain failed or was skipped.
 * <p>
 * One failed run prints the last decision (chain_exhausted), a {@code res ✗ agent ... All models failed} line, lane
 * errors and maybe a CLI echo: all count once, keyed by runId (lines without one are attributed by the run model).
 * Labels say which chain broke: the agent and the model the run asked for ({@code requested_model}), so one chain is
 * one episode and alerts can be routed; they are fixed per run at its first exhaustion line. The summary counts the
 * runs and sessions that chain lost in the last hour; the evidence lists what happened at each rung of the latest run
 * (tried and failed, skipped and why), from the run model.
 */
public final class ChainExhaustedDetector implements Detector {
    /** Runs and sessions of one chain are counted over this much log time. */
    static final Duration COUNT_WINDOW = Duration.ofHours(1);
    private static final int MAX_COUNTED = 1000;

    private final RunModel runs;
    private final BoundedLru<String, Map<String, String>> labelsByRun;
    private final BoundedLru<Map<String, String>, ArrayDeque<Lost>> lostByChain;
    private final BoundedLru<String, String> agentByChain;

    private record Lost(String run, String session, Instant at) {}

    public ChainExhaustedDetector(DetectSettings s, RunModel runs) {
        this.runs = runs;
        this.labelsByRun = new BoundedLru<>(s.maxTrackedRuns());
        this.lostByChain = new BoundedLru<>(s.maxTrackedKeys());
        this.agentByChain = new BoundedLru<>(s.maxTrackedKeys());
    }

    /** "All models failed" in a line's text: the gateway's own words for an exhausted chain. */
    static boolean isAllModelsFailed(GatewayEvent e) {
        return Texts.contains(e.detail(), "All models failed") || Texts.contains(e.raw(), "All models failed");
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        EventType type = e.type();
        boolean exhausted = type == EventType.CHAIN_EXHAUSTED
                || ((type == EventType.RUN_FAILED || type == EventType.LANE_ERROR) && isAllModelsFailed(e));
        if (!exhausted) return;
        String run = runs.runOf(e);
        Instant t = runs.timeOf(e);
        if (t == null) return;
        Run info = runs.run(run);
        String requested = info == null ? null : info.requestedModel();
        String known = e.agent() != null ? e.agent() : info == null ? null : info.agent();
        // a run whose lines named no agent yet (its lane line comes later) is taken to be the chain's last agent, so
        // one chain stays one episode
        String agent = known != null ? known : requested == null ? null : agentByChain.get(requested);
        if (known != null && requested != null) agentByChain.put(requested, known);
        Map<String, String> labels = run == null ? Labels.of("agent", agent, "requested_model", requested)
                : labelsByRun.computeIfAbsent(run, k -> Labels.of("agent", agent, "requested_model", requested));
        String session = info == null ? e.session() : info.session();
        String counts = count(labels, run, session, t);
        String rungs = info == null ? null : info.describeRungs();

        StringBuilder summary = new StringBuilder("all models failed");
        if (requested != null) summary.append(" for ").append(requested);
        if (agent != null) summary.append(" (agent ").append(agent).append(')');
        summary.append(": ").append(counts).append("; latest ").append(Texts.shortRun(run));
        if (session != null) summary.append(" in session ").append(session);
        if (rungs != null) summary.append(": ").append(rungs);
        else if (!Texts.blank(e.detail())) summary.append(": ").append(Texts.clip(e.detail(), 200));
        String evidence = rungs == null ? Texts.evidence(e) : "rungs: " + rungs + " | " + Texts.evidence(e);
        sink.signal(new Signal(IncidentType.CHAIN_EXHAUSTED, Severity.CRITICAL, labels, Texts.runKey(run),
                summary.toString(), evidence, t));
    }

    /** "3 runs in 2 sessions in the last hour" for this chain, this run included. */
    private String count(Map<String, String> chain, String run, String session, Instant t) {
        ArrayDeque<Lost> lost = lostByChain.computeIfAbsent(chain, k -> new ArrayDeque<>());
        boolean known = false;
        for (Lost l : lost) {
            if (run != null && run.equals(l.run())) known = true;
        }
        if (!known) lost.addLast(new Lost(run, session, t));
        while (!lost.isEmpty() && (lost.size() > MAX_COUNTED || lost.peekFirst().at().isBefore(t.minus(COUNT_WINDOW)))) {
            lost.removeFirst();
        }
        Set<String> sessions = new HashSet<>();
        for (Lost l : lost) if (l.session() != null) sessions.add(l.session());
        int n = Math.max(1, lost.size());
        return n + (n == 1 ? " run" : " runs") + (sessions.isEmpty() ? ""
                : " in " + sessions.size() + (sessions.size() == 1 ? " session" : " sessions")) + " in the last hour";
    }

    /** Chains whose lost runs are remembered (bounded by max_tracked_keys). */
    public int trackedChains() {
        return lostByChain.size();
    }
}
