package io.gatewarden.alert;

/**
 * One rung of the gateway's model chain as an alert shows it.
 *
 * @param provider     e.g. {@code anthropic}
 * @param model        e.g. {@code claude-opus-4}
 * @param profile      the auth profile id (never a key)
 * @param breakerState {@code closed}, {@code open} or {@code half_open}
 * @param primary      true for the rung the gateway tries first
 */
public record ChainRungView(String provider, String model, String profile, String breakerState, boolean primary) {
}
