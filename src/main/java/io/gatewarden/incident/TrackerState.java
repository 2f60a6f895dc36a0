package io.gatewarden.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link IncidentTracker} needs to carry open incidents across a gatewarden restart, as plain data that
 * {@link io.gatewarden.state.StateJson} writes and reads. Types and severities are wire names so the file reads well.
 */
public record TrackerState(int version, Instant savedAt, List<EpisodeState> open, List<EpisodeState> recent) {
    public static final int VERSION = 1;

    public TrackerState {
        open = open == null ? List.of() : List.copyOf(open);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    /**
     * One episode. {@code recentKeys} are the occurrence keys already counted (so a run seen before the restart is not
     * counted again), {@code resolution} says why a resolved one ended.
     */
    public record EpisodeState(String id, String type, String severity, Map<String, String> labels,
                               Instant startsAt, Instant lastSeenAt, Instant endsAt, long occurrences, String summary,
                               List<String> firstEvidence, List<String> lastEvidence, List<String> recentKeys,
                               Instant lastNotifiedAt, String resolution) {
        public EpisodeState {
            labels = labels == null ? Map.of() : Labels.of(labels);
            firstEvidence = firstEvidence == null ? List.of() : List.copyOf(firstEvidence);
            lastEvidence = lastEvidence == null ? List.of() : List.copyOf(lastEvidence);
            recentKeys = recentKeys == null ? List.of() : List.copyOf(recentKeys);
        }
    }
}
