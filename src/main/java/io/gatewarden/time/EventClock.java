package io.gatewarden.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that shows the newest event time seen so far. Replay runs the daemon's detectors on it, so
 * "3 minutes" means 3 minutes of log time. It never goes backwards: OpenClaw's CLI lines are not time-ordered.
 */
public final class EventClock extends Clock {
    private volatile Instant now;

    public EventClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock to {@code t} when t is later than now; returns the clock's time after the call. */
    public Instant advanceTo(Instant t) {
        if (t != null && t.isAfter(now)) now = t;
        return now;
    }

    @Override public Instant instant() { return now; }
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
}
