package io.gatewarden.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.act.ChainSnapshot;
import io.gatewarden.cli.CheckCommand;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One config model: {@code gatewarden check} (the CLI, through the lint) and the daemon's chain view (through
 * {@link Daemon#readChain}) read the gateway's config with the same reader, so they see the same chain, or refuse it
 * with the same file:line:reason.
 */
class ConfigReadParityTest {
    static final Path MODEL = Path.of("src/test/resources/config-model");
    static final Path HEX = MODEL.resolve("hex-openclaw.json5");
    static final Path INCLUDES = MODEL.resolve("include/openclaw.json");

    @TempDir Path dir;

    private final List<String> daemonLog = new CopyOnWriteArrayList<>();
    private final Logger daemonLogger = Logger.getLogger(DaemonBuilder.class.getName()); // the daemon is built and its chain read there
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { if (r.getLevel().intValue() >= Level.WARNING.intValue()) daemonLog.add(r.getMessage()); }
        @Override public void flush() {}
        @Override public void close() {}
    };

    @BeforeEach
    void listen() {
        daemonLogger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        daemonLogger.removeHandler(capture);
    }

    record Check(int exit, JsonNode json, String err) {}

    static Check check(Path config) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new CheckCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute("--format", "json", config.toString());
        return new Check(exit, new ObjectMapper().readTree(out.toString()), err.toString());
    }

    @Test
    void aHexNumberConfig_isReadTheSameByCheckAndByTheDaemon() throws Exception {
        Check c = check(HEX);
        assertThat(c.exit()).as(c.err()).isIn(CheckCommand.OK, CheckCommand.ERROR_FINDINGS);
        ChainSnapshot chain = DaemonBuilder.readChain(HEX, null);
        assertThat(chain).as("the daemon can act on it").isNotNull();
        assertThat(daemonLog).isEmpty();

        assertSameChain(c.json(), chain);
        assertThat(chain.primary()).isEqualTo("fakeoa/rl-429");
        assertThat(chain.fallbacks()).containsExactly("fakeanth/ovl-529", "fakeoa/ok", "ollama/llama3.3");
        assertThat(chain.profilesFor("fakeanth")).containsExactly("fakeanth:work", "fakeanth:default");
        assertThat(chain.isLocal("ollama")).isTrue();
        assertThat(chain.primaryNotEditable()).isNull();
    }

    @Test
    void anIncludeConfig_withALegacyAuthFile_isReadTheSameByCheckAndByTheDaemon() throws Exception {
        Check c = check(INCLUDES);
        assertThat(c.exit()).as(c.err()).isIn(CheckCommand.OK, CheckCommand.ERROR_FINDINGS);
        assertThat(c.json().get("legacyAuthFiles")).hasSize(1);
        ChainSnapshot chain = DaemonBuilder.readChain(INCLUDES, null);
        assertThat(chain).isNotNull();

        assertSameChain(c.json(), chain);
        assertThat(chain.primary()).as("from agents.json5").isEqualTo("fakeanth/ovl-529");
        assertThat(chain.fallbacks()).containsExactly("openrouter/meta-llama/llama-3.3-70b", "fakeoa/ok", "lan/qwen3");
        assertThat(chain.hasCredentials("openrouter")).as("from the legacy auth-profiles.json next to the config").isTrue();
        assertThat(chain.isLocal("lan")).as("192.168.1.20, from an included providers file").isTrue();
        // read the same, but not edited: the primary is written in agents.json5
        assertThat(chain.primaryNotEditable()).contains("agents.json5");
    }

    @Test
    void aBrokenConfig_givesTheSameErrorOnBothPaths_andTheDaemonRunsWithoutSwitching() throws Exception {
        Path broken = dir.resolve("openclaw.json");
        Files.writeString(broken, Files.readString(HEX).replace(
                "fallbacks: [\"fakeanth/ovl-529\", \"fakeoa/ok\", \"ollama/llama3.3\"]", "fallbacks: 0x5"));
        assertSameRefusal(broken, ":14:20: agents.defaults.model.fallbacks must be a list of \"provider/model\" strings, found a number (5)");

        Path truncated = dir.resolve("truncated.json");
        String hex = Files.readString(HEX);
        Files.writeString(truncated, hex.substring(0, hex.indexOf("auth: {")));
        assertSameRefusal(truncated, ": invalid JSON5: unexpected end-of-input");

        Path badInclude = dir.resolve("inc/openclaw.json");
        Files.createDirectories(badInclude.getParent());
        Files.writeString(badInclude, "{ agents: { $include: './agents.json5' } }");
        Files.writeString(badInclude.resolveSibling("agents.json5"), "{ defaults: { model: { primary: 0x10 } } }");
        assertSameRefusal(badInclude, "agents.json5:1:33: agents.defaults.model.primary must be a string, found a number (16)");

        try (Daemon daemon = DaemonBuilder.build(daemonConfig(broken), Clock.systemUTC(), false)) {
            assertThat(daemon.switcher()).as("switching off, the daemon still runs").isEmpty();
        }
    }

    @Test
    void theDaemonSwitcherStartsOnTheHexConfig() throws Exception {
        Path cfg = dir.resolve("openclaw.json");
        Files.copy(HEX, cfg);
        try (Daemon daemon = DaemonBuilder.build(daemonConfig(cfg), Clock.systemUTC(), false)) {
            assertThat(daemon.switcher()).isPresent();
            assertThat(daemon.switcher().get().currentPrimary()).isEqualTo("fakeoa/rl-429");
        }
    }

    /** Check's defaults chain and the daemon's chain view: same rungs, providers, profiles, locality, credentials. */
    private static void assertSameChain(JsonNode check, ChainSnapshot chain) {
        JsonNode defaults = null;
        for (JsonNode c : check.get("chains")) if (c.get("agent").asText().equals("defaults")) defaults = c;
        assertThat(defaults).as("check lists the defaults chain").isNotNull();
        List<String> refs = new ArrayList<>();
        for (JsonNode r : defaults.get("rungs")) {
            String ref = r.get("ref").asText();
            refs.add(ref);
            String provider = r.get("provider").asText();
            assertThat(ChainSnapshot.providerOf(ref)).as("provider of " + ref).isEqualTo(provider);
            assertThat(chain.isLocal(provider)).as("locality of " + provider).isEqualTo(r.get("keyless").asBoolean());
            List<String> profiles = new ArrayList<>();
            for (JsonNode label : r.get("credentials")) if (label.asText().startsWith(provider + ":")) profiles.add(label.asText());
            if (!profiles.isEmpty()) assertThat(chain.profilesFor(provider)).as("profiles of " + provider).isEqualTo(profiles);
            boolean usable = r.get("keyless").asBoolean() || !r.get("credentials").isEmpty();
            assertThat(chain.hasCredentials(provider)).as("credentials of " + provider).isEqualTo(usable);
        }
        assertThat(refs).isEqualTo(chain.rungs());
        assertThat(refs.get(0)).isEqualTo(chain.primary());
        assertThat(refs.subList(1, refs.size())).isEqualTo(chain.fallbacks());
    }

    private void assertSameRefusal(Path config, String expectedTail) throws Exception {
        daemonLog.clear();
        Check c = check(config);
        assertThat(c.exit()).isEqualTo(CheckCommand.CONFIG_ERROR);
        String checkError = c.err().strip();
        assertThat(checkError).startsWith("gatewarden check: ").contains(expectedTail);
        String error = checkError.substring("gatewarden check: ".length());

        assertThat(DaemonBuilder.readChain(config, null)).isNull();
        assertThat(daemonLog).containsExactly("cannot read gateway config: " + error);
    }

    private GatewardenConfig daemonConfig(Path openclawJson) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        return ConfigLoader.parse("""
                state_dir: %s
                gateway:
                  name: lab
                  config_file: %s
                tail:
                  paths: ["%s/openclaw-*.log"]
                restart:
                  strategy: none
                  health_url: http://127.0.0.1:1
                collect:
                  enabled: false
                """.formatted(dir.resolve("state"), openclawJson, logs), "test.yaml");
    }
}
