package io.gatewarden.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.gatewarden.secret.Fingerprint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.gatewarden.parse.EventType.*;
import static io.gatewarden.parse.TslogLines.console;
import static io.gatewarden.parse.TslogLines.logger;
import static io.gatewarden.parse.TslogLines.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Bad input, accepted variations, and lines the fixtures do not hold (crashes, SIGINT, failed answers). */
class OpenClawLineParserTest {
    private final OpenClawLineParser parser = new OpenClawLineParser();
    private static final String FIXTURE_LINE = Fixtures.lines("13-sigterm-stop.info.jsonl").get(1); // received SIGTERM

    private GatewayEvent parse(String line) {
        GatewayEvent[] out = new GatewayEvent[1];
        assertThatCode(() -> out[0] = parser.parse(line)).doesNotThrowAnyException();
        assertThat(out[0]).isNotNull();
        assertThat(out[0].type()).isNotNull();
        return out[0];
    }

    private GatewayEvent malformed(String line) {
        GatewayEvent e = parse(line);
        assertThat(e.type()).as("line %s", line).isEqualTo(MALFORMED);
        assertThat(e.detail()).isNotBlank();
        return e;
    }

    // ------------------------------------------------------------------ malformed

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\r", "not json at all", "2026-11-23T12:01:38.055+00:00 [gateway] loading configuration…",
            "\"a string\"", "42", "null", "true", "{", "}", "{\"0\":", "{\"0\":\"x\"", "{\"0\":\"x\",}", "{'0':'x'}",
            "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing", "{\"a\":\"bad \\q escape\"}", "{\"a\":\"\u0001\"}", "{\"a\":01}",
            "{\"a\":[1,2}", "{\"a\" 1}", "{\"a\":NaN}"})
    void notOneJsonObjectIsMalformed(String line) {
        malformed(line);
    }

    @Test
    void nullLineIsMalformed() {
        assertThat(malformed(null).raw()).isNull();
    }

    @Test
    void jsonArrayIsMalformed() {
        GatewayEvent e = malformed("[{\"0\":\"{\\\"subsystem\\\":\\\"gateway\\\"}\",\"1\":\"gateway ready\"}]");
        assertThat(e.detail()).isEqualTo("JSON array, not an object");
    }

    @Test
    void truncatedFixtureLineIsMalformedWithAJsonReason() {
        GatewayEvent e = malformed(FIXTURE_LINE.substring(0, FIXTURE_LINE.length() / 2));
        assertThat(e.detail()).startsWith("invalid JSON: ");
        assertThat(e.raw()).hasSizeLessThanOrEqualTo(300);
        assertThat(e.time()).isNull();
    }

    @Test
    void binaryGarbageIsMalformed() {
        byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);
        malformed(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        bytes[0] = '{';
        malformed(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        malformed("{\"0\":\"\u0000\u0001\u0002\"}\u0000");
        malformed("\u0000\u0000\u0000\u0000");
    }

    @Test
    void aFiveMebibyteLineIsMalformedWithoutBeingParsed() {
        String huge = "{\"0\":\"{\\\"subsystem\\\":\\\"gateway\\\"}\",\"1\":\"" + "x".repeat(5 << 20) + "\"}";
        GatewayEvent e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parse(huge));
        assertThat(e.type()).isEqualTo(MALFORMED);
        assertThat(e.detail()).startsWith("line too long");
        assertThat(e.raw()).hasSize(300);
    }

    @Test
    void deepNestingIsMalformedNotAStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThat(malformed(deep).detail()).startsWith("invalid JSON");
    }

    @Test
    void theLineLimitIsConfigurable() {
        OpenClawLineParser small = new OpenClawLineParser(new ParseSettings("openclaw", 1024, 100));
        assertThat(small.parse(FIXTURE_LINE).type()).isEqualTo(GATEWAY_STOPPING);
        String big = logger("gateway", 3, "y".repeat(2000));
        assertThat(small.parse(big).type()).isEqualTo(MALFORMED);
        assertThat(small.parse(big).raw()).hasSize(100);
    }

    // ------------------------------------------------------------------ accepted variations

    @Test
    void byteOrderMarkAndTrailingWhitespaceAreAccepted() {
        GatewayEvent plain = parse(FIXTURE_LINE);
        assertThat(plain.type()).isEqualTo(GATEWAY_STOPPING);
        for (String variant : List.of("\uFEFF" + FIXTURE_LINE, FIXTURE_LINE + "\r", FIXTURE_LINE + " \t \r\n", "  " + FIXTURE_LINE)) {
            GatewayEvent e = parse(variant);
            assertThat(e.type()).isEqualTo(GATEWAY_STOPPING);
            assertThat(e.time()).isEqualTo(plain.time());
            assertThat(e.attrs()).isEqualTo(plain.attrs());
        }
    }

    @Test
    void anyWellFormedObjectIsGeneric() {
        GatewayEvent empty = parse("{}");
        assertThat(empty.type()).isEqualTo(GENERIC);
        assertThat(empty.time()).isNull();
        assertThat(empty.level()).isZero();
        assertThat(parse("{\"0\":42,\"1\":[1,2,{\"x\":null}],\"_meta\":\"odd\",\"time\":7}").type()).isEqualTo(GENERIC);
        assertThat(parse("{\"hello\":\"world\",\"time\":\"not a time\"}").time()).isNull();
        assertThat(parse(logger("gateway", 3, "")).type()).isEqualTo(GENERIC);
        assertThat(parse(logger("gateway", 3, obj("event", "something_new", "runId", "r1"), "something new")))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(GENERIC);
                    assertThat(e.runId()).isEqualTo("r1");
                });
    }

    @Test
    void verboseLinesCarryTheirTextInAnObject() {
        String line = "{\"0\":{\"message\":\"preflightCompaction check: sessionKey=agent:ops:explicit:s9 tokenCount=150000"
                + " contextWindow=200000 threshold=180000\"},\"1\":\"verbose\",\"_meta\":{\"logLevelId\":2},\"time\":\"" + TslogLines.TIME + "\"}";
        GatewayEvent e = parse(line);
        assertThat(e.type()).isEqualTo(CONTEXT_USAGE);
        assertThat(e.session()).isEqualTo("s9");
        assertThat(e.agent()).isEqualTo("ops");
        assertThat(e.attrs()).containsEntry("tokens", "150000").containsEntry("contextTokens", "200000");
    }

    @Test
    void textFirstAndObjectSecondIsRead() {
        // "slow SQLite session write" puts the text in "1" and the object in "2"
        GatewayEvent e = parse(logger("agent/embedded", 4, "transient same-model retry 2/5 for acme/big-1 reason=overloaded: delayMs=10",
                obj("runId", "run-7", "sessionId", "s-7")));
        assertThat(e.type()).isEqualTo(SAME_MODEL_RETRY);
        assertThat(e.runId()).isEqualTo("run-7");
        assertThat(e.attrs()).containsEntry("retry", "2").containsEntry("of", "5");
    }

    // ------------------------------------------------------------------ crashes (texts from OpenClaw's source)

    @Test
    void uncaughtExceptionIsACrash() {
        GatewayEvent e = parse(console(5, "[openclaw] OpenClaw hit an unexpected runtime error."));
        assertThat(e.type()).isEqualTo(GATEWAY_CRASHED);
        assertThat(e.attr("kind")).isEqualTo("uncaught_exception");
        assertThat(e.level()).isEqualTo(5);
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-23T12:30:00.250Z"));
    }

    @Test
    void fatalRejectionsAreCrashes() {
        assertThat(parse(console(5, "[openclaw] Unhandled promise rejection: Error: boom\n    at x (y.js:1:1)")))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(GATEWAY_CRASHED);
                    assertThat(e.attr("kind")).isEqualTo("unhandled_rejection");
                    assertThat(e.detail()).startsWith("Unhandled promise rejection: Error: boom");
                });
        assertThat(parse(console(5, "[openclaw] FATAL unhandled rejection: RangeError: ERR_OUT_OF_MEMORY")).type())
                .isEqualTo(GATEWAY_CRASHED);
        assertThat(parse(console(5, "[openclaw] CONFIGURATION ERROR - requires fix: MISSING_API_KEY")).attr("kind"))
                .isEqualTo("configuration_error");
        assertThat(parse(console(5, "Gateway failed to start: gateway already running (pid 1); lock timeout after 5000ms")))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(GATEWAY_CRASHED);
                    assertThat(e.attr("kind")).isEqualTo("startup_failed");
                });
    }

    @Test
    void survivableRejectionsAreNotCrashes() {
        assertThat(parse(console(4, "[openclaw] Non-fatal unhandled rejection (continuing): Error: ECONNRESET")).type()).isEqualTo(GENERIC);
        assertThat(parse(console(4, "[openclaw] Suppressed AbortError: AbortError: This operation was aborted")).type()).isEqualTo(GENERIC);
        assertThat(parse(console(5, "[openclaw] The CLI command failed.")).type()).isEqualTo(GENERIC);
    }

    // ------------------------------------------------------------------ variations of known lines

    @Test
    void sigintStopsLikeSigterm() {
        GatewayEvent e = parse(logger("gateway", 3, "received SIGINT; shutting down"));
        assertThat(e.type()).isEqualTo(GATEWAY_STOPPING);
        assertThat(e.attr("signal")).isEqualTo("SIGINT");
        assertThat(parse(logger("gateway", 3, "received SIGUSR1; restarting")).type()).isEqualTo(GATEWAY_RESTARTING);
        assertThat(parse(logger("gateway", 3, "signal SIGTERM received")).type()).isEqualTo(GENERIC);
    }

    @Test
    void failedAgentAnswerWithoutChainExhaustionIsARunFailure() {
        GatewayEvent e = parse(logger("gateway/ws", 3,
                "⇄ res ✗ agent errorCode=UNAVAILABLE errorMessage=⚠️ Rate limit reached for requests per min runId=run-42 conn=ab…cd id=2:x"));
        assertThat(e.type()).isEqualTo(RUN_FAILED);
        assertThat(e.runId()).isEqualTo("run-42");
        assertThat(e.reason()).isEqualTo("rate_limit");
        assertThat(e.attrs()).containsEntry("errorCode", "UNAVAILABLE").containsEntry("source", "ws");
        assertThat(e.detail()).isEqualTo("⚠️ Rate limit reached for requests per min");
        // other methods failing is not a run failing
        assertThat(parse(logger("gateway/ws", 3, "⇄ res ✗ system-presence 1ms errorCode=FORBIDDEN errorMessage=missing scope")).type())
                .isEqualTo(GENERIC);
    }

    @Test
    void runEndsByStopReason() {
        assertThat(parse(logger("agents/agent-command", 3, "[agent] run r1 ended with stopReason=error")))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(RUN_FAILED);
                    assertThat(e.runId()).isEqualTo("r1");
                });
        assertThat(parse(logger("agents/agent-command", 3, "[agent] run r1 ended with stopReason=aborted")).type()).isEqualTo(GENERIC);
        assertThat(parse(logger("agents/agent-command", 3, "[agent] run r1 ended with stopReason=stop")).type()).isEqualTo(RUN_SUCCEEDED);
    }

    @Test
    void decisionVariants() {
        GatewayEvent lastSkipped = parse(logger("model-fallback/decision", 4, obj("event", "model_fallback_decision",
                "decision", "skip_candidate", "candidateProvider", "p", "candidateModel", "m", "reason", "rate_limit",
                "fallbackStepFinalOutcome", "chain_exhausted", "sessionId", "s1"), "model fallback decision"));
        assertThat(lastSkipped.type()).isEqualTo(CHAIN_EXHAUSTED);
        assertThat(lastSkipped.attr("decision")).isEqualTo("skip_candidate");

        GatewayEvent overflow = parse(logger("model-fallback/decision", 4, obj("event", "model_fallback_decision",
                "decision", "candidate_failed", "candidateProvider", "p", "candidateModel", "m", "reason", "context_overflow",
                "status", "400"), "model fallback decision"));
        assertThat(overflow.type()).isEqualTo(CONTEXT_OVERFLOW);
        assertThat(overflow.status()).as("a status written as text").isEqualTo(400);

        assertThat(parse(logger("model-fallback/decision", 4, obj("event", "model_fallback_decision",
                "decision", "candidate_promoted"), "model fallback decision")).type()).isEqualTo(GENERIC);
        assertThat(parse(logger("agent/embedded", 4, obj("event", "embedded_run_failover_decision",
                "decision", "continue_normal", "provider", "p", "model", "m"), "embedded run failover decision")).type()).isEqualTo(GENERIC);
        assertThat(parse(logger("agent/embedded", 4, obj("event", "embedded_run_agent_end", "isError", false),
                "embedded run agent end")).type()).isEqualTo(GENERIC);
        assertThat(parse(logger("agent/embedded", 4, obj("event", "embedded_run_agent_end", "isError", true,
                "httpCode", "503", "failoverReason", "overloaded"), "embedded run agent end")))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(RUN_ATTEMPT_FAILED);
                    assertThat(e.status()).isEqualTo(503);
                });
    }

    @Test
    void unknownModelRefsKeepDotsColonsAndSlashes() {
        GatewayEvent e = parse(console(5, "[openclaw] Reason: Unknown model: ollama/qwen2.5:latest. Run `openclaw models list`"));
        assertThat(e.type()).isEqualTo(UNKNOWN_MODEL);
        assertThat(e.provider()).isEqualTo("ollama");
        assertThat(e.model()).isEqualTo("qwen2.5:latest");
        assertThat(e.attr("source")).isEqualTo("cli");
        GatewayEvent lane = parse(logger("diagnostic", 5, obj("errorName", "FailoverError"),
                "lane task error: lane=session:agent:ops:main durationMs=5 error=\"Unknown model: openrouter/meta-llama/llama-3\""));
        assertThat(lane.modelRef()).isEqualTo("openrouter/meta-llama/llama-3");
        assertThat(lane.model()).isEqualTo("meta-llama/llama-3");
        assertThat(lane.session()).isEqualTo("main");
        assertThat(lane.agent()).isEqualTo("ops");
    }

    @Test
    void quotedErrorsInInfoLoggerLinesAreNotReclassified() {
        // a DEBUG/INFO logger line that merely mentions an error text stays generic
        assertThat(parse(logger("agent/embedded", 3, "help text: Unknown model: a/b means the catalog lacks it")).type()).isEqualTo(GENERIC);
        assertThat(parse(logger("agent/embedded", 4, "retrying after Unknown model: a/b")).type()).isEqualTo(UNKNOWN_MODEL);
    }

    // ------------------------------------------------------------------ evidence

    @Test
    void evidenceIsShortAndCredentialsAreFingerprinted() {
        String key = "sk-ant-api03-" + "A1b2C3d4E5f6G7h8I9j0".repeat(4);
        GatewayEvent e = parse(logger("diagnostic", 5, obj("errorName", "FailoverError"),
                "lane task error: lane=main durationMs=1 error=\"401 invalid x-api-key " + key + "\""));
        assertThat(e.detail()).doesNotContain(key).doesNotContain("A1b2C3d4E5f6").contains(Fingerprint.of(key));
        assertThat(e.raw()).hasSizeLessThanOrEqualTo(300).doesNotContain("A1b2C3d4E5f6");
    }

    @Test
    void aKeyCutByTheEvidenceLimitIsStillMasked() {
        String prefix = "{\"0\":\"" + "p".repeat(280) + " sk-";
        String line = prefix + "live0123456789abcdefghij0123456789\"}";
        GatewayEvent e = parse(line);
        assertThat(e.raw()).hasSizeLessThanOrEqualTo(300).doesNotContain("sk-live0").contains("fp:");
    }

    @Test
    void evidenceNeverSplitsASurrogatePair() {
        String line = "{\"0\":\"" + "a".repeat(293) + "😀😀😀😀\"}";
        GatewayEvent e = parse(line);
        char last = e.raw().charAt(e.raw().length() - 1);
        assertThat(Character.isHighSurrogate(last)).isFalse();
    }
}
