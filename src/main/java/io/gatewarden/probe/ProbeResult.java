package io.gatewarden.probe;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * What one probe round saw. Safe to log: the key appears only as its fingerprint.
 *
 * @param target     the target's name
 * @param kind       the target's kind
 * @param provider   the gateway's provider id for this target
 * @param profile    the auth profile the key belongs to, or null
 * @param credential fingerprint of the key used ("fp:1a2b3c4d"), or null when none was sent
 * @param url        the URL of the last request made (no query string, so no key), or null when none was made
 * @param at         when the round started
 * @param latency    time from the first request to the last answer
 * @param status     HTTP status of the last answer, 0 when none arrived
 * @param failure    {@link FailureKind#NONE} when the round succeeded
 * @param detail     a short human text: what failed, or what the endpoint said
 * @param rateLimits rate-limit headers of the last answer ({@link RateLimits#NONE} when absent)
 */
public record ProbeResult(String target, ProviderKind kind, String provider, String profile, String credential,
                          URI url, Instant at, Duration latency, int status, FailureKind failure, String detail,
                          RateLimits rateLimits) {
    public ProbeResult {
        rateLimits = rateLimits == null ? RateLimits.NONE : rateLimits;
    }

    public boolean ok() {
        return failure == FailureKind.NONE;
    }

    public boolean isGateway() {
        return kind == ProviderKind.GATEWAY;
    }
}
