package io.gatewarden.pipeline;

import io.gatewarden.detect.Detector;
import io.gatewarden.detect.DetectorChain;
import io.gatewarden.detect.pressure.ContextPressureDetector;
import io.gatewarden.detect.pressure.QuotaBurnDetector;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.parse.GenericJsonLineParser;
import io.gatewarden.parse.LineParser;
import io.gatewarden.parse.OpenClawLineParser;
import io.gatewarden.parse.ParseSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the one pipeline both the daemon and `replay` run, from the config. */
public final class Pipelines {
    /** How often quiet periods and silence are checked, in the pipeline's own time. */
    static final Duration TICK_EVERY = Duration.ofSeconds(1);

    private Pipelines() {}

    /**
     * Every detector that can work from the log alone, replay and daemon alike: the standard ones, then context
     * pressure (from preflight/precheck lines; the daemon also feeds it the collector's readings) and quota burn (from
     * the request stream against configured limits; the daemon also feeds it the probes' rate-limit headers). The
     * daemon finds those two by name ({@link #CONTEXT_PRESSURE}, {@link #QUOTA_BURN}) to wire its collectors.
     */
    public static EventPipeline create(PipelineSettings cfg, Clock clock, IncidentTracker tracker) {
        return create(cfg, clock, tracker, new GatewayLabeledSink(tracker, cfg.gateway()));
    }

    /**
     * As {@link #create(PipelineSettings, Clock, IncidentTracker)}, signalling into {@code sink}: the daemon passes the
     * one {@link GatewayLabeledSink} its probes, restarter and actions signal into as well.
     */
    public static EventPipeline create(PipelineSettings cfg, Clock clock, IncidentTracker tracker, IncidentSink sink) {
        DetectorChain chain = DetectorChain.standard(cfg.detect(), runs -> {
            Map<String, Detector> extra = new LinkedHashMap<>();
            extra.put(QUOTA_BURN, new QuotaBurnDetector(cfg.pressure().quota()));
            extra.put(CONTEXT_PRESSURE, new ContextPressureDetector(cfg.pressure().context(), runs.sessions()));
            return extra;
        });
        return new EventPipeline(parser(cfg.parse()), chain, sink, clock, tracker::tick, TICK_EVERY);
    }

    /**
     * The same parser and run model with no detector: each provider request once, as {@link #create} settles it, for
     * readers that count requests and raise no incident ({@code gatewarden load}).
     */
    public static EventPipeline requestsOnly(PipelineSettings cfg, Clock clock) {
        IncidentSink none = new IncidentSink() {
            @Override public void signal(io.gatewarden.incident.Signal signal) { }
            @Override public void resolve(io.gatewarden.incident.IncidentType type, Map<String, String> labels,
                                          java.time.Instant at, String why) { }
        };
        return new EventPipeline(parser(cfg.parse()), DetectorChain.runsOnly(cfg.detect()), none, clock, now -> { },
                TICK_EVERY);
    }

    public static final String QUOTA_BURN = "quota_burn";
    public static final String CONTEXT_PRESSURE = "context_pressure";

    public static LineParser parser(ParseSettings settings) {
        return ParseSettings.JSON.equals(settings.format())
                ? new GenericJsonLineParser(settings)
                : new OpenClawLineParser(settings);
    }
}
