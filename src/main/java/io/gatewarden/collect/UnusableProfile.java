package io.gatewarden.collect;

import java.time.Duration;
import java.time.Instant;

/**
 * An auth profile the gateway will not use right now, from {@code auth.unusableProfiles[]} of
 * {@code openclaw models status --json}.
 *
 * @param profileId    e.g. "fakeoa:default"
 * @param kind         "cooldown" (rate limit, short) or "disabled" (billing/auth, long)
 * @param reason       rate_limit, billing, auth, ... as the gateway classified it
 * @param until        when the gateway will try it again (null when not given)
 * @param remaining    time left as the CLI computed it when it ran (null when not given)
 * @param recoveryHint the gateway's advice, e.g. "Top up credits (provider billing) or switch provider."
 */
public record UnusableProfile(String profileId, String provider, String kind, String reason, Instant until,
                              Duration remaining, String recoveryHint) {
    public boolean isDisabled() {
        return "disabled".equals(kind);
    }
}
