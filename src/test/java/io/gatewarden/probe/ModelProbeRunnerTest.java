package io.gatewarden.probe;

import io.gatewarden.testsupport.MutableClock;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The model probe: one real request with one output token, its outcomes, and its per-model caps. */
class ModelProbeRunnerTest {
    final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-06T10:00:00Z"));
    final AtomicReference<Object> answer = new AtomicReference<>();
    final List<String> sent = new ArrayList<>();
    final ProbeHttp http = new ProbeHttp() {
        @Override public HttpReply get(URI uri, Map<String, String> headers, Duration timeout) { throw new AssertionError("no GET"); }

        @Override
        public HttpReply post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) throws ProbeIoException {
            sent.add(uri + " " + headers.get("Authorization") + " " + new String(body, StandardCharsets.UTF_8));
            Object a = answer.get();
            if (a instanceof ProbeIoException e) throw e;
            return (HttpReply) a;
        }
    };
    final ProbeSettings.ProviderProbe cfg = new ProbeSettings.ProviderProbe("fakeoa", ProviderKind.OPENAI, true, "http://127.0.0.1:9/fakeoa",
            null, "fakeoa", null, "KEY", null, null, null, Duration.ofSeconds(10), Duration.ofSeconds(3),
            new ModelProbeSettings(true, 2, Duration.ofSeconds(10), null, null));
    final ProbeSettings settings = new ProbeSettings(null, null, null, null, null, null, null, null, null, List.of(cfg));
    final ModelProbeRunner runner = new ModelProbeRunner(settings.modelProbes(), http, clock, k -> "sk-test-123456");
    final ModelProbeRunner.Candidate main = new ModelProbeRunner.Candidate("fakeoa", "fakeoa:default", "main");

    static HttpReply reply(int status, String body, Map<String, List<String>> headers) {
        return new HttpReply(status, headers, body.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void ok_429_timeout_andTheSmallestRequest() {
        answer.set(reply(200, "{\"choices\":[]}", Map.of()));
        ModelProbeRunner.Result r = runner.run(List.of(main)).get(0);
        assertThat(r.outcome()).isEqualTo(ModelProbeRunner.Outcome.OK);
        assertThat(sent.get(0)).startsWith("http://127.0.0.1:9/fakeoa/v1/chat/completions Bearer sk-test-123456")
                .contains("\"model\":\"main\"", "\"max_tokens\":1");

        clock.advance(Duration.ofSeconds(10));
        answer.set(reply(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", Map.of("retry-after", List.of("7"))));
        r = runner.run(List.of(main)).get(0);
        assertThat(r.outcome()).isEqualTo(ModelProbeRunner.Outcome.FAILED);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7));

        clock.advance(Duration.ofMinutes(30));
        answer.set(new ProbeIoException(FailureKind.TIMEOUT, "no complete answer within 3000 ms"));
        assertThat(runner.run(List.of(main))).as("hourly cap of 2 reached").isEmpty();
        assertThat(runner.cappedCount()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(31));
        r = runner.run(List.of(main)).get(0);
        assertThat(r.outcome()).as("a timeout says nothing").isEqualTo(ModelProbeRunner.Outcome.INCONCLUSIVE);
        assertThat(runner.count(ModelProbeRunner.Outcome.OK)).isEqualTo(1);
        assertThat(runner.count(ModelProbeRunner.Outcome.FAILED)).isEqualTo(1);
        assertThat(runner.count(ModelProbeRunner.Outcome.INCONCLUSIVE)).isEqualTo(1);
        assertThat(runner.status()).singleElement().satisfies(s -> {
            assertThat(s.model()).isEqualTo("fakeoa/main");
            assertThat(s.capped()).isEqualTo(1);
            assertThat(s.maxPerHour()).isEqualTo(2);
        });
    }

    @Test
    void intervalPerModel_andOnlyProvidersThatOptedIn() {
        answer.set(reply(200, "{}", Map.of()));
        assertThat(runner.run(List.of(main, new ModelProbeRunner.Candidate("anthropic", "anthropic:work", "claude-opus-4-6")))).hasSize(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(runner.run(List.of(main))).as("interval 10s").isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(runner.run(List.of(main))).hasSize(1);
    }

    @Test
    void otherKinds_sendTheirOwnSmallestRequest() {
        assertThat(new String(ModelProbeRunner.body(ProviderKind.ANTHROPIC, "claude-opus-4-6"), StandardCharsets.UTF_8))
                .contains("\"max_tokens\":1", "\"messages\"");
        assertThat(new String(ModelProbeRunner.body(ProviderKind.GEMINI, "gemini-2.5-pro"), StandardCharsets.UTF_8))
                .contains("\"maxOutputTokens\":1");
        assertThat(new String(ModelProbeRunner.body(ProviderKind.OLLAMA, "llama3"), StandardCharsets.UTF_8)).contains("\"num_predict\":1");
    }
}
