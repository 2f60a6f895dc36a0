package io.gatewarden.probe;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void goDurationsAsOpenAiSendsThem() {
        assertThat(RateLimitHeaders.parseGoDuration("6m0s")).isEqualTo(Duration.ofMinutes(6));
        assertThat(RateLimitHeaders.parseGoDuration("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(RateLimitHeaders.parseGoDuration("20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(RateLimitHeaders.parseGoDuration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
        assertThat(RateLimitHeaders.parseGoDuration("0.5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(RateLimitHeaders.parseGoDuration("12")).isEqualTo(Duration.ofSeconds(12));
        assertThat(RateLimitHeaders.parseGoDuration("soon")).isNull();
        assertThat(RateLimitHeaders.parseGoDuration("5x")).isNull();
    }

    @Test
    void headerNamesAreCaseInsensitiveAndBadValuesIgnored() {
        RateLimits r = RateLimitHeaders.parse(Map.of(
                "X-RateLimit-Remaining-Requests", List.of("7"),
                "x-ratelimit-limit-requests", List.of("not-a-number"),
                "X-Ratelimit-Reset-Requests", List.of("garbage"),
                "Retry-After", List.of("Mon, 23 Nov 2026 12:00:30 GMT")), NOW);
        assertThat(r.requestsRemaining()).isEqualTo(7);
        assertThat(r.requestsLimit()).isNull();
        assertThat(r.requestsReset()).isNull();
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.hasRequestBudget()).isTrue();
        assertThat(r.hasTokenBudget()).isFalse();
    }

    @Test
    void noHeadersIsEmpty() {
        assertThat(RateLimitHeaders.parse(Map.of("content-type", List.of("application/json")), NOW).isEmpty()).isTrue();
    }
}
