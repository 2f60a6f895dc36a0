package io.gatewarden.act;

import io.gatewarden.gateway.ConfigError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChainSnapshotTest {
    static final Path SEEDS = Path.of("src/test/resources/fixtures/seed-cases");
    static final Path CONFIGS = Path.of("src/test/resources/fixtures/openclaw/configs");

    @TempDir Path dir;

    @Test
    void seedCase_credentialsFromTheLegacyAuthProfilesFile() throws Exception {
        Path seed = SEEDS.resolve("chain-without-credentials");
        ChainSnapshot c = ChainSnapshot.read(seed.resolve("openclaw.json"), seed.resolve("auth-profiles.json"));
        assertThat(c.primary()).isEqualTo("anthropic/claude-opus-4-5");
        assertThat(c.primaryPath()).isEqualTo("agents.defaults.model.primary");
        assertThat(c.fallbacks()).containsExactly("anthropic/claude-sonnet-4-6", "openai/gpt-4.1", "ollama/qwen2.5:latest");
        assertThat(c.hasCredentials("anthropic")).isTrue();
        assertThat(c.hasCredentials("openai")).isFalse();
        assertThat(c.hasCredentials("ollama")).isFalse();
        assertThat(c.profilesFor("anthropic")).containsExactly("anthropic:default");
        assertThat(c.profilesFor("openai")).containsExactly("openai:default");
        assertThat(c.primaryNotEditable()).isNull();
        // the file next to the config is found without being named, as `gatewarden check` finds it
        assertThat(ChainSnapshot.read(seed.resolve("openclaw.json"), null)).isEqualTo(c);
    }

    @Test
    void loopbackProvidersNeedNoKey_remoteOnesDo() throws Exception {
        ChainSnapshot c = ChainSnapshot.read(CONFIGS.resolve("05-nokey-scenario-openclaw.json"), null);
        assertThat(c.hasCredentials("nokey")).as("baseUrl on 127.0.0.1").isTrue();
        assertThat(c.isLocal("nokey")).isTrue();
        assertThat(c.hasCredentials("nokeyremote")).as("https://api.nokey.invalid, no key").isFalse();
        assertThat(c.isLocal("nokeyremote")).isFalse();
        assertThat(c.hasCredentials("fakeoa")).as("auth profile").isTrue();
        assertThat(c.hasCredentials("fakeanth")).as("apiKey").isTrue();
    }

    @Test
    void stringFormModel_andAuthOrder() throws Exception {
        Path cfg = write("openclaw.json", """
                {auth: {order: {anthropic: ['anthropic:work', 'anthropic:default']},
                        profiles: {'anthropic:default': {provider: 'anthropic'}, 'anthropic:work': {provider: 'anthropic'}}},
                 agents: {defaults: {model: 'anthropic/claude-opus-4-5'}}}""");
        ChainSnapshot c = ChainSnapshot.read(cfg, null);
        assertThat(c.primaryPath()).isEqualTo("agents.defaults.model");
        assertThat(c.fallbacks()).isEmpty();
        assertThat(c.fallbacksPath()).isNull();
        assertThat(c.profilesFor("anthropic")).containsExactly("anthropic:work", "anthropic:default");
    }

    @Test
    void hexNumbersAndLineContinuations_readAsCheckReadsThem() throws Exception {
        Path cfg = write("openclaw.json", """
                { agents: { defaults: { model: { primary: 'fakeoa/rl-429', fallbacks: ['local/m1'] } } },
                  models: { providers: {
                    local: { baseUrl: 'http://127.0.0.1:11434/v1', api: 'openai-completions',
                             models: [{ id: 'm1', name: 'Local \\
                model', maxTokens: 0x1000 }] },
                    fakeoa: { baseUrl: 'https://api.example.com/v1', apiKey: 'sk-x' } } } }
                """);
        ChainSnapshot c = ChainSnapshot.read(cfg, null);
        assertThat(c.primary()).isEqualTo("fakeoa/rl-429");
        assertThat(c.fallbacks()).containsExactly("local/m1");
        assertThat(c.isLocal("local")).isTrue();
        assertThat(c.hasCredentials("local")).isTrue();
        assertThat(c.hasCredentials("fakeoa")).isTrue();
    }

    @Test
    void aPrimaryInAnIncludedFile_isNamedAndNotEditable() throws Exception {
        Path models = write("models.json5", "{ defaults: { model: { primary: 'a/one', fallbacks: ['b/two'] } } }");
        Path cfg = write("openclaw.json", "{ agents: { $include: './models.json5' } }");
        ChainSnapshot c = ChainSnapshot.read(cfg, null);
        assertThat(c.primary()).isEqualTo("a/one");
        assertThat(c.fallbacks()).containsExactly("b/two");
        assertThat(c.model().primaryFile()).isEqualTo(models.toAbsolutePath().normalize());
        assertThat(c.primaryNotEditable())
                .contains("agents.defaults.model.primary is written in " + models.toAbsolutePath().normalize())
                .contains("edits only " + cfg);
        assertThat(c.fallbacksPath()).as("fallbacks live in the include too").isNull();
    }

    @Test
    void keysInOpenclawJsonWinOverAnInclude_soThePrimaryThereIsEditable() throws Exception {
        write("models.json5", "{ defaults: { model: { primary: 'a/one', fallbacks: ['b/two'] } } }");
        Path cfg = write("openclaw.json", "{ agents: { $include: './models.json5', defaults: { model: { primary: 'c/three' } } } }");
        ChainSnapshot c = ChainSnapshot.read(cfg, null);
        assertThat(c.primary()).isEqualTo("c/three");
        assertThat(c.fallbacks()).as("merged from the include").containsExactly("b/two");
        assertThat(c.primaryNotEditable()).isNull();
        assertThat(c.primaryPath()).isEqualTo(ChainSnapshot.PRIMARY);
        assertThat(c.fallbacksPath()).as("written in the include: not reordered").isNull();
    }

    @Test
    void aBrokenConfigIsTheReadersError() throws Exception {
        Path cfg = write("openclaw.json", "{\n  agents: { defaults: { model: { primary: 'a/b', fallbacks: 5 } } },\n}\n");
        ConfigError e = catchThrowableOfType(ConfigError.class, () -> ChainSnapshot.read(cfg, null));
        assertThat(e.getMessage()).isEqualTo(cfg + ":2:61: agents.defaults.model.fallbacks must be a list of \"provider/model\" strings, found a number (5)");
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
