package io.gatewarden.incident;

import java.time.Instant;
import java.util.Map;

/** Where detectors send what they see. */
public interface IncidentSink {
    void signal(Signal signal);

    /** Ends an open episode now (e.g. the gateway is back up); does nothing when none is open. */
    void resolve(IncidentType type, Map<String, String> labels, Instant at, String why);
}
