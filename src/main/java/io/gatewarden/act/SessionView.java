package io.gatewarden.act;

import java.time.Instant;

/**
 * One session as the status page and {@code /api/sessions} show it: its latest preflight reading (tokens, window, the
 * gateway's own compaction threshold), whether it is under pressure or quarantined, and the last session action.
 */
public record SessionView(String session, String key, String agent, Long tokens, Long contextWindow, Long threshold,
                          Instant readAt, boolean underPressure, String quarantined, String lastAction,
                          String lastOutcome, Instant lastActionAt, String lastDetail, String lastCommand,
                          Long tokensBefore, Long tokensAfter, Long confirmedTokens, boolean awaitingConfirmation) {}
