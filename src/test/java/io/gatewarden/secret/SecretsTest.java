package io.gatewarden.secret;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {
    @Test
    void fingerprintsAreShortAndStable() {
        assertThat(Fingerprint.of("sk-fake-000")).matches("fp:[0-9a-f]{8}").isEqualTo(Fingerprint.of("sk-fake-000"));
    }

    @Test
    void redactsCredentialShapes() {
        String in = "Authorization: Bearer abcdefgh12345678 token=tok_0123456789 \"apiKey\": \"sk-ant-fake-000123\" "
                + "jwt eyJhbGciOiJI.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz password: hunter22 plain words stay";
        String out = Redactor.mask(in);
        assertThat(out).doesNotContain("abcdefgh12345678", "tok_0123456789", "sk-ant-fake-000123", "eyJzdWIiOiIxMjM0", "hunter22")
                .contains("plain words stay").contains("fp:");
        assertThat(Redactor.knowing(Secret.of("opaque-secret-value")).scrub("value opaque-secret-value here")).doesNotContain("opaque-secret-value");
    }
}
