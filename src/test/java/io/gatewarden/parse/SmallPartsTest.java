package io.gatewarden.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.gatewarden.secret.Fingerprint;
import io.gatewarden.secret.Redactor;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** IsoTimes, key masking in evidence, SessionKeys, ModelRefs, FailureReasons. */
class SmallPartsTest {

    @ParameterizedTest
    @CsvSource({
            "2026-11-23T12:01:38.050+00:00, 2026-11-23T12:01:38.050Z",
            "2026-11-23T12:01:38.050+02:00, 2026-11-23T10:01:38.050Z",
            "2026-11-23T12:01:38.050-05:30, 2026-11-23T17:31:38.050Z",
            "2026-11-23T12:01:38+0100, 2026-11-23T11:01:38Z",
            "2026-11-23T12:01:38Z, 2026-11-23T12:01:38Z",
            "2026-11-23 12:01:38.123456789Z, 2026-11-23T12:01:38.123456789Z",
            "2026-11-23T12:01:38.1+00, 2026-11-23T12:01:38.100Z",
            "2024-02-29T23:59:59.999+00:00, 2024-02-29T23:59:59.999Z"})
    void isoTimes(String text, String expected) {
        assertThat(IsoTimes.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void isoTimeCacheKeepsOffsetsApart() {
        Instant utc = IsoTimes.parse("2026-11-23T12:01:38.050+00:00");
        Instant plus2 = IsoTimes.parse("2026-11-23T12:01:38.050+02:00");
        Instant utcAgain = IsoTimes.parse("2026-11-23T12:01:38.999+00:00");
        assertThat(utc).isEqualTo(Instant.parse("2026-11-23T12:01:38.050Z"));
        assertThat(plus2).isEqualTo(Instant.parse("2026-11-23T10:01:38.050Z"));
        assertThat(utcAgain).isEqualTo(Instant.parse("2026-11-23T12:01:38.999Z"));
    }

    @Test
    void notTimes() {
        for (String s : new String[]{null, "", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-23T25:00:00Z",
                "2026-11-23T12:01:38.050", "2026-11-23T12:01:38.050+0", "2026-11-23T12:01:38.050Zjunk"}) {
            assertThat(IsoTimes.parse(s)).as(s).isNull();
        }
        assertThat(IsoTimes.ofEpochMillis(-1)).isNull();
        assertThat(IsoTimes.ofEpochMillis(1795436373506L)).isEqualTo(Instant.parse("2026-11-23T12:19:33.506Z"));
    }

    @Test
    void secretsBecomeFingerprints() {
        String key = "sk-proj-fakeefghijklmnopqrstuvwx0123";
        String out = Redactor.mask("auth failed for " + key + ", retry");
        assertThat(out).isEqualTo("auth failed for " + Fingerprint.of(key) + ", retry");
        assertThat(Fingerprint.of(key)).matches("fp:[0-9a-f]{8}");
        assertThat(Redactor.mask("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_abcdef"))
                .startsWith("Authorization: Bearer fp:").doesNotContain("eyJ");
        assertThat(Redactor.mask("slack xoxb-1234567890-fakeefghijklmnop")).doesNotContain("xoxb-");
        // already masked by OpenClaw, or too short to be a key, or not at a word start: left alone
        String same = "key sk-fake-...-key-111 and sk-fake-000 and task-sk-abcdefghijklmnopqrstuvwxyz";
        assertThat(Redactor.mask(same)).isSameAs(same);
        assertThat(Redactor.mask("cut here sk-abc", true)).doesNotContain("sk-abc");
        assertThat(Redactor.mask("cut here sk-abc", false)).contains("sk-abc");
    }

    @Test
    void sessionKeys() {
        assertThat(SessionKeys.session("agent:main:explicit:lab-s1")).isEqualTo("lab-s1");
        assertThat(SessionKeys.agent("agent:main:explicit:lab-s1")).isEqualTo("main");
        assertThat(SessionKeys.session("agent:main:main")).isEqualTo("main");
        assertThat(SessionKeys.session("agent:ops:telegram:group:42")).isEqualTo("telegram:group:42");
        assertThat(SessionKeys.session("lab-s2")).isEqualTo("lab-s2");
        assertThat(SessionKeys.agent("lab-s2")).isNull();
        assertThat(SessionKeys.session("agent:")).isEqualTo("agent:");
        assertThat(SessionKeys.session("")).isNull();
    }

    @Test
    void modelRefs() {
        assertThat(ModelRefs.provider("fakeoa/rl-429")).isEqualTo("fakeoa");
        assertThat(ModelRefs.model("fakeoa/rl-429")).isEqualTo("rl-429");
        assertThat(ModelRefs.model("openrouter/meta/llama")).isEqualTo("meta/llama");
        assertThat(ModelRefs.provider("gpt-4o")).isNull();
        assertThat(ModelRefs.model("gpt-4o")).isEqualTo("gpt-4o");
        assertThat(ModelRefs.model("p/")).isNull();
    }

    @Test
    void failureReasonsFromText() {
        assertThat(FailureReasons.fromText("⚠️ Rate limit reached for requests per min (RPM)")).isEqualTo("rate_limit");
        assertThat(FailureReasons.fromText("The AI service is temporarily overloaded.")).isEqualTo("overloaded");
        assertThat(FailureReasons.fromText("⚠️ fakeoa (quota-429) returned a billing error")).isEqualTo("billing");
        assertThat(FailureReasons.fromText("prompt is too long: 215000 tokens > 200000 maximum")).isEqualTo("context_overflow");
        assertThat(FailureReasons.fromText("aborted | This operation was aborted | 20")).isEqualTo("aborted");
        assertThat(FailureReasons.fromText("something odd")).isNull();
        assertThat(FailureReasons.fromStatus(200)).isNull();
        assertThat(FailureReasons.fromStatus(400)).isNull();
    }
}
