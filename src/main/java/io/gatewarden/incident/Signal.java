package io.gatewarden.incident;

import java.time.Instant;
import java.util.Map;

/**
 * What a detector says to the incident tracker: "this is happening, now".
 *
 * @param type          incident type
 * @param severity      severity of this observation (an incident takes the highest it has seen)
 * @param labels        identity of the episode together with the type (provider, model, profile, session, agent, ...)
 * @param occurrenceKey what a human would count once (a runId, a skipped rung in a run, a request); repeats of
 *                      the same key extend the incident but do not raise {@code occurrences}. Null counts every signal.
 * @param summary       one line a human reads first
 * @param evidence      a short log excerpt (may be null)
 * @param at            event time
 */
public record Signal(IncidentType type, Severity severity, Map<String, String> labels, String occurrenceKey,
                     String summary, String evidence, Instant at) {
    public Signal {
        labels = Labels.of(labels);
    }
}
