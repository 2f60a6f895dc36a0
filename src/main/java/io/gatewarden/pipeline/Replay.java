package io.gatewarden.pipeline;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.tail.LogSetReader;
import io.gatewarden.time.EventClock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The post-mortem path: finished logs through the daemon's own parse -> detect -> incident pipeline, on log time.
 * Several log families (two log names in one folder, a slice next to the full log) are merged by time into one
 * timeline, and copies of a line in another family count once (see {@link ReplayReader}).
 * Incidents still open when the logs end stay open (endsAt null): that is what the gateway looked like then.
 * In particular a stop at the very end of a log is not a gateway_down: the log says nothing about the minutes after it.
 */
public final class Replay {
    /** Replay keeps every incident it saw for the report; past this many the oldest are dropped and counted. */
    static final int MAX_REPORTED_INCIDENTS = 100_000;

    /**
     * @param duplicateLines lines dropped because another input file had delivered the same line (overlapping inputs)
     */
    public record Result(List<Incident> incidents, long droppedIncidents, PipelineStats stats,
                         LogSetReader.Summary read, long duplicateLines, Duration took) {
        public double megabytesPerSecond() {
            double s = Math.max(took.toNanos(), 1) / 1e9;
            return read.bytes() / 1e6 / s;
        }

        public double linesPerSecond() {
            double s = Math.max(took.toNanos(), 1) / 1e9;
            return read.lines() / s;
        }
    }

    private Replay() {}

    /**
     * @param timeline told of every opening, update and resolution as it happens in log time (may be a no-op)
     */
    public static Result run(PipelineSettings cfg, List<Path> inputs, IncidentListener timeline) throws IOException {
        return run(cfg, inputs, timeline, 0);
    }

    /**
     * @param parseThreads parse workers beside the detection thread; 0 = one per available core
     */
    public static Result run(PipelineSettings cfg, List<Path> inputs, IncidentListener timeline, int parseThreads)
            throws IOException {
        EventClock clock = new EventClock(Instant.EPOCH);
        IncidentTracker tracker = new IncidentTracker(cfg.incidents(), clock);
        Map<String, Incident> seen = new LinkedHashMap<>();
        long[] dropped = {0};
        tracker.addListener(new IncidentListener() {
            @Override public void opened(Incident i) { keep(i); timeline.opened(i); }
            @Override public void updated(Incident i) { keep(i); timeline.updated(i); }
            @Override public void resolved(Incident i) { keep(i); timeline.resolved(i); }

            private void keep(Incident i) {
                seen.put(i.id(), i);
                if (seen.size() > MAX_REPORTED_INCIDENTS) {
                    String oldest = seen.keySet().iterator().next();
                    seen.remove(oldest);
                    dropped[0]++;
                }
            }
        });
        EventPipeline pipeline = Pipelines.create(cfg, clock, tracker);
        long start = System.nanoTime();
        ReplayReader.Outcome read = feed(cfg, inputs, pipeline, parseThreads);
        pipeline.tick();
        // listeners hear of lastSeen/summary-only changes at most once per update_interval: take the final state
        for (Incident i : tracker.open()) seen.replace(i.id(), i);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<Incident> incidents = new ArrayList<>(seen.values());
        incidents.sort(Comparator.comparing(Incident::startsAt).thenComparing(Incident::id));
        return new Result(incidents, dropped[0], pipeline.stats(), read.summary(), read.duplicateLines(), took);
    }

    /**
     * Reads finished logs into {@code pipeline} the way replay does (families merged by log time, copies dropped,
     * parsing on {@code parseThreads} workers, 0 = one per core): the one reader of finished logs, for replay and load.
     */
    public static ReplayReader.Outcome feed(PipelineSettings cfg, List<Path> inputs, EventPipeline pipeline, int parseThreads)
            throws IOException {
        ReplayReader reader = new ReplayReader(cfg.maxLineBytes(), Pipelines.parser(cfg.parse()), parseThreads);
        ReplayReader.Outcome read = reader.read(LogSetReader.families(inputs), pipeline::acceptParsed);
        pipeline.stats().oversizedLines(read.summary().skippedLines());
        return read;
    }
}
