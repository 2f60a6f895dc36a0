package io.gatewarden.probe;

import java.time.Duration;

/**
 * A provider target whose model probe is enabled, resolved with defaults.
 *
 * @param target   the provider target (endpoint, key, provider id, profile)
 * @param settings the model-probe settings
 * @param interval least time between two probes of one model
 * @param timeout  deadline of one model probe
 */
public record ModelProbeTarget(ProbeTarget target, ModelProbeSettings settings, Duration interval, Duration timeout) {

    /** The path for {@code model}: the configured one, else the kind's smallest generation endpoint. */
    public String pathFor(String model) {
        String p = settings.path();
        if (p == null || p.isBlank()) {
            p = switch (target.kind()) {
                case ANTHROPIC -> "/v1/messages";
                case GEMINI -> "/v1beta/models/{model}:generateContent";
                case OLLAMA -> "/api/generate";
                default -> "/v1/chat/completions";
            };
        }
        return p.replace("{model}", model);
    }
}
