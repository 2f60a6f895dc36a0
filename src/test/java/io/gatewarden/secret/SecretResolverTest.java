package io.gatewarden.secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretResolverTest {
    private static final Map<String, String> ENV = Map.of("SLACK_TOKEN", "xoxb-from-env\n", "BLANK", "  ");
    private final SecretResolver resolver = new SecretResolver(ENV::get);

    @TempDir
    Path dir;

    @Test
    void oneOfInlineEnvOrFile() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  from-file-token\n");
        assertThat(resolver.optional("slack", "token", Secret.of("inline-token"), null, null).reveal()).isEqualTo("inline-token");
        assertThat(resolver.optional("slack", "token", null, "SLACK_TOKEN", null).reveal()).isEqualTo("xoxb-from-env");
        assertThat(resolver.optional("slack", "token", null, null, file.toString()).reveal()).isEqualTo("from-file-token");
        assertThat(resolver.optional("slack", "token", null, null, null)).isNull();
    }

    @Test
    void configErrorsNameTheSettingNeverAValue() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> resolver.optional("slack", "token", Secret.of("inline-token"), "SLACK_TOKEN", null))
                .hasMessage("slack: set only one of token, token_env, token_file");
        assertThatThrownBy(() -> resolver.optional("slack", "token", null, "BLANK", null))
                .hasMessage("slack: environment variable BLANK (token_env) is not set");
        assertThatThrownBy(() -> resolver.optional("slack", "token", null, null, empty.toString()))
                .hasMessage("slack: token_file " + empty + " is empty");
        assertThatThrownBy(() -> resolver.optional("slack", "token", null, null, dir.resolve("missing").toString()))
                .hasMessage("slack: cannot read token_file " + dir.resolve("missing") + ": NoSuchFileException");
        assertThatThrownBy(() -> resolver.required("hook", "url", null, null, null)).hasMessage("hook: set one of url, url_env, url_file");
    }

    @Test
    void envThenFileLookedUpAtEveryUse() throws Exception {
        Path file = dir.resolve("key");
        assertThat(resolver.firstOf(null, null)).isEqualTo(new SecretResolver.Lookup(null, null));
        assertThat(resolver.firstOf("SLACK_TOKEN", file).secret().reveal()).isEqualTo("xoxb-from-env");
        assertThat(resolver.firstOf("BLANK", file).missing()).isEqualTo("no key in env BLANK or file " + file);
        assertThat(resolver.firstOf(null, file).missing()).isEqualTo("cannot read secret file " + file + ": NoSuchFileException");
        Files.writeString(file, " \n");
        assertThat(resolver.firstOf(null, file).missing()).isEqualTo("secret file " + file + " is empty");
        Files.writeString(file, "rotated-key\n");
        assertThat(resolver.firstOf("BLANK", file).secret().reveal()).as("a rotated file is read again").isEqualTo("rotated-key");
        assertThat(SecretResolver.describe("ANTHROPIC_API_KEY", null)).isEqualTo("env ANTHROPIC_API_KEY");
    }
}
