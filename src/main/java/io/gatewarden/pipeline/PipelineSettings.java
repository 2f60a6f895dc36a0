package io.gatewarden.pipeline;

import io.gatewarden.detect.DetectSettings;
import io.gatewarden.detect.pressure.PressureSettings;
import io.gatewarden.incident.IncidentSettings;
import io.gatewarden.parse.ParseSettings;

import java.util.Objects;

/**
 * What the one pipeline (daemon, {@code replay}, {@code load}) reads of the config: the sections of gatewarden.yaml
 * it is built from. {@code config.GatewardenConfig#pipeline()} makes one; the pipeline never sees the whole config.
 *
 * @param gateway      the watched gateway's name, put on every incident ({@link GatewayLabeledSink})
 * @param maxLineBytes longer lines are skipped and counted, as the tailer does ({@code tail.max_line_bytes})
 */
public record PipelineSettings(String gateway, ParseSettings parse, DetectSettings detect, PressureSettings pressure,
                               IncidentSettings incidents, int maxLineBytes) {
    public PipelineSettings {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(parse, "parse");
        Objects.requireNonNull(detect, "detect");
        Objects.requireNonNull(pressure, "pressure");
        Objects.requireNonNull(incidents, "incidents");
    }
}
