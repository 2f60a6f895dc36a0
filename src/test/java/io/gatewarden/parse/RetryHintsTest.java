package io.gatewarden.parse;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryHintsTest {
    @Test
    void readsTheFormsTheGatewayLogs() {
        assertThat(RetryHints.retryAfter("Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. "
                + "Please try again in 1s.; Retry-After: 1 seconds")).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryHints.retryAfter("please try again in 250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(RetryHints.retryAfter(null, "retry-after: 30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryHints.retryAfter("Please try again in 2 minutes")).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryHints.retryAfter("try again in a moment.")).isNull();
        assertThat(RetryHints.retryAfter("Retry-After: 86400 seconds")).isEqualTo(Duration.ofHours(1));
    }
}
