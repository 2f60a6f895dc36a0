package io.gatewarden.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static io.gatewarden.parse.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

class GenericJsonLineParserTest {
    private final GenericJsonLineParser parser = new GenericJsonLineParser();

    @Test
    void liteLlmRateLimitIsAFailedAttemptWithReasonRateLimit() {
        GatewayEvent e = parser.parse("{\"level\":\"ERROR\",\"timestamp\":\"2026-11-23T12:00:00.123Z\","
                + "\"message\":\"litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o\","
                + "\"model\":\"gpt-4o\",\"custom_llm_provider\":\"openai\",\"status_code\":429,\"litellm_call_id\":\"c-1\"}");
        assertThat(e.type()).isEqualTo(RUN_ATTEMPT_FAILED);
        assertThat(e.reason()).isEqualTo("rate_limit");
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.provider()).isEqualTo("openai");
        assertThat(e.model()).isEqualTo("gpt-4o");
        assertThat(e.runId()).isEqualTo("c-1");
        assertThat(e.level()).isEqualTo(5);
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-23T12:00:00.123Z"));
        assertThat(e.detail()).startsWith("litellm.RateLimitError");
    }

    @Test
    void quotaWordingTurnsA429IntoBilling() {
        GatewayEvent e = parser.parse("{\"level\":\"error\",\"status_code\":\"429\",\"model\":\"openai/gpt-4o\","
                + "\"exception\":\"You exceeded your current quota, please check your plan (insufficient_quota)\"}");
        assertThat(e.reason()).isEqualTo("billing");
        assertThat(e.provider()).as("split from the model").isEqualTo("openai");
        assertThat(e.model()).isEqualTo("gpt-4o");
    }

    @ParameterizedTest
    @CsvSource({
            "529, overloaded", "503, overloaded", "402, billing", "401, auth", "403, auth", "404, model_not_found",
            "408, timeout", "504, timeout", "500, server_error", "502, server_error"})
    void statusDecidesTheReason(int status, String reason) {
        GatewayEvent e = parser.parse("{\"msg\":\"call failed\",\"model\":\"claude-x\",\"provider\":\"anthropic\",\"status\":" + status + "}");
        assertThat(e.type()).isEqualTo(RUN_ATTEMPT_FAILED);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.status()).isEqualTo(status);
    }

    @Test
    void errorObjectWithoutStatusIsClassifiedByItsText() {
        GatewayEvent e = parser.parse("{\"ts\":1795435200.5,\"level\":40,\"model\":\"claude-x\","
                + "\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\",\"param\":{\"deep\":[1,2]}}}");
        assertThat(e.type()).isEqualTo(RUN_ATTEMPT_FAILED);
        assertThat(e.reason()).isEqualTo("overloaded");
        assertThat(e.detail()).isEqualTo("overloaded_error: Overloaded");
        assertThat(e.level()).isEqualTo(5);
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-23T12:00:00.500Z"));
        assertThat(parser.parse("{\"exception\":\"litellm.AuthenticationError: invalid x-api-key\"}").reason()).isEqualTo("auth");
    }

    @Test
    void contextWindowErrorsAreContextOverflow() {
        GatewayEvent e = parser.parse("{\"status_code\":400,\"model\":\"gpt-4o\",\"exception\":"
                + "\"litellm.ContextWindowExceededError: This model's maximum context length is 128000 tokens\"}");
        assertThat(e.type()).isEqualTo(CONTEXT_OVERFLOW);
        assertThat(e.reason()).isEqualTo("context_overflow");
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void successfulCallsAreModelFetches() {
        GatewayEvent e = parser.parse("{\"time\":1795435200123,\"level\":\"INFO\",\"model\":\"gpt-4o\",\"status_code\":200,\"message\":\"ok\"}");
        assertThat(e.type()).isEqualTo(MODEL_FETCH);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.reason()).isNull();
        assertThat(e.time()).isEqualTo(Instant.ofEpochMilli(1795435200123L));
    }

    @Test
    void aLevelAloneIsNotAFailure() {
        assertThat(parser.parse("{\"level\":\"error\",\"message\":\"database connection lost\"}").type()).isEqualTo(GENERIC);
        assertThat(parser.parse("{\"level\":\"error\",\"message\":\"x\",\"error\":null}").type()).isEqualTo(GENERIC);
        assertThat(parser.parse("{\"level\":\"warning\",\"message\":\"x\",\"error\":false}").level()).isEqualTo(4);
        assertThat(parser.parse("{\"status_code\":200}").type()).as("no model: nothing to say").isEqualTo(GENERIC);
    }

    @Test
    void notOneJsonObjectIsMalformed() {
        assertThat(parser.parse("[1,2]").type()).isEqualTo(MALFORMED);
        assertThat(parser.parse("INFO: plain text").type()).isEqualTo(MALFORMED);
        assertThat(parser.parse("{\"level\":\"error\"").type()).isEqualTo(MALFORMED);
        assertThat(parser.parse("{}{}").type()).isEqualTo(MALFORMED);
        assertThat(parser.parse(null).type()).isEqualTo(MALFORMED);
        assertThat(parser.parse("\uFEFF{\"level\":\"info\"}\r").type()).isEqualTo(GENERIC);
    }

    @Test
    void openClawLinesReadAsGenericJsonAreHarmless() {
        for (String line : Fixtures.lines("02-failover-cascade-429-529-unknown-model.info.jsonl")) {
            GatewayEvent e = parser.parse(line);
            assertThat(e.type()).isIn(GENERIC, RUN_ATTEMPT_FAILED, MODEL_FETCH, CONTEXT_OVERFLOW);
        }
    }
}
