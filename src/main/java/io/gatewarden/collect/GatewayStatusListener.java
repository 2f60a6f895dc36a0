package io.gatewarden.collect;

/** Receives each collection (e.g. the context-pressure detector, a status page). Must be quick and must not throw. */
@FunctionalInterface
public interface GatewayStatusListener {
    void onStatus(GatewayStatus status);
}
