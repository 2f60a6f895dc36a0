package io.gatewarden.detect;

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
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;

/**
 * error_loop: the same normalised error on the same provider/model in several distinct runs within a window.
 * <p>
 * Runs are counted, not lines: the gateway's same-model retries inside one run repeat the failed attempt line with the
 * same runId, so they count once. The sources are failed model attempts and failed agent calls (not "All models failed",
 * which is chain_exhausted); reasons with their own detector (rate_limit, overloaded, billing, format, ...) are left to it.
 * When the threshold is crossed, the runs already seen in the window are signalled too, so the incident starts at the
 * first of them and counts all of them.
 */
public final class ErrorLoopDetector implements Detector {
    private final DetectSettings.ErrorLoop settings;
    private final java.util.Set<String> excluded;
    private final RunModel runs;
    private final BoundedLru<String, Loop> loops;
    private final int runsKept;

    /** Distinct runs recently seen with one error fingerprint, oldest first, at most runsKept. */
    private static final class Loop {
        final Map<String, String> labels;
        final String ref;
        final String error;
        final ArrayDeque<RunHit> hits = new ArrayDeque<>();

        Loop(Map<String, String> labels, String ref, String error) {
            this.labels = labels;
            this.ref = ref;
            this.error = error;
        }
    }

    public ErrorLoopDetector(DetectSettings s, RunModel runs) {
        this.settings = s.errorLoop();
        this.excluded = settings.excluded();
        this.runs = runs;
        this.loops = new BoundedLru<>(s.maxTrackedKeys());
        // enough runs to see the critical threshold, never an unbounded list
        this.runsKept = Math.min(Math.max(settings.minRuns(), settings.criticalRuns()), 256);
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        if (e.type() != EventType.RUN_ATTEMPT_FAILED && e.type() != EventType.RUN_FAILED) return;
        if (e.type() == EventType.RUN_FAILED && ChainExhaustedDetector.isAllModelsFailed(e)) return;
        if (Texts.reasonIn(e.reason(), excluded)) return;
        String text = !Texts.blank(e.detail()) ? e.detail() : e.reason();
        if (Texts.blank(text)) return;
        String run = runs.runOf(e);
        Instant t = runs.timeOf(e);
        if (run == null || t == null) return; // distinct runs are the whole point
        String normalized = ErrorNormalizer.normalize(text);
        String fp = ErrorNormalizer.fingerprint(e.provider(), e.model(), normalized);
        Loop loop = loops.computeIfAbsent(fp, k -> {
            String error = ErrorNormalizer.shortText(normalized, settings.maxErrorChars());
            return new Loop(Labels.of("provider", e.provider(), "model", e.model(), "error", error, "fingerprint", fp),
                    e.modelRef(), error);
        });
        RunHit hit = find(loop, run);
        if (hit == null) {
            hit = new RunHit(run, t, Texts.evidence(e));
            loop.hits.addLast(hit);
            while (loop.hits.size() > runsKept) loop.hits.removeFirst();
        } else {
            if (t.isAfter(hit.at)) hit.at = t;
            hit.evidence = Texts.evidence(e);
        }
        Instant from = t.minus(settings.window());
        int inWindow = 0;
        for (RunHit h : loop.hits) if (h.at.isAfter(from)) inWindow++;
        if (inWindow < settings.minRuns()) return;
        Severity sev = inWindow >= settings.criticalRuns() ? Severity.CRITICAL : Severity.WARNING;
        String summary = "the same error hit " + (loop.ref != null ? loop.ref : "the gateway") + " in " + inWindow
                + " runs within " + io.gatewarden.time.Durations.format(settings.window()) + ": " + loop.error;
        // the runs seen before the threshold was crossed, oldest first, so the incident starts at the first of them
        java.util.List<RunHit> earlier = new java.util.ArrayList<>();
        for (RunHit h : loop.hits) if (!h.signalled && h != hit && h.at.isAfter(from)) earlier.add(h);
        earlier.sort(java.util.Comparator.comparing(h -> h.at));
        for (RunHit h : earlier) {
            h.signalled = true;
            sink.signal(new Signal(IncidentType.ERROR_LOOP, sev, loop.labels, Texts.runKey(h.run), summary, h.evidence, h.at));
        }
        hit.signalled = true;
        sink.signal(new Signal(IncidentType.ERROR_LOOP, sev, loop.labels, Texts.runKey(hit.run), summary, hit.evidence, t));
    }

    private static RunHit find(Loop loop, String run) {
        for (Iterator<RunHit> it = loop.hits.descendingIterator(); it.hasNext(); ) {
            RunHit h = it.next();
            if (h.run.equals(run)) return h;
        }
        return null;
    }

    /** Error fingerprints currently tracked (bounded by max_tracked_keys). */
    public int trackedFingerprints() {
        return loops.size();
    }
}
