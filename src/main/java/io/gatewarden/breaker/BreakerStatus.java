package io.gatewarden.breaker;

import java.util.Locale;

/** The three states of a breaker; the wire name is lower-case (closed, open, half_open). */
public enum BreakerStatus {
    CLOSED, OPEN, HALF_OPEN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
