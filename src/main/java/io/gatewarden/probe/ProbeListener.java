package io.gatewarden.probe;

/**
 * Receives every probe result (success or failure), e.g. the breakers (a provider that fails its cheap probe is
 * not worth a real request) and the quota-burn detector (remaining budget from rate-limit headers).
 * Called on the probing thread, after each round: implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface ProbeListener {
    void onProbeResult(ProbeResult result);
}
