package io.gatewarden.detect.pressure;

import java.time.Duration;

/**
 * When one budget of one provider credential runs out at the current pace.
 *
 * @param provider      the gateway's provider id
 * @param profile       the credential (auth profile), or null when the calls are not told apart by key
 * @param budget        which budget, e.g. "requests per minute (configured 60)" or "requests (provider headers, limit 1000)"
 * @param remaining     what is left now (estimated)
 * @param burnPerMinute smoothed spend per minute (requests or tokens)
 * @param regenPerMinute what comes back per minute (calls leaving a rolling window, or the provider's refill)
 * @param timeToExhaustion null when the budget is not shrinking
 */
public record Forecast(String provider, String profile, String budget, double remaining, double burnPerMinute,
                       double regenPerMinute, Duration timeToExhaustion) {
    public boolean exhausts() {
        return timeToExhaustion != null;
    }
}
