package io.gatewarden.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the API asks for when it adds a silence (binds from JSON with snake_case keys).
 *
 * @param matchers  e.g. {@code ["alertname=provider_rate_limited", "provider=anthropic"]}
 * @param startsAt  optional, default now
 * @param endsAt    the expiry; or give {@code duration} instead
 * @param duration  how long from {@code starts_at}, e.g. "2h"
 */
public record NewSilence(List<String> matchers, Instant startsAt, Instant endsAt, Duration duration, String createdBy,
                         String comment) {
}
