package io.gatewarden.pipeline;

import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.detect.Detector;
import io.gatewarden.detect.DetectorChain;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.parse.GenericJsonLineParser;
import io.gatewarden.parse.LineParser;
import io.gatewarden.parse.OpenClawLineParser;
import io.gatewarden.parse.ParseSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds the one pipeline both the daemon and `replay` run, from the config. */
public final class Pipelines {
    /** How often quiet periods and silence are checked, in the pipeline's own time. */
    static final Duration TICK_EVERY = Duration.ofSeconds(1);

    private Pipelines() {}

    public static EventPipeline create(GatewardenConfig cfg, Clock clock, IncidentTracker tracker) {
        return create(cfg, clock, tracker, Map.of());
    }

    /**
     * @param extraDetectors detectors beyond the log-only ones (the daemon adds context pressure and quota burn)
     */
    public static EventPipeline create(GatewardenConfig cfg, Clock clock, IncidentTracker tracker,
                                       Map<String, Detector> extraDetectors) {
        IncidentSink sink = new GatewayLabeledSink(tracker, cfg.gateway().name());
        return new EventPipeline(parser(cfg.parse()), DetectorChain.standard(cfg.detect(), extraDetectors), sink, clock,
                tracker::tick, TICK_EVERY);
    }

    public static LineParser parser(ParseSettings settings) {
        return ParseSettings.JSON.equals(settings.format())
                ? new GenericJsonLineParser(settings)
                : new OpenClawLineParser(settings);
    }
}
