package io.gatewarden.run;

import java.time.Instant;

/**
 * The gateway put an auth profile into cooldown or disabled it ({@code auth_profile_failure_state_updated}).
 *
 * @param profile    the profile as logged (hashed in OpenClaw logs); null when only a skip line told us
 * @param windowType cooldown | disabled (null when unknown)
 * @param reason     why (rate_limit, billing, auth, …)
 * @param until      when the gateway will try the profile again, when logged
 * @param blockedBy  the model (provider/model) whose failure put the profile there, when known
 * @param since      when the gateway logged it
 */
public record Cooldown(String provider, String profile, String windowType, String reason, Instant until,
                       String blockedBy, Instant since) {

    /** Still in force at {@code t}: before its end, or (end unknown) within {@code unknownFor} of its start. */
    boolean covers(Instant t, java.time.Duration unknownFor) {
        if (until != null) return !t.isAfter(until);
        return !t.isAfter(since.plus(unknownFor));
    }
}
