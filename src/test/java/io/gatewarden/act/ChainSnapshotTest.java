package io.gatewarden.act;

import io.gatewarden.gateway.Json5Editor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ChainSnapshotTest {
    static final Path SEEDS = Path.of("src/test/resources/fixtures/seed-cases");
    static final Path CONFIGS = Path.of("src/test/resources/fixtures/openclaw/configs");

    @Test
    void seedCase_credentialsFromTheLegacyAuthProfilesFile() throws Exception {
        ChainSnapshot c = ChainSnapshot.of(Json5Editor.parse(Files.readString(SEEDS.resolve("chain-without-credentials/openclaw.json"))),
                Json5Editor.parse(Files.readString(SEEDS.resolve("chain-without-credentials/auth-profiles.json"))));
        assertThat(c.primary()).isEqualTo("anthropic/claude-opus-4-5");
        assertThat(c.primaryPath()).isEqualTo("agents.defaults.model.primary");
        assertThat(c.fallbacks()).containsExactly("anthropic/claude-sonnet-4-6", "openai/gpt-4.1", "ollama/qwen2.5:latest");
        assertThat(c.hasCredentials("anthropic")).isTrue();
        assertThat(c.hasCredentials("openai")).isFalse();
        assertThat(c.hasCredentials("ollama")).isFalse();
        assertThat(c.profilesFor("anthropic")).containsExactly("anthropic:default");
        assertThat(c.profilesFor("openai")).containsExactly("openai:default");
    }

    @Test
    void loopbackProvidersNeedNoKey_remoteOnesDo_andNamesAreNeverLookedUp() throws Exception {
        ChainSnapshot c = ChainSnapshot.of(Json5Editor.parse(Files.readString(CONFIGS.resolve("05-nokey-scenario-openclaw.json"))), null);
        assertThat(c.hasCredentials("nokey")).as("baseUrl on 127.0.0.1").isTrue();
        assertThat(c.hasCredentials("nokeyremote")).as("https://api.nokey.invalid, no key").isFalse();
        assertThat(c.hasCredentials("fakeoa")).as("auth profile").isTrue();
        assertThat(c.hasCredentials("fakeanth")).as("apiKey").isTrue();
        assertThat(ChainSnapshot.isLocal("http://[::1]:11434")).isTrue();
        assertThat(ChainSnapshot.isLocal("http://192.168.1.20:11434/v1")).isTrue();
        assertThat(ChainSnapshot.isLocal("http://localhost:11434")).isTrue();
        assertThat(ChainSnapshot.isLocal("http://cafe:8080")).isFalse();
        assertThat(ChainSnapshot.isLocal("https://8.8.8.8/v1")).isFalse();
    }

    @Test
    void stringFormModel_andAuthOrder() throws Exception {
        ChainSnapshot c = ChainSnapshot.of(Json5Editor.parse("""
                {auth: {order: {anthropic: ['anthropic:work', 'anthropic:default']},
                        profiles: {'anthropic:default': {provider: 'anthropic'}, 'anthropic:work': {provider: 'anthropic'}}},
                 agents: {defaults: {model: 'anthropic/claude-opus-4-5'}}}"""), null);
        assertThat(c.primaryPath()).isEqualTo("agents.defaults.model");
        assertThat(c.fallbacks()).isEmpty();
        assertThat(c.profilesFor("anthropic")).containsExactly("anthropic:work", "anthropic:default");
    }
}
