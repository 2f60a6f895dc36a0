package io.gatewarden.daemon;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Turns the state file's save results into a {@code state_unwritable} incident (warning), so a full or read-only
 * state dir reaches a human through the normal alert pipeline (whose outbox then keeps notifications in memory).
 * The daemon state is saved when it changes and at least every 5 s, so it is the canary for every file gatewarden
 * keeps in the state dir.
 * While saves fail the incident is signalled each tick (it stays open past its quiet period); the first save that
 * works resolves it.
 */
final class StateWriteAlarm {
    private final Map<String, String> labels;
    private final Path stateDir;
    private final IncidentSink sink;
    private final Clock clock;
    private Instant failingSince;
    /** Null until the first save: a first save that works also resolves an episode restored from an earlier run. */
    private Boolean lastOk;

    StateWriteAlarm(Path stateDir, IncidentSink sink, Clock clock) {
        this.stateDir = stateDir.toAbsolutePath();
        this.labels = Map.of("path", this.stateDir.toString());
        this.sink = sink;
        this.clock = clock;
    }

    /** @param error the save's error text when it failed, else ignored */
    void saved(boolean ok, String error) {
        Instant now = clock.instant();
        if (ok) {
            if (!Boolean.TRUE.equals(lastOk)) sink.resolve(IncidentType.STATE_UNWRITABLE, labels, now, "the state dir takes writes again");
            failingSince = null;
            lastOk = true;
            return;
        }
        lastOk = false;
        if (failingSince == null) failingSince = now;
        String why = error == null ? "unknown error" : error;
        sink.signal(new Signal(IncidentType.STATE_UNWRITABLE, Severity.WARNING, labels, "unwritable-" + failingSince,
                "gatewarden cannot write its state dir " + stateDir + ": " + why + " (detection goes on; state is kept in memory)",
                why, now));
    }

    boolean failing() {
        return failingSince != null;
    }
}
