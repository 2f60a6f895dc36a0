package io.gatewarden.collect;

import java.time.Instant;

/**
 * One session's context use, from {@code sessions[]} of {@code openclaw sessions --json}.
 *
 * @param key           the session key, e.g. "agent:main:explicit:lab-s5" (the same id the gateway logs as session_id)
 * @param sessionId     the short id, e.g. "lab-s5"
 * @param totalTokens   tokens in the session's context as last recorded (null when unknown)
 * @param contextTokens the context window of the session's model (null when unknown)
 * @param fresh         false when OpenClaw says the total is stale (its own table then withholds the percentage)
 */
public record SessionUsage(String key, String sessionId, String agentId, String provider, String model,
                           Long totalTokens, Long contextTokens, boolean fresh, Instant updatedAt) {

    /** totalTokens / contextTokens, or null when either is unknown or the window is not positive. */
    public Double ratio() {
        if (totalTokens == null || contextTokens == null || contextTokens <= 0) return null;
        return totalTokens / (double) contextTokens;
    }
}
