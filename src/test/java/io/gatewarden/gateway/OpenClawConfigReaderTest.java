package io.gatewarden.gateway;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.gatewarden.secret.Fingerprint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenClawConfigReaderTest {
    static final Path CONFIGS = Path.of("src/test/resources/fixtures/openclaw/configs");
    static final Path SEEDS = Path.of("src/test/resources/fixtures/seed-cases");

    @TempDir
    Path dir;

    final OpenClawConfigReader reader = new OpenClawConfigReader();

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsTheCapturedConfig() throws Exception {
        GatewayConfig c = reader.read(CONFIGS.resolve("01-initial-openclaw.json"));
        assertThat(c.defaultModel().primary()).isEqualTo("fakeoa/rl-429");
        assertThat(c.defaultModel().fallbacks()).containsExactly("fakeanth/ovl-529", "anthropic/claude-sonnet-4-5", "fakeoa/ok");
        assertThat(c.providers()).containsOnlyKeys("fakeoa", "fakeanth");
        ProviderConfig fakeoa = c.providers().get("fakeoa");
        assertThat(fakeoa.baseUrl()).isEqualTo("http://127.0.0.1:18999/v1");
        assertThat(fakeoa.api()).isEqualTo("openai-completions");
        assertThat(fakeoa.hasApiKey()).isTrue();
        assertThat(fakeoa.apiKey().fingerprint()).isEqualTo(Fingerprint.of("sk-fake-openai-000")).matches("fp:[0-9a-f]{8}");
        assertThat(fakeoa.models()).extracting(ModelDefinition::id).containsExactly("rl-429", "quota-429", "ctx-400", "notfound", "ok");
        assertThat(c.modelsMode()).isEqualTo("merge");
        assertThat(c.legacyAuth()).isEmpty();
    }

    @Test
    void readsAuthProfilesMetadataAndTheSeedsLegacyFile() throws Exception {
        GatewayConfig paid = reader.read(SEEDS.resolve("chain-paid-before-local/openclaw.json"));
        assertThat(paid.authProfiles()).containsOnlyKeys("anthropic:default", "openai:default", "opencode:default");
        assertThat(paid.authProfiles().get("openai:default").provider()).isEqualTo("openai");
        assertThat(paid.authProfiles().get("openai:default").mode()).isEqualTo("api_key");
        assertThat(paid.providers().get("opencode").models().get(0).zeroCost()).isTrue();

        GatewayConfig seed = reader.read(SEEDS.resolve("chain-without-credentials/openclaw.json"));
        assertThat(seed.legacyAuth()).singleElement().satisfies(l -> {
            assertThat(l.sharedByAllAgents()).isTrue();
            assertThat(l.profiles()).containsOnlyKeys("anthropic:default", "voyage:default");
            AuthProfile a = l.profiles().get("anthropic:default");
            assertThat(a.provider()).isEqualTo("anthropic");
            assertThat(a.credential().fingerprint()).isEqualTo(Fingerprint.of("sk-ant-fake-0000000000000000"));
        });
        assertThat(seed.defaultModel().fallbacks()).hasSize(3);
    }

    @Test
    void keysNeverShowInToString() throws Exception {
        GatewayConfig a = reader.read(CONFIGS.resolve("01-initial-openclaw.json"));
        GatewayConfig b = reader.read(SEEDS.resolve("chain-without-credentials/openclaw.json"));
        assertThat(a.toString()).doesNotContain("sk-fake-openai-000").doesNotContain("sk-ant-fake-000").contains("fp:");
        assertThat(b.toString()).doesNotContain("sk-ant-fake").doesNotContain("pa-fake");
        assertThat(CredentialRef.fromString("sk-live-123").toString()).isEqualTo("inline key " + Fingerprint.of("sk-live-123"));
    }

    @Test
    void readsJson5Features() throws Exception {
        Path p = write("openclaw.json", """
                // a comment
                /* a block
                   comment */
                {
                  agents: {
                    defaults: {
                      model: {
                        primary: 'anthropic/claude-opus-4-6', // single quotes
                        fallbacks: ["local/qwen", 'openrouter/meta/llama:free',],
                      },
                      models: { "anthropic/claude-opus-4-6": { alias: "Opus" } },
                    },
                  },
                  gateway: { port: 0x4A55, ratio: .5, max: +Infinity, skew: 5., },
                  models: {
                    providers: {
                      local: { baseUrl: "http://127.0.0.1:8080/v1", apiKey: "${LOCAL_KEY}", models: [{ id: "qwen", name: "Q\\
                wen", cost: { input: 0, output: 0 } }] },
                    },
                  },
                  env: { vars: { OPENAI_API_KEY: "sk-openai-1" }, LEGACY_TOKEN_VALUE: "abc" },
                }
                """);
        GatewayConfig c = reader.read(p);
        assertThat(c.defaultModel().primary()).isEqualTo("anthropic/claude-opus-4-6");
        assertThat(c.defaultModel().fallbacks()).containsExactly("local/qwen", "openrouter/meta/llama:free");
        assertThat(c.modelAliases()).containsEntry("opus", "anthropic/claude-opus-4-6");
        ProviderConfig local = c.providers().get("local");
        assertThat(local.apiKey().kind()).isEqualTo(CredentialRef.Kind.ENV);
        assertThat(local.apiKey().reference()).isEqualTo("LOCAL_KEY");
        assertThat(local.models().get(0).name()).isEqualTo("Qwen"); // line continuation joins the halves
        assertThat(c.envVars()).containsKeys("OPENAI_API_KEY", "LEGACY_TOKEN_VALUE");
        assertThat(c.envVars().get("OPENAI_API_KEY").identity()).isEqualTo(Fingerprint.of("sk-openai-1"));
    }

    @Test
    void readsPerAgentModelsFromEntriesAndTheLegacyList() throws Exception {
        Path entries = write("a/openclaw.json", """
                { agents: {
                    defaults: { model: "anthropic/claude-opus-4-6" },
                    entries: {
                      main: { workspace: "~/w" },
                      coder: { model: "openai/gpt-5.5" },
                      night: { model: { fallbacks: ["ollama/llama3.3"] }, agentDir: "agents/night/agent" },
                      strict: { model: { primary: "openai/gpt-5.5", fallbacks: [] } },
                    } } }
                """);
        GatewayConfig c = reader.read(entries);
        assertThat(c.defaultModel().stringForm()).isTrue();
        assertThat(c.agents()).extracting(AgentEntry::id).containsExactly("main", "coder", "night", "strict");
        assertThat(c.agents().get(0).model()).isNull();
        assertThat(c.agents().get(1).model().stringForm()).isTrue();
        assertThat(c.agents().get(2).model().primary()).isNull();
        assertThat(c.agents().get(2).model().fallbacksSet()).isTrue();
        assertThat(c.agents().get(2).agentDir()).isEqualTo("agents/night/agent");
        assertThat(c.agents().get(3).model().fallbacksSet()).isTrue();
        assertThat(c.agents().get(3).model().fallbacks()).isEmpty();
        assertThat(c.agents().get(2).path()).isEqualTo("agents.entries.night");

        Path list = write("b/openclaw.json", """
                { agents: { list: [ { id: "main", model: { primary: "anthropic/x", fallbacks: ["openai/y"] } }, { id: "ops" } ] } }
                """);
        GatewayConfig l = reader.read(list);
        assertThat(l.agents()).extracting(AgentEntry::id).containsExactly("main", "ops");
        assertThat(l.agents().get(0).model().fallbacks()).containsExactly("openai/y");
        assertThat(l.agents().get(0).model().path()).isEqualTo("agents.list[0].model");
    }

    @Test
    void readsAuthOrderAndSecretRefs() throws Exception {
        Path p = write("openclaw.json", """
                { auth: { profiles: { "anthropic:work": { provider: "anthropic", mode: "api_key" }, "openai:me@x.io": { mode: "oauth" } },
                          order: { anthropic: ["anthropic:work", "anthropic:default"] } },
                  models: { mode: "replace", providers: { moon: { baseUrl: "https://api.moonshot.ai/v1",
                      apiKey: { source: "env", provider: "default", id: "MOONSHOT_API_KEY" }, models: [] },
                    vault: { baseUrl: "https://v.example/v1", apiKey: { source: "exec", provider: "vault", id: "llm/key" } } } } }
                """);
        GatewayConfig c = reader.read(p);
        assertThat(c.authProfiles().get("openai:me@x.io").provider()).isEqualTo("openai");
        assertThat(c.authOrder()).containsEntry("anthropic", List.of("anthropic:work", "anthropic:default"));
        assertThat(c.replacesCatalog()).isTrue();
        assertThat(c.providers().get("moon").apiKey().identity()).isEqualTo("env:MOONSHOT_API_KEY");
        assertThat(c.providers().get("vault").apiKey().identity()).isEqualTo("ref:exec:vault:llm/key");
    }

    @Test
    void resolvesIncludesAndWatchesTheIncludedFiles() throws Exception {
        write("conf/agents.json5", "{ defaults: { model: { primary: 'anthropic/a', fallbacks: ['openai/b'] } }, entries: { x: { model: 'openai/c' } } }");
        write("conf/providers-1.json5", "{ providers: { p1: { baseUrl: 'http://127.0.0.1:1/v1', models: [{id: 'm'}] } } }");
        write("conf/providers-2.json5", "{ providers: { p2: { baseUrl: 'http://127.0.0.1:2/v1', models: [{id: 'm'}] } } }");
        Path main = write("conf/openclaw.json", """
                { agents: { $include: "./agents.json5", entries: { y: { model: "openai/d" } } },
                  models: { $include: ["providers-1.json5", "providers-2.json5"], mode: "merge" } }
                """);
        GatewayConfig c = reader.read(main);
        assertThat(c.defaultModel().primary()).isEqualTo("anthropic/a");
        assertThat(c.agents()).extracting(AgentEntry::id).containsExactly("x", "y");
        assertThat(c.providers()).containsOnlyKeys("p1", "p2");
        assertThat(c.sourceFiles()).extracting(f -> f.getFileName().toString())
                .containsExactly("openclaw.json", "agents.json5", "providers-1.json5", "providers-2.json5");
    }

    @Test
    void knowsWhichFileWritesTheChain() throws Exception {
        Path agents = write("holder/agents.json5", "{ defaults: { model: { primary: 'anthropic/a', fallbacks: ['openai/b'] } },"
                + " entries: { x: { model: 'openai/c' } } }");
        Path main = write("holder/openclaw.json", "{ agents: { $include: './agents.json5', defaults: { model: { primary: 'openai/z' } } } }");
        GatewayConfig c = reader.read(main);
        Path inc = agents.toAbsolutePath().normalize();
        assertThat(c.defaultModel().primary()).as("openclaw.json's own key wins").isEqualTo("openai/z");
        assertThat(c.defaultModel().primaryFile()).isEqualTo(main);
        assertThat(c.defaultModel().fallbacksFile()).isEqualTo(inc);
        assertThat(c.agents().get(0).model().primaryFile()).as("string form").isEqualTo(inc);

        Path single = write("holder/single.json", "{ agents: { defaults: { model: 'anthropic/a' } } }");
        ModelSelection m = reader.read(single).defaultModel();
        assertThat(m.primaryFile()).isEqualTo(single);
        assertThat(m.fallbacksFile()).isNull();
    }

    @Test
    void aTypeErrorInAnIncludedFileNamesThatFile() throws Exception {
        write("inc/agents.json5", "{\n  defaults: {\n    model: { primary: 'a/b', fallbacks: 5 }\n  }\n}\n");
        Path main = write("inc/openclaw.json", "{ agents: { $include: 'agents.json5' } }");
        ConfigError e = catchThrowableOfType(ConfigError.class, () -> reader.read(main));
        assertThat(e.file().getFileName().toString()).isEqualTo("agents.json5");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(41);
        assertThat(e.reason()).contains("agents.defaults.model.fallbacks must be a list").contains("found a number (5)");
    }

    @Test
    void truncatedFixtureGivesFileLineColumnAndReason() {
        Path p = CONFIGS.resolve("11-invalid-json5-truncated-openclaw.json");
        ConfigError e = catchThrowableOfType(ConfigError.class, () -> reader.read(p));
        assertThat(e.file()).isEqualTo(p);
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(33); // where OpenClaw's own JSON5 parser stops too ("invalid end of input at 1:33")
        assertThat(e.reason()).contains("end-of-input");
        assertThat(e.getMessage()).isEqualTo(p + ":1:33: " + e.reason()).doesNotContain("\n").doesNotContain("Exception");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void schemaInvalidFixtureNamesTheUnknownKey() {
        Path p = CONFIGS.resolve("11-invalid-schema-openclaw.json");
        ConfigError e = catchThrowableOfType(ConfigError.class, () -> reader.read(p));
        assertThat(e.line()).isEqualTo(28);
        assertThat(e.column()).isEqualTo(9);
        assertThat(e.reason()).isEqualTo("agents.defaults.model: unrecognized key \"bogusKey\" (allowed: primary, fallbacks)");
    }

    @Test
    void wrongTypesAreReportedWithTheirPosition() throws Exception {
        assertError("{\n  agents: { defaults: { model: {\n    primary: 'a/b',\n    fallbacks: 5,\n  } } }\n}", 4, 16,
                "agents.defaults.model.fallbacks must be a list of \"provider/model\" strings, found a number (5)");
        assertError("{ agents: { defaults: { model: { fallbacks: ['a/b', 7] } } } }", 1, 53,
                "agents.defaults.model.fallbacks[1] must be \"provider/model\" strings, found a number (7)");
        assertError("{ agents: { defaults: { model: 42 } } }", 1, 32,
                "agents.defaults.model must be a \"provider/model\" string or an object {primary, fallbacks}, found a number (42)");
        assertError("{\n models: {\n  providers: {\n   x: { baseUrl: 'http://h', models: {} }\n  }\n }\n}", 4, 38,
                "models.providers.x.models must be a list of model objects {id, name, ...}, found an object");
        assertError("{ auth: { order: { anthropic: 'anthropic:default' } } }", 1, 31,
                "auth.order.anthropic must be a list of auth profile ids, found a string");
        assertError("{ models: { mode: 'replce' } }", 1, 19, "models.mode must be \"merge\" or \"replace\", found \"replce\"");
        assertError("[1, 2]", 1, 1, "the config must be a JSON5 object { ... }, found a list");
    }

    @Test
    void syntaxErrorsKeepTheirLineAfterAMultiLineString() throws Exception {
        // the continuation removes a line break before parsing (Jackson alone would say line 4);
        // the error must still point at the file's own line 5
        assertError("{\n  a: 'x\\\ny',\n  b: 1\n  c: 2\n}", 5, 3, null);
        assertError("", 1, 1, "file is empty");
        assertError("{ a: 1 } }", 1, 10, "invalid JSON5: unexpected close marker '}': no open Object to close");
        assertError("{ a: 1 }\n{ b: 2 }", 2, 1, "unexpected content after the end of the top-level value");
    }

    @Test
    void missingFileAndDirectoryAreErrorsWithoutPosition() throws Exception {
        ConfigError e = catchThrowableOfType(ConfigError.class, () -> reader.read(dir.resolve("nope.json")));
        assertThat(e.line()).isZero();
        assertThat(e.getMessage()).endsWith("nope.json: no such file");
        ConfigError d = catchThrowableOfType(ConfigError.class, () -> reader.read(dir));
        assertThat(d.reason()).contains("directory");
        ConfigError a = catchThrowableOfType(ConfigError.class,
                () -> reader.read(CONFIGS.resolve("01-initial-openclaw.json"), dir.resolve("missing-auth.json")));
        assertThat(a.getMessage()).contains("missing-auth.json");
    }

    @Test
    void legacyAuthFileShapes() throws Exception {
        Path store = write("store.json", """
                {"version":1,"profiles":{
                  "anthropic:default":{"type":"api_key","provider":"anthropic","key":"sk-ant-real"},
                  "openai:me@x.io":{"type":"oauth","provider":"openai","access":"tok","refresh":"r"},
                  "ollama:default":{"baseUrl":"http://localhost:11434"}},
                 "order":{"anthropic":["anthropic:default"]}}
                """);
        LegacyAuthProfiles s = reader.readLegacyAuthProfiles(store, null);
        assertThat(s.profiles()).containsOnlyKeys("anthropic:default", "openai:me@x.io", "ollama:default");
        assertThat(s.profiles().get("anthropic:default").credential().fingerprint()).isEqualTo(Fingerprint.of("sk-ant-real"));
        assertThat(s.profiles().get("openai:me@x.io").mode()).isEqualTo("oauth");
        assertThat(s.profiles().get("openai:me@x.io").hasCredential()).isTrue();
        assertThat(s.profiles().get("ollama:default").hasCredential()).isFalse();
        assertThat(s.profiles().get("ollama:default").baseUrl()).isEqualTo("http://localhost:11434");
        assertThat(s.order()).containsKey("anthropic");
        assertThat(s.toString()).doesNotContain("sk-ant-real").doesNotContain("tok");

        Path flat = write("flat.json", "{ \"openrouter\": { \"apiKey\": \"sk-or-1\" } }");
        LegacyAuthProfiles f = reader.readLegacyAuthProfiles(flat, "ops");
        assertThat(f.profiles()).containsOnlyKeys("openrouter:default");
        assertThat(f.agentId()).isEqualTo("ops");

        Path bad = write("bad.json", "{ \"profiles\": { \"a:default\": { \"key\": 12 } } }");
        ConfigError e = catchThrowableOfType(ConfigError.class, () -> reader.readLegacyAuthProfiles(bad, null));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.reason()).contains("profiles.a:default.key must be a string");
    }

    @Test
    void findsLegacyAuthFilesUnderTheStateFolder() throws Exception {
        Path cfg = write("state/openclaw.json", "{ agents: { defaults: { model: 'anthropic/a' } } }");
        write("state/agents/main/agent/auth-profiles.json", "{\"profiles\":{\"anthropic:default\":{\"key\":\"k1\"}}}");
        write("state/agents/night/agent/auth-profiles.json", "{\"profiles\":{\"openai:default\":{\"key\":\"k2\"}}}");
        GatewayConfig c = reader.read(cfg);
        assertThat(c.legacyAuth()).extracting(LegacyAuthProfiles::agentId).containsExactly(null, "night");
        assertThat(c.watchedFiles()).hasSize(3);
        assertThat(OpenClawConfigReader.legacyAuthCandidates(cfg, c.agents()))
                .extracting(l -> dir.relativize(l.file()).toString())
                .contains("state/auth-profiles.json", "state/agents/main/agent/auth-profiles.json",
                        "state/agents/night/agent/auth-profiles.json");
    }

    private void assertError(String text, int line, int column, String reason) throws Exception {
        Path p = write("err-" + System.nanoTime() + ".json", text);
        ConfigError e = catchThrowableOfType(ConfigError.class, () -> reader.read(p));
        assertThat(e).as("error for %s", text).isNotNull();
        assertThat(e.file()).isEqualTo(p);
        if (reason != null) assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as("column of: %s", e.getMessage()).isEqualTo(column);
    }
}
