package io.gatewarden.detect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorNormalizerTest {
    @Test
    void stripsWhatVariesBetweenTwoOccurrencesOfOneError() {
        String a = ErrorNormalizer.normalize("⚠️ Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. "
                + "Please try again in 1s.; Retry-After: 1 seconds");
        String b = ErrorNormalizer.normalize("⚠️ Rate limit reached for requests per min (RPM): Limit 60, Used 60, Requested 2. "
                + "Please try again in 750ms.; Retry-After: 3 seconds");
        assertThat(a).isEqualTo(b).isEqualTo("rate limit reached for requests per min (rpm): limit #, used #, requested #. "
                + "please try again in <dur>.; retry-after: <dur>");
    }

    @Test
    void replacesIdsHashesUrlsAndQuotedValuesButKeepsCodeIdentifiers() {
        String n = ErrorNormalizer.normalize("messages.1.content.0: unexpected `tool_use_id` found in `tool_result` blocks: "
                + "toolu_01ABC. run ead177c3-7cfb-445c-9dbd-bd413dd1017f hash sha256:50d7a3a90d02 at https://api.x.invalid/v1?q=1 "
                + "for \"lab-s1\" and 'nokeyremote' id 3b94924e0061");
        assertThat(n).isEqualTo("messages.#.content.#: unexpected `tool_use_id` found in `tool_result` blocks: <id>. "
                + "run <id> hash <hash> at <url> for \"*\" and '*' id <hex>");
    }

    @Test
    void fingerprintsDependOnProviderAndModelAndShortTextIsBounded() {
        String n = ErrorNormalizer.normalize("boom");
        assertThat(ErrorNormalizer.fingerprint("a", "m", n)).hasSize(12).isNotEqualTo(ErrorNormalizer.fingerprint("b", "m", n));
        assertThat(ErrorNormalizer.fingerprint("a", "m", n)).isEqualTo(ErrorNormalizer.fingerprint("a", "m", n));
        String longText = ErrorNormalizer.normalize("x".repeat(10_000));
        assertThat(longText).hasSize(ErrorNormalizer.MAX_INPUT);
        assertThat(ErrorNormalizer.shortText(longText, 80)).hasSize(80).endsWith("…");
        assertThat(ErrorNormalizer.normalize(null)).isEmpty();
    }

    @Test
    void oneFailureGivesTheSameWordsOnItsAttemptLineAndItsDecisionLine() {
        String msg = "messages.1.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01ABC.";
        String attempt = "400: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"" + msg.replace("`", "`") + "\"}}";
        String expected = "messages.#.content.#: unexpected `tool_use_id` found in `tool_result` blocks: <id>.";
        assertThat(ErrorNormalizer.failureWords(attempt)).isEqualTo(expected);
        assertThat(ErrorNormalizer.failureWords(msg)).isEqualTo(expected);
        assertThat(ErrorNormalizer.failureWords("400 " + msg)).isEqualTo(expected);
        assertThat(ErrorNormalizer.failureWords("HTTP 400: " + msg)).isEqualTo(expected);
        // a number that is part of the words stays
        assertThat(ErrorNormalizer.failureWords("rate limit: 3 requests per minute")).isEqualTo("rate limit: # requests per minute");
    }
}
