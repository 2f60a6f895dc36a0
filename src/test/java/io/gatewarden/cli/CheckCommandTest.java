package io.gatewarden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {
    static final Path SEEDS = Path.of("src/test/resources/fixtures/seed-cases");
    static final Path CONFIGS = Path.of("src/test/resources/fixtures/openclaw/configs");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new CheckCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void exitsOneWhenAFindingIsAnError() {
        Run r = run(SEEDS.resolve("chain-without-credentials/openclaw.json").toString());
        assertThat(r.exit()).isEqualTo(CheckCommand.ERROR_FINDINGS);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("AGENT", "RUNG", "SEVERITY", "FINDING", "FIX")
                .contains("3 openai/gpt-4.1").contains("provider openai has no credentials")
                .contains("4 ollama/qwen2.5:latest").contains("provider ollama is not registered")
                .contains("2 errors, 2 warnings, 1 info")
                .doesNotContain("sk-ant-fake");
    }

    @Test
    void exitsZeroWithOnlyWarnings() {
        Run r = run(SEEDS.resolve("chain-paid-before-local/openclaw.json").toString());
        assertThat(r.exit()).isEqualTo(CheckCommand.OK);
        assertThat(r.out()).contains("0 errors, 5 warnings, 0 info");
    }

    @Test
    void exitsTwoOnAConfigErrorWithOneClearLineOnStderr() {
        Path truncated = CONFIGS.resolve("11-invalid-json5-truncated-openclaw.json");
        Run r = run(truncated.toString());
        assertThat(r.exit()).isEqualTo(CheckCommand.CONFIG_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("gatewarden check: " + truncated
                + ":1:33: invalid JSON5: unexpected end-of-input within/between object entries");

        Run missing = run(dir.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(CheckCommand.CONFIG_ERROR);
        assertThat(missing.err().lines().count()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.json: no such file").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void wrongTypeIsAConfigError() throws Exception {
        Path p = dir.resolve("openclaw.json");
        Files.writeString(p, "{\n  agents: {\n    defaults: {\n      model: { primary: 'anthropic/a', fallbacks: 5 },\n    },\n  },\n}\n");
        Run r = run("--format", "json", p.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(p + ":4:51: agents.defaults.model.fallbacks must be a list");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("format").asText()).isEqualTo("gatewarden.check/v1");
        assertThat(json.at("/error/line").asInt()).isEqualTo(4);
        assertThat(json.at("/error/column").asInt()).isEqualTo(51);
        assertThat(json.at("/error/file").asText()).isEqualTo(p.toString());
        assertThat(json.at("/error/reason").asText()).startsWith("agents.defaults.model.fallbacks must be a list");
        assertThat(json.at("/summary/exitCode").asInt()).isEqualTo(2);
        assertThat(json.get("findings")).isEmpty();
    }

    @Test
    void jsonOutputHasTheDocumentedShape() throws Exception {
        Run r = run("--format", "json", SEEDS.resolve("chain-without-credentials/openclaw.json").toString());
        assertThat(r.exit()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(fieldNames(json)).containsExactly("format", "config", "legacyAuthFiles", "summary", "error", "chains", "findings");
        assertThat(json.get("error").isNull()).isTrue();
        assertThat(fieldNames(json.get("summary"))).containsExactly("errors", "warnings", "info", "exitCode");
        assertThat(json.at("/summary/errors").asInt()).isEqualTo(2);
        assertThat(json.at("/summary/exitCode").asInt()).isEqualTo(1);
        assertThat(json.get("legacyAuthFiles")).hasSize(1);

        JsonNode chain = json.at("/chains/0");
        assertThat(fieldNames(chain)).containsExactly("agent", "source", "rungs");
        assertThat(chain.get("agent").asText()).isEqualTo("defaults");
        JsonNode rung = chain.at("/rungs/0");
        assertThat(fieldNames(rung)).containsExactly("rung", "ref", "provider", "model", "configPath", "class",
                "providerStatus", "credentials", "keyless");
        assertThat(rung.get("rung").asInt()).isEqualTo(1);
        assertThat(rung.get("class").asText()).isEqualTo("paid");
        assertThat(rung.get("credentials").get(0).asText()).isEqualTo("anthropic:default");
        assertThat(chain.at("/rungs/3/providerStatus").asText()).isEqualTo("not_registered");

        List<String> codes = new ArrayList<>();
        for (JsonNode f : json.get("findings")) {
            assertThat(fieldNames(f)).containsExactly("agent", "severity", "code", "rungs", "message", "fix");
            codes.add(f.get("severity").asText() + ":" + f.get("code").asText());
        }
        assertThat(codes).containsExactly("info:legacy_auth_profiles", "error:no_credentials", "error:provider_not_registered",
                "warning:shared_credential", "warning:order_policy");
        JsonNode openai = json.at("/findings/1/rungs/0");
        assertThat(fieldNames(openai)).containsExactly("rung", "ref", "provider", "model");
        assertThat(openai.get("rung").asInt()).isEqualTo(3);
        assertThat(openai.get("ref").asText()).isEqualTo("openai/gpt-4.1");
        assertThat(r.out()).doesNotContain("sk-ant-fake");
    }

    @Test
    void explicitAuthProfilesAndSettingsFile() throws Exception {
        Path auth = dir.resolve("creds.json");
        Files.writeString(auth, "{\"profiles\":{\"openai:default\":{\"key\":\"sk-1\"},\"anthropic:default\":{\"key\":\"sk-2\"},"
                + "\"ollama:default\":{\"baseUrl\":\"http://127.0.0.1:11434\"}}}");
        Path cfg = SEEDS.resolve("chain-without-credentials/openclaw.json");
        Run r = run(cfg.toString(), "--auth-profiles", auth.toString());
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).contains("legacy auth profiles: " + auth).doesNotContain("has no credentials");

        Path settings = dir.resolve("gatewarden.yaml");
        Files.writeString(settings, "lint:\n  credentials_from_env: [openai]\n  extra_known_providers: []\n");
        Run s = run("--settings", settings.toString(), cfg.toString());
        assertThat(s.out()).doesNotContain("provider openai has no credentials").contains("provider ollama is not registered");
        assertThat(s.exit()).isEqualTo(1);

        Files.writeString(settings, "lint:\n  order_polcy: [local]\n");
        Run bad = run("--settings", settings.toString(), cfg.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid lint settings").contains("order_polcy");
    }

    @Test
    void usageErrorsAreReportedByPicocli() {
        Run r = run("--format", "xml", "x.json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--format");
        Run none = run();
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("OPENCLAW_JSON");
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
