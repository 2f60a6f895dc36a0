package io.gatewarden.secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** One case per credential shape in {@link KeyShapes}, and the text that must be left alone. */
class RedactorTest {
    /** shape name → {text, the secret in it, what stays in front of it}. */
    private static final Map<String, String[]> EXAMPLES = Map.of(
            "provider key", new String[]{"auth failed for sk-ant-api03-FakeEfGhIjKlMnOp, retry", "sk-ant-api03-FakeEfGhIjKlMnOp", "auth failed for "},
            "slack token", new String[]{"slack said invalid_auth for xoxb-1-2-abcdefghijkl", "xoxb-1-2-abcdefghijkl", "for "},
            "google api key", new String[]{"key=AIzaSyFakeFakeFakeFakeFake01 rejected", "AIzaSyFakeFakeFakeFakeFake01", "key="},
            "github token", new String[]{"clone with ghp_FakeFakeFakeFakeFake0123 failed", "ghp_FakeFakeFakeFakeFake0123", "clone with "},
            "slack webhook url", new String[]{"POST https://hooks.slack.com/services/T000/B000/XXXXfake: 404",
                    "hooks.slack.com/services/T000/B000/XXXXfake", "POST https://"},
            "jwt", new String[]{"token eyJhbGciOiJI.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz expired", "eyJhbGciOiJI.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz", "token "},
            "bearer token", new String[]{"sent Bearer abcdefghijklmnop1234 upstream", "abcdefghijklmnop1234", "sent Bearer "},
            "labelled value", new String[]{"{\"apiKey\": \"sk-live-0123\"}", "sk-live-0123", "{\"apiKey\": \""});

    @Test
    void everyShapeInTheTableHasACase() {
        assertThat(KeyShapes.SHAPES.stream().map(KeyShapes.Shape::name).collect(Collectors.toSet())).isEqualTo(EXAMPLES.keySet());
    }

    @Test
    void eachShapeBecomesTheFingerprintOfItsValue() {
        EXAMPLES.forEach((shape, ex) -> {
            String masked = Redactor.mask(ex[0]);
            assertThat(masked).as(shape).doesNotContain(ex[1]).contains(ex[2] + Fingerprint.of(ex[1]));
            assertThat(Redactor.mayHoldSecret(ex[0])).as(shape + ": the pre-check sees it").isTrue();
            assertThat(Redactor.mask(masked)).as(shape + ": a second pass leaves it").isEqualTo(masked);
        });
    }

    @Test
    void labelsInTheirCommonSpellings() {
        for (String text : List.of("api_key=s3cr3t-value", "x-api-key: s3cr3t-value", "APIKEY = 's3cr3t-value'", "\"token\":\"s3cr3t-value\"",
                "access_token=s3cr3t-value&x=1", "client_secret: s3cr3t-value", "password: s3cr3t-value", "passwd=s3cr3t-value",
                "Authorization: Bearer s3cr3t-value", "Authorization: Basic s3cr3t-value")) {
            assertThat(Redactor.mask(text)).as(text).doesNotContain("s3cr3t-value").contains(Fingerprint.of("s3cr3t-value"));
        }
        // a header whose token is a JWT keeps the scheme
        assertThat(Redactor.mask("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_abcdef"))
                .startsWith("Authorization: Bearer fp:").doesNotContain("eyJ");
    }

    @Test
    void providerKeyFamilies() {
        for (String key : List.of("sk-proj-fakeefghijklmnopqrstuvwx0123", "sk-or-v1-0123456789abcdef0123456789abcdef",
                "sk-0123456789abcdef0123456789abcdef", "xapp-1-A0FAKE-0123456789", "xoxp-0123456789-fake", "github_pat_11FAKE0123456789abcdef")) {
            assertThat(Redactor.mask("x " + key + " y")).as(key).isEqualTo("x " + Fingerprint.of(key) + " y");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "model=claude-opus-4 reason=rate_limit status=429",
            "primary anthropic/claude-sonnet-4-5 fell back to openai/gpt-4.1-mini",
            "session agent:main:explicit:lab-s1 key agent:main:main sessionKey=agent:main:telegram:group:42",
            "credential fp:1a2b3c4d cooled down; token=fp:1a2b3c4d; Bearer fp:1a2b3c4d; apiKey: \"fp:1a2b3c4d\"",
            "key sk-fake-...-key-111 and sk-fake-000 and task-sk-abcdefghijklmnopqrstuvwxyz",
            "the bearer of bad news; Bearer realm=\"api\"; maxTokens: 128000, totalTokens=192000, secret: no",
            "profile sha256:154a23a3efe6 hashed; checkpoint f09b63beda3ca17a3ef6df924d251ace32f79abab7bc9f5a4cad14ffc75a1d0f",
            "12:01:38.050 {\"time\":\"2026-11-23T12:01:38Z\",\"subsystem\":\"agent/embedded\",\"level\":\"warn\"}",
            "slack channel #ops, xoxb-short, hooks.slack.com/ and https://example.invalid/services/T1"})
    void ordinaryTextIsLeftAlone(String text) {
        assertThat(Redactor.mask(text)).isSameAs(text);
        assertThat(Redactor.mask(text, false)).isSameAs(text);
    }

    @Test
    void aCredentialRunningIntoTheCutIsMaskedHoweverShort() {
        assertThat(Redactor.mask("cut here sk-abc", true)).isEqualTo("cut here " + Fingerprint.of("sk-abc"));
        assertThat(Redactor.mask("cut here sk-abc", false)).isEqualTo("cut here sk-abc");
        assertThat(Redactor.mask("{\"password\":\"hun", true)).isEqualTo("{\"password\":\"" + Fingerprint.of("hun"));
        assertThat(Redactor.mask("Authorization: Bearer ab", true)).doesNotContain(" ab");
        assertThat(Redactor.mask("header eyJhbGci", true)).isEqualTo("header " + Fingerprint.of("eyJhbGci"));
        // only the end is cut: a short token elsewhere is still not a key
        assertThat(Redactor.mask("sk-abc then words", true)).isEqualTo("sk-abc then words");
    }

    @Test
    void knownSecretsAreScrubbedRawEncodedAndByUrlPath() {
        Redactor r = new Redactor(List.of(Secret.of("https://hooks.example.invalid/services/T1/B2/XyZsecretPart123"), Secret.of("p@ss word!")));
        assertThat(r.scrub("POST /services/T1/B2/XyZsecretPart123 failed")).doesNotContain("XyZsecretPart123");
        assertThat(r.scrub("form p%40ss+word%21 sent")).doesNotContain("p%40ss").contains(Fingerprint.of("p@ss word!"));
        assertThat(Redactor.knowing(Secret.of("opaque-secret-value")).scrub("value opaque-secret-value here"))
                .isEqualTo("value " + Fingerprint.of("opaque-secret-value") + " here");
        assertThat(Redactor.none().scrub("plain")).isEqualTo("plain");
    }

    @Test
    void aSecretNeverShowsItself() {
        Secret s = Secret.of("  sk-live-value-never-shown-0123  \n");
        assertThat(s.reveal()).isEqualTo("sk-live-value-never-shown-0123");
        assertThat(s.toString()).isEqualTo(s.fingerprint()).isEqualTo(Fingerprint.of("sk-live-value-never-shown-0123"));
        assertThat(s.redact("echo sk-live-value-never-shown-0123")).isEqualTo("echo " + s.fingerprint());
        assertThat(List.of(s).toString()).doesNotContain("sk-live");
    }
}
