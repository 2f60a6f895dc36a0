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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * error_loop per session: the same normalised error in {@code min_runs} distinct runs of ONE session within
 * {@code window} (default 3 in 3 min), whatever the reason — a transcript every model rejects alike (a
 * {@code tool_use_id} without its {@code tool_use}, a context that no longer fits) loops on the session, not on a
 * model, so the per-model view and the reason-specific detectors never call it a loop. Critical once the loop has
 * lasted {@code critical_runs} runs (counted since it began, as long as no gap exceeds the window).
 * <p>
 * Sources: failed requests (attempt-end lines, failed-rung decision lines) and failed runs other than "All models
 * failed" (chain_exhausted's). Skipped rungs are not errors of the session. Labels: session, agent, error,
 * fingerprint; runs are counted, never lines.
 */
public final class SessionErrorLoopDetector implements Detector {
    /** Errors that agree on this many normalised characters are one error. */
    static final int FINGERPRINT_CHARS = 120;
    private final DetectSettings.PerSession settings;
    private final int maxErrorChars;
    private final RunModel runs;
    private final BoundedLru<String, Loop> loops;
    private final BoundedLru<String, String> normalizedByText = new BoundedLru<>(1024);
    private final BoundedLru<String, String> fingerprints = new BoundedLru<>(1024);

    /** One session's one error: its recent runs (bounded) and how many runs the current loop has lasted. */
    private static final class Loop {
        final Map<String, String> labels;
        final String session;
        final String error;
        final ArrayDeque<RunHit> hits = new ArrayDeque<>();
        int loopRuns;

        Loop(Map<String, String> labels, String session, String error) {
            this.labels = labels;
            this.session = session;
            this.error = error;
        }
    }

    public SessionErrorLoopDetector(DetectSettings s, RunModel runs) {
        this.settings = s.errorLoop().session();
        this.maxErrorChars = s.errorLoop().maxErrorChars();
        this.runs = runs;
        this.loops = new BoundedLru<>(s.maxTrackedKeys());
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        if (!isSessionError(e)) return;
        String run = runs.runOf(e);
        Instant t = runs.timeOf(e);
        Run info = runs.run(run);
        String session = info != null && info.session() != null ? info.session() : runs.sessions().canonical(e);
        if (run == null || t == null || session == null) return; // distinct runs of one session are the whole point
        String raw = RunModel.errorText(e);
        if (Texts.blank(raw)) raw = e.reason();
        if (Texts.blank(raw)) return;
        // a run repeats its error on every retry and echo line: normalising once per (session, text) is enough
        String normalized = normalizedByText.get(raw);
        if (normalized == null) {
            normalized = ErrorNormalizer.failureWords(raw);
            normalizedByText.put(raw, normalized);
        }
        // one error, however each line cut it: the attempt line keeps 200 chars of the provider's text, the decision 400
        String key = normalized.length() > FINGERPRINT_CHARS ? normalized.substring(0, FINGERPRINT_CHARS) : normalized;
        String fpKey = session + '\u0000' + key;
        String fp = fingerprints.get(fpKey);
        if (fp == null) {
            fp = ErrorNormalizer.fingerprint("session", session, key);
            fingerprints.put(fpKey, fp);
        }
        final String finalFp = fp;
        final String finalNormalized = normalized;
        String agent = info != null && info.agent() != null ? info.agent() : e.agent();
        Loop loop = loops.computeIfAbsent(fp, k -> {
            String error = ErrorNormalizer.shortText(finalNormalized, maxErrorChars);
            return new Loop(Labels.of("session", session, "agent", agent, "error", error, "fingerprint", finalFp), session, error);
        });
        for (RunHit h : loop.hits) if (h.run.equals(run)) return; // this run already counted (retries, echoes, rungs)
        RunHit last = loop.hits.peekLast();
        if (last == null || Duration.between(last.at, t).compareTo(settings.window()) > 0) loop.loopRuns = 0;
        loop.loopRuns++;
        RunHit hit = new RunHit(run, t, Texts.evidence(e));
        loop.hits.addLast(hit);
        while (loop.hits.size() > Math.max(settings.minRuns(), 16)) loop.hits.removeFirst();
        Instant from = t.minus(settings.window());
        List<RunHit> inWindow = new ArrayList<>();
        for (RunHit h : loop.hits) if (h.at.isAfter(from)) inWindow.add(h);
        if (inWindow.size() < settings.minRuns()) return;
        Severity sev = loop.loopRuns >= settings.criticalRuns() ? Severity.CRITICAL : Severity.WARNING;
        String summary = "session " + session + (agent == null ? "" : " (agent " + agent + ")") + " keeps failing with the same error: "
                + inWindow.size() + " runs within " + io.gatewarden.time.Durations.format(settings.window())
                + (loop.loopRuns > inWindow.size() ? ", " + loop.loopRuns + " runs in this loop" : "")
                + " — every model gets the same session; " + loop.error;
        // runs seen before the threshold was crossed, oldest first, so the incident starts at the first of them
        for (RunHit h : inWindow) {
            if (h.signalled) continue;
            h.signalled = true;
            sink.signal(new Signal(IncidentType.ERROR_LOOP, sev, loop.labels, Texts.runKey(h.run), summary, h.evidence, h.at));
        }
    }

    /** A failed request or a failed run of some session; not a skip, not "All models failed". */
    private boolean isSessionError(GatewayEvent e) {
        EventType type = e.type();
        if (type == EventType.RUN_ATTEMPT_FAILED) return true;
        if (type == EventType.RUN_FAILED) return !ChainExhaustedDetector.isAllModelsFailed(e);
        return RunModel.isFailedRungLine(e) && !runs.isSkip(e);
    }
}
