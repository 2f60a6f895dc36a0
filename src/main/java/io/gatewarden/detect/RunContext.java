package io.gatewarden.detect;

import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.time.Duration;
import java.time.Instant;

/**
 * What the detectors share about runs, fed once per event by {@link DetectorChain} before any detector sees it.
 * <p>
 * Some gateway lines carry no runId (same-model retries, lane errors, CLI echoes). They are attributed here:
 * first to the run last seen on the same provider/model (a retry always follows that run's failed attempt),
 * then to the run of the line just before (lane errors and CLI echoes follow their run within milliseconds).
 * Everything is bounded: runs and models live in capped LRU maps.
 */
public final class RunContext {
    private final Duration modelWindow;
    private final Duration nearbyWindow;
    private final BoundedLru<String, Seen> lastRunByModel;
    private final BoundedLru<String, RunInfo> runs;
    private final BoundedLru<String, int[]> retrySequences;
    private Seen lastRun;
    private Instant now;

    /** Facts about one run, learned from whichever of its lines carried them. */
    public static final class RunInfo {
        String agent;
        String session;
        String nextProvider;
        String nextModel;
        String provider;
        String model;

        public String agent() { return agent; }
        /** The provider/model the run's latest line with a model was about (its current rung). */
        public String provider() { return provider; }
        public String model() { return model; }
        public String session() { return session; }
        public String nextProvider() { return nextProvider; }
        public String nextModel() { return nextModel; }
    }

    private record Seen(String runId, Instant at) {}

    public RunContext(Duration modelWindow, Duration nearbyWindow, int maxRuns) {
        this.modelWindow = modelWindow;
        this.nearbyWindow = nearbyWindow;
        this.lastRunByModel = new BoundedLru<>(maxRuns);
        this.runs = new BoundedLru<>(maxRuns);
        this.retrySequences = new BoundedLru<>(maxRuns);
    }

    public static RunContext of(DetectSettings s) {
        return new RunContext(s.runAttributionWindow(), s.nearbyRunWindow(), s.maxTrackedRuns());
    }

    /** Learns from one event. Called once per event, before the detectors. */
    public void observe(GatewayEvent e) {
        Instant t = e.time();
        if (t != null && (now == null || t.isAfter(now))) now = t;
        if (t == null) return;
        String ref = e.modelRef();
        if (e.runId() != null) {
            lastRun = new Seen(e.runId(), t);
            if (ref != null) lastRunByModel.put(ref, lastRun);
            RunInfo info = runs.computeIfAbsent(e.runId(), k -> new RunInfo());
            if (e.agent() != null) info.agent = e.agent();
            if (e.session() != null) info.session = e.session();
            if (ref != null) {
                info.provider = e.provider();
                info.model = e.model();
            }
            String np = e.attr("nextProvider");
            String nm = e.attr("nextModel");
            if (np != null) {
                info.nextProvider = np;
                info.nextModel = nm;
            }
        }
        if (e.type() == EventType.SAME_MODEL_RETRY && ref != null) {
            int n = parseInt(e.attr("retry"), -1);
            int[] seq = retrySequences.computeIfAbsent(ref, k -> new int[]{0, Integer.MAX_VALUE});
            if (n < 0 || n <= seq[1]) seq[0]++; // retry numbering restarted: a new run's retries
            seq[1] = n < 0 ? Integer.MAX_VALUE : n;
        }
    }

    /**
     * The run an event belongs to: its own runId, else the run last seen on its provider/model, else (for retries)
     * a synthetic key per retry sequence, else the run of the line just before when it is close in time; null if none.
     */
    public String runOf(GatewayEvent e) {
        if (e.runId() != null) return e.runId();
        Instant t = timeOf(e);
        String ref = e.modelRef();
        if (ref != null && t != null) {
            Seen s = lastRunByModel.get(ref);
            if (s != null && within(s.at, t, modelWindow)) return s.runId;
        }
        if (ref != null && (e.type() == EventType.SAME_MODEL_RETRY || e.type() == EventType.RETRY_WINDOW_ELAPSED)) {
            int[] seq = retrySequences.get(ref);
            return "retries:" + ref + "#" + (seq == null ? 0 : seq[0]);
        }
        return nearbyRun(t);
    }

    /** The run of the most recent line that had a runId, if it was at most the nearby window away from {@code t}. */
    public String nearbyRun(Instant t) {
        if (lastRun == null || t == null) return null;
        return within(lastRun.at, t, nearbyWindow) ? lastRun.runId : null;
    }

    public RunInfo run(String runId) {
        return runId == null ? null : runs.get(runId);
    }

    public String agentOf(String runId) {
        RunInfo r = run(runId);
        return r == null ? null : r.agent;
    }

    public String sessionOf(String runId) {
        RunInfo r = run(runId);
        return r == null ? null : r.session;
    }

    /** The newest event time seen; null before the first timed event. */
    public Instant now() {
        return now;
    }

    /** The time to use for an event: its own, else the newest seen. */
    public Instant timeOf(GatewayEvent e) {
        return e.time() != null ? e.time() : now;
    }

    public int trackedRuns() {
        return runs.size();
    }

    public int trackedModels() {
        return lastRunByModel.size();
    }

    private static boolean within(Instant a, Instant b, Duration d) {
        return Duration.between(a, b).abs().compareTo(d) <= 0;
    }

    static int parseInt(String s, int dflt) {
        if (s == null) return dflt;
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
