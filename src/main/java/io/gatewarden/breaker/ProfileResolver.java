package io.gatewarden.breaker;

import java.time.Instant;

/**
 * Says which auth profile a gateway request used, so failures land on the breaker of exactly that
 * (profile, model). See {@link ConfiguredProfiles} for the rule gatewarden applies by default.
 */
public interface ProfileResolver {
    /**
     * @param provider      the provider of the request
     * @param loggedProfile the profile id the log line carried (OpenClaw logs {@code sha256:<12 hex>}), or null
     * @param at            when the request happened
     * @return the profile id to key the breaker with; never null
     */
    String resolve(String provider, String loggedProfile, Instant at);

    /** The gateway put a profile into cooldown or disabled it until {@code until}. */
    default void onProfileUnavailable(String provider, String loggedProfile, Instant until) {}

    /** Without any config: the logged id as is, else {@code provider:default}. */
    ProfileResolver DEFAULT = (provider, logged, at) -> logged != null && !logged.isBlank() ? logged : provider + ":default";
}
