package io.gatewarden.lint;

import io.gatewarden.gateway.OpenClawConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChainLinterTest {
    @TempDir
    Path dir;

    LintReport lint(String json5) throws Exception {
        return lint(json5, LintSettings.defaults());
    }

    LintReport lint(String json5, LintSettings settings) throws Exception {
        Path p = dir.resolve("openclaw.json");
        Files.writeString(p, json5);
        return new ChainLinter(settings).lint(new OpenClawConfigReader().read(p));
    }

    static List<String> codes(LintReport r) {
        return r.findings().stream().map(f -> f.agent() + ":" + f.code().wireName() + "@" + f.positions()).toList();
    }

    static final String OLLAMA = "ollama: { baseUrl: 'http://127.0.0.1:11434', api: 'ollama', models: [{ id: 'llama3.3', name: 'l' }] }";

    @Test
    void aHealthyLocalFirstChainHasNoFindings() throws Exception {
        LintReport r = lint("""
                { auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" },
                                      "openrouter:default": { provider: "openrouter", mode: "api_key" } } },
                  models: { providers: { %s } },
                  agents: { defaults: { model: { primary: "ollama/llama3.3",
                      fallbacks: ["openrouter/meta-llama/llama-3.3-70b-instruct:free", "anthropic/claude-sonnet-4-6"] } } } }
                """.formatted(OLLAMA));
        assertThat(r.findings()).isEmpty();
        assertThat(r.chains().get(0).rungs()).extracting(RungView::rungClass)
                .containsExactly(RungClass.LOCAL, RungClass.FREE, RungClass.PAID);
        assertThat(r.chains().get(0).rungs().get(2).credentials()).containsExactly("anthropic:default");
        assertThat(r.chains().get(0).rungs().get(0).keyless()).isTrue();
    }

    @Test
    void everyAgentChainIsLinted() throws Exception {
        LintReport r = lint("""
                { auth: { profiles: { "anthropic:default": { provider: "anthropic" } } },
                  models: { providers: { %s } },
                  agents: {
                    defaults: { model: { primary: "ollama/llama3.3", fallbacks: ["anthropic/claude-sonnet-4-6"] } },
                    entries: {
                      main: {},
                      coder: { model: "openai/gpt-5.5" },
                      night: { model: { fallbacks: ["anthropic/claude-opus-4-6", "anthropic/claude-haiku-4-5"] } },
                      strict: { model: { primary: "anthropic/claude-opus-4-6", fallbacks: [] } },
                    } } }
                """.formatted(OLLAMA));
        assertThat(r.chains()).extracting(ChainView::agent).containsExactly("defaults", "coder", "night", "strict");
        // night inherits the default primary, keeps its own fallbacks
        assertThat(r.chains().get(2).rungs()).extracting(rv -> rv.rung().ref())
                .containsExactly("ollama/llama3.3", "anthropic/claude-opus-4-6", "anthropic/claude-haiku-4-5");
        assertThat(r.chains().get(2).rungs().get(0).rung().configPath()).isEqualTo("agents.defaults.model.primary");
        assertThat(codes(r)).containsExactlyInAnyOrder(
                "coder:no_credentials@1", "coder:no_fallbacks@",
                "night:shared_credential@2,3");
    }

    @Test
    void unknownProviderSuggestsTheClosestId() throws Exception {
        LintReport r = lint("{ agents: { defaults: { model: { primary: 'antropic/claude-opus-4-6', fallbacks: ['ollama/x'] } } } }");
        Finding f = r.findings().stream().filter(x -> x.code() == FindingCode.UNKNOWN_PROVIDER).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(LintSeverity.ERROR);
        assertThat(f.message()).contains("provider antropic is not configured").contains("did you mean anthropic?");
        // one error per rung: an unknown provider is not also "without credentials"
        assertThat(codes(r)).containsExactlyInAnyOrder("defaults:unknown_provider@1", "defaults:provider_not_registered@2",
                "defaults:order_policy@1");
    }

    @Test
    void unknownModelOnlyWhenTheListIsComplete() throws Exception {
        LintReport r = lint("""
                { auth: { profiles: { "openai:default": {} } },
                  models: { providers: {
                    lab: { baseUrl: "https://lab.example/v1", apiKey: "k-lab", models: [{ id: "a", name: "A" }, { id: "b", name: "B" }] },
                    openai: { models: [{ id: "gpt-5.5", contextTokens: 1000 }] },
                    %s } },
                  agents: { defaults: { model: { primary: "ollama/llama3.3:latest",
                      fallbacks: ["ollama/qwen3:32b", "lab/c", "openai/gpt-6-astra"] } } } }
                """.formatted(OLLAMA.replace(", contextTokens", ""))
                .replace(", contextTokens: 1000", ""));
        // the custom list and Ollama's manual list are complete; openai merges its own catalog, so gpt-6-astra is fine
        assertThat(codes(r)).contains("defaults:unknown_model@2", "defaults:unknown_model@3")
                .doesNotContain("defaults:unknown_model@1", "defaults:unknown_model@4");
        Finding lab = r.findings().stream().filter(f -> f.code() == FindingCode.UNKNOWN_MODEL && f.rung().position() == 3)
                .findFirst().orElseThrow();
        assertThat(lab.message()).contains("(a, b)").contains("Unknown model: lab/c");

        LintReport replace = lint("""
                { auth: { profiles: { "openai:default": {} } },
                  models: { mode: "replace", providers: { openai: { models: [{ id: "gpt-5.5", name: "x" }] } } },
                  agents: { defaults: { model: { primary: "openai/gpt-5.5", fallbacks: ["openai/gpt-6-astra"] } } } }
                """);
        assertThat(codes(replace)).contains("defaults:unknown_model@2");
    }

    @Test
    void credentialsFromEveryPlaceCount() throws Exception {
        String chain = "agents: { defaults: { model: { primary: 'ollama/llama3.3', fallbacks: ['%s'] } } }";
        String providers = "models: { providers: { " + OLLAMA + " } }";
        // env.vars
        assertThat(codes(lint("{ env: { vars: { GEMINI_API_KEY: 'g-1' } }, " + providers + ", " + chain.formatted("google/gemini-3.5-flash") + " }"))).isEmpty();
        // numbered env key
        assertThat(codes(lint("{ env: { vars: { OPENAI_API_KEY_2: 'o-2' } }, " + providers + ", " + chain.formatted("openai/gpt-5.5") + " }"))).isEmpty();
        // the gateway's own environment, declared in settings
        String noCred = "{ " + providers + ", " + chain.formatted("openai/gpt-5.5") + " }";
        assertThat(codes(lint(noCred))).containsExactly("defaults:no_credentials@2");
        assertThat(codes(lint(noCred, LintSettings.defaults().withCredentialsFromEnv(List.of("openai"))))).isEmpty();
        // auth.order narrows the profiles to none
        assertThat(codes(lint("{ auth: { profiles: { 'openai:default': {} }, order: { openai: [] } }, " + providers + ", "
                + chain.formatted("openai/gpt-5.5") + " }"))).containsExactly("defaults:no_credentials@2");
        // a custom provider on a private LAN address needs no key; on a public one it does
        assertThat(codes(lint("{ models: { providers: { " + OLLAMA + ", gpu: { baseUrl: 'http://192.168.1.20:8000/v1', models: [{id: 'm', name: 'm'}] } } }, "
                + chain.formatted("gpu/m") + " }"))).isEmpty();
        assertThat(codes(lint("{ models: { providers: { " + OLLAMA + ", gpu: { baseUrl: 'https://gpu.example.com/v1', models: [{id: 'm', name: 'm'}] } } }, "
                + chain.formatted("gpu/m") + " }"))).containsExactly("defaults:no_credentials@2");
    }

    @Test
    void ollamaIsRegisteredByAProviderEntryAProfileOrItsEnvKey() throws Exception {
        String chain = "agents: { defaults: { model: { primary: 'ollama/qwen2.5:latest', fallbacks: ['ollama/llama3.3'] } } }";
        // one finding per rung, so that each becomes its own incident
        assertThat(codes(lint("{ " + chain + " }"))).containsExactly("defaults:provider_not_registered@1",
                "defaults:provider_not_registered@2");
        assertThat(codes(lint("{ models: { providers: { ollama: { baseUrl: 'http://localhost:11434' } } }, " + chain + " }"))).isEmpty();
        assertThat(codes(lint("{ auth: { profiles: { 'ollama:default': { provider: 'ollama' } } }, " + chain + " }"))).isEmpty();
        assertThat(codes(lint("{ env: { vars: { OLLAMA_API_KEY: 'ollama-local' } }, " + chain + " }"))).isEmpty();
        // a legacy auth-profiles.json with only a baseUrl registers it too
        Files.writeString(dir.resolve("auth-profiles.json"), "{\"profiles\":{\"ollama:default\":{\"baseUrl\":\"http://localhost:11434\"}}}");
        assertThat(codes(lint("{ " + chain + " }"))).containsExactly("config:legacy_auth_profiles@");
    }

    @Test
    void twoProvidersWithOneKeyAreOneAccount() throws Exception {
        LintReport r = lint("""
                { models: { providers: {
                    or1: { baseUrl: "https://openrouter.ai/api/v1", apiKey: "sk-or-same", models: [{ id: "a", name: "a" }] },
                    or2: { baseUrl: "https://openrouter.ai/api/v1", apiKey: "sk-or-same", models: [{ id: "b", name: "b" }] },
                    %s } },
                  agents: { defaults: { model: { primary: "ollama/llama3.3", fallbacks: ["or1/a", "or2/b"] } } } }
                """.formatted(OLLAMA));
        assertThat(codes(r)).containsExactly("defaults:shared_credential@2,3");
        assertThat(r.findings().get(0).message()).contains("models.providers.or1.apiKey").doesNotContain("sk-or-same");
    }

    @Test
    void aPoolOfProfilesIsStillShared() throws Exception {
        LintReport r = lint("""
                { auth: { profiles: { "anthropic:a": { provider: "anthropic" }, "anthropic:b": { provider: "anthropic" } } },
                  models: { providers: { %s } },
                  agents: { defaults: { model: { primary: "ollama/llama3.3", fallbacks: ["anthropic/x", "anthropic/y"] } } } }
                """.formatted(OLLAMA));
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.SHARED_CREDENTIAL);
            assertThat(f.message()).contains("share the same credentials (anthropic:a, anthropic:b)");
        });
    }

    @Test
    void twoLocalRuntimeRungsAreNotAnAccount() throws Exception {
        LintReport r = lint("""
                { models: { providers: { ollama: { baseUrl: "http://127.0.0.1:11434", apiKey: "ollama-local",
                      models: [{ id: "a", name: "a" }, { id: "b", name: "b" }] } } },
                  agents: { defaults: { model: { primary: "ollama/a", fallbacks: ["ollama/b"] } } } }
                """);
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void duplicatesAndRepeatsAreReportedOnce() throws Exception {
        LintReport r = lint("""
                { models: { providers: { %s, lab: { baseUrl: "http://10.0.0.5/v1", models: [{ id: "m", name: "m" }] } } },
                  agents: { defaults: { model: { primary: "ollama/llama3.3",
                      fallbacks: ["lab/m", "ollama/llama3.3", "lab/m", "lab/m"] } } } }
                """.formatted(OLLAMA));
        assertThat(codes(r)).containsExactlyInAnyOrder("defaults:primary_repeated@1,3", "defaults:duplicate_rung@2,4,5");
        Finding dup = r.findings().stream().filter(f -> f.code() == FindingCode.DUPLICATE_RUNG).findFirst().orElseThrow();
        assertThat(dup.message()).isEqualTo("lab/m is listed 3 times (rungs 2, 4, 5); the gateway tries it once");
    }

    @Test
    void aliasesAndBareIdsResolve() throws Exception {
        LintReport r = lint("""
                { auth: { profiles: { "anthropic:default": {} } },
                  models: { providers: { %s } },
                  agents: { defaults: { models: { "anthropic/claude-opus-4-6": { alias: "Opus" } },
                      model: { primary: "llama3.3", fallbacks: ["opus", "gpt-9"] } } } }
                """.formatted(OLLAMA));
        assertThat(r.chains().get(0).rungs()).extracting(rv -> rv.rung().ref())
                .containsExactly("ollama/llama3.3", "anthropic/claude-opus-4-6", "gpt-9");
        assertThat(r.chains().get(0).rungs().get(1).rung().written()).isEqualTo("opus");
        assertThat(codes(r)).containsExactly("defaults:bare_model_ref@3");
    }

    @Test
    void orderPolicyIsConfigurable() throws Exception {
        String cfg = """
                { auth: { profiles: { "anthropic:default": {} } },
                  models: { providers: { %s } },
                  agents: { defaults: { model: { primary: "anthropic/claude-sonnet-4-6", fallbacks: ["ollama/llama3.3"] } } } }
                """.formatted(OLLAMA);
        assertThat(codes(lint(cfg))).containsExactly("defaults:order_policy@1");
        assertThat(lint(cfg).findings().get(0).message())
                .isEqualTo("paid rung 1 comes before local rung 2 (order policy local → free → paid)");
        LintSettings paidPrimary = new LintSettings(null, false, null, null, null, null, null, null, null, null, null, null);
        assertThat(codes(lint(cfg, paidPrimary))).isEmpty();
        assertThat(codes(lint(cfg, LintSettings.defaults().withOrderPolicy(List.of())))).isEmpty();
        assertThat(codes(lint(cfg, LintSettings.defaults().withOrderPolicy(List.of(RungClass.PAID, RungClass.LOCAL))))).isEmpty();
    }

    @Test
    void freeRungsAreRecognised() throws Exception {
        String cfg = """
                { auth: { profiles: { "openrouter:default": {}, "opencode:default": {}, "lab:default": {} } },
                  models: { providers: { lab: { baseUrl: "https://lab.example/v1", models: [{ id: "gift", name: "g", cost: { input: 0, output: 0 } }, { id: "paid", name: "p", cost: { input: 1, output: 2 } }] } } },
                  agents: { defaults: { model: { primary: "openrouter/qwen/qwen3:free", fallbacks: ["lab/gift", "lab/paid", "opencode/big-pickle"] } } } }
                """;
        LintReport r = lint(cfg);
        assertThat(r.chains().get(0).rungs()).extracting(RungView::rungClass)
                .containsExactly(RungClass.FREE, RungClass.FREE, RungClass.PAID, RungClass.PAID);
        assertThat(codes(r)).contains("defaults:no_local_rung@").doesNotContain("defaults:order_policy@3");
        LintSettings freeOk = new LintSettings(null, null, false, null, null, List.of("opencode"), null, null, null, null, null, null);
        LintReport r2 = lint(cfg, freeOk);
        assertThat(r2.chains().get(0).rungs().get(3).rungClass()).isEqualTo(RungClass.FREE);
        assertThat(codes(r2)).doesNotContain("defaults:no_local_rung@").contains("defaults:order_policy@3");
    }

    @Test
    void paidProvidersAndModels_winOverLoopbackUrlsAndFreePatterns() throws Exception {
        String cfg = """
                { models: { providers: {
                    proxy: { baseUrl: "http://127.0.0.1:8080/v1", models: [{ id: "gpt", name: "g" }, { id: "mini", name: "m" }] },
                    lab: { baseUrl: "http://10.0.0.5/v1", models: [{ id: "x:free", name: "x" }] } } },
                  agents: { defaults: { model: { primary: "proxy/gpt", fallbacks: ["proxy/mini", "lab/x:free"] } } } }
                """;
        assertThat(lint(cfg).chains().get(0).rungs()).extracting(RungView::rungClass)
                .containsExactly(RungClass.LOCAL, RungClass.LOCAL, RungClass.LOCAL);
        LintSettings paid = new LintSettings(null, null, null, null, null, null, null, null, null, null, null, null,
                List.of("PROXY"), List.of("lab/*"));
        assertThat(lint(cfg, paid).chains().get(0).rungs()).extracting(RungView::rungClass)
                .containsExactly(RungClass.PAID, RungClass.PAID, RungClass.PAID);
    }

    @Test
    void singleRungAndMissingModels() throws Exception {
        assertThat(codes(lint("{ auth: { profiles: { 'anthropic:default': {} } }, agents: { defaults: { model: 'anthropic/claude-opus-4-6' } } }")))
                .containsExactly("defaults:no_fallbacks@");
        assertThat(codes(lint("{ gateway: { port: 1 } }"))).containsExactly("config:no_model_configured@");
        assertThat(codes(lint("{ auth: { profiles: { 'anthropic:default': {} } }, models: { providers: { " + OLLAMA + " } },"
                + " agents: { defaults: { model: { fallbacks: ['ollama/llama3.3', 'anthropic/x'] } } } }")))
                .containsExactly("defaults:no_primary@");
    }

    @Test
    void anAgentsOwnLegacyAuthFileOnlyCountsForThatAgent() throws Exception {
        Path agentDir = dir.resolve("agents/night/agent");
        Files.createDirectories(agentDir);
        Files.writeString(agentDir.resolve("auth-profiles.json"), "{\"profiles\":{\"openai:default\":{\"key\":\"sk-night\"}}}");
        LintReport r = lint("""
                { models: { providers: { %s } },
                  agents: { defaults: { model: { primary: "ollama/llama3.3", fallbacks: ["openai/gpt-5.5"] } },
                            entries: { night: { model: { primary: "ollama/llama3.3", fallbacks: ["openai/gpt-5.5"] } } } } }
                """.formatted(OLLAMA));
        assertThat(codes(r)).containsExactlyInAnyOrder("config:legacy_auth_profiles@", "defaults:no_credentials@2");
    }
}
