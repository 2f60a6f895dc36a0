package io.gatewarden.gateway.restart;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {
    @Test
    void fingerprintsAreShortAndStable() {
        assertThat(Secrets.fingerprint("sk-fake-000")).matches("fp:[0-9a-f]{8}").isEqualTo(Secrets.fingerprint("sk-fake-000"));
    }

    @Test
    void redactsCredentialShapes() {
        String in = "Authorization: Bearer abcdefgh12345678 token=tok_0123456789 \"apiKey\": \"sk-ant-fake-000123\" "
                + "jwt eyJhbGciOiJI.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz password: hunter22 plain words stay";
        String out = Secrets.redact(in);
        assertThat(out).doesNotContain("abcdefgh12345678", "tok_0123456789", "sk-ant-fake-000123", "eyJzdWIiOiIxMjM0", "hunter22")
                .contains("plain words stay").contains("fp:");
        assertThat(Secrets.redact("value opaque-secret-value here", "opaque-secret-value")).doesNotContain("opaque-secret-value");
    }
}
