package io.gatewarden.probe;

import java.time.Duration;

import static io.gatewarden.util.SettingChecks.positive;

/**
 * The model probe of one provider target ({@code probe.providers[].model_probe}): the smallest real request to one
 * model — one output token, with the key of its provider target (the key the gateway uses) — sent only to settle
 * the half-open trial of a breaker that a model-level failure (rate limit, overload) opened. A models list answers
 * 200 while one model answers 429, so only this, or an observed success of the model, proves it recovered.
 *
 * <p>Cost: each probe is a billed request (a few input tokens, one output token) and counts against the model's
 * rate limit, so it is opt-in per provider and capped per model.
 *
 * @param enabled    send model probes for this provider (default false)
 * @param maxPerHour at most this many model probes per model in any sliding hour (default 12)
 * @param interval   at least this long between two probes of one model (default: the target's interval)
 * @param timeout    deadline of one model probe (default: the target's timeout); a timeout settles nothing
 * @param path       request path; default per kind: /v1/chat/completions (openai), /v1/messages (anthropic),
 *                   /v1beta/models/{model}:generateContent (gemini), /api/generate (ollama)
 */
public record ModelProbeSettings(Boolean enabled, Integer maxPerHour, Duration interval, Duration timeout, String path) {
    public ModelProbeSettings {
        enabled = enabled != null && enabled;
        maxPerHour = maxPerHour == null ? 12 : maxPerHour;
        if (maxPerHour < 1 || maxPerHour > 3600) throw new IllegalArgumentException("model_probe.max_per_hour must be between 1 and 3600, got " + maxPerHour);
        if (interval != null) positive("model_probe.interval", interval);
        if (timeout != null) positive("model_probe.timeout", timeout);
    }

    public static ModelProbeSettings defaults() {
        return new ModelProbeSettings(null, null, null, null, null);
    }
}
