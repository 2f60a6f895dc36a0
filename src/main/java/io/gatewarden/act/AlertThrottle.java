package io.gatewarden.act;

import io.gatewarden.incident.IncidentType;
import io.gatewarden.util.BoundedLru;

import java.time.Duration;
import java.time.Instant;

/**
 * At most one signal a minute per kind and key: an action's condition is re-evaluated every second, and a human must
 * not be signalled every second. Not thread-safe: used under its owner's lock.
 */
final class AlertThrottle {
    static final Duration EVERY = Duration.ofMinutes(1);

    private final BoundedLru<String, Instant> last;

    /** @param keys how many (kind, key) pairs are remembered, least recently used forgotten first */
    AlertThrottle(int keys) {
        this.last = new BoundedLru<>(keys);
    }

    /** Whether a signal of {@code type} and {@code key} may go out at {@code now}; if so, it counts as sent. */
    boolean allow(IncidentType type, String key, Instant now) {
        String k = type + "|" + key;
        Instant l = last.get(k);
        if (l != null && now.isBefore(l.plus(EVERY))) return false;
        last.put(k, now);
        return true;
    }

    /** Forgets the last signal of {@code type} and {@code key}; true when there was one (it may want resolving). */
    boolean forget(IncidentType type, String key) {
        return last.remove(type + "|" + key) != null;
    }
}
