package io.gatewarden.detect;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.run.RequestOutcome;

import java.time.Instant;

/**
 * One rule that turns events into incident signals. Detectors keep only bounded state
 * (ring buffers, capped LRU maps), take time from events or from {@link #onTick}, never from the wall clock.
 */
public interface Detector {
    void onEvent(GatewayEvent event, IncidentSink sink);

    /**
     * A provider request the run model settled from the event just passed to {@link #onEvent} (each request once;
     * see {@link io.gatewarden.run.RunModel}). For detectors that count requests (quota burn).
     */
    default void onRequest(RequestOutcome request, IncidentSink sink) {}

    /** Called periodically (daemon) or as log time advances (replay), for detectors that act on silence. */
    default void onTick(Instant now, IncidentSink sink) {}
}
