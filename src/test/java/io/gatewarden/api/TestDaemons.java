package io.gatewarden.api;

import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/** A daemon's world on temp files: a log folder, a copy of fixture 01's openclaw.json, a state dir, a config file. */
public final class TestDaemons {
    public static final Path FIXTURES = Path.of("src/test/resources/fixtures/openclaw");
    private static final Pattern TIME = Pattern.compile("\"time\":\"[^\"]+\"");

    public final Path dir;
    public final Path logs;
    public final Path log;
    public final Path openclawJson;
    public final Path state;
    public final Path configFile;

    public TestDaemons(Path dir) throws Exception {
        this.dir = dir;
        logs = Files.createDirectories(dir.resolve("logs"));
        log = logs.resolve("openclaw-2026-11-23.log");
        Files.createFile(log);
        openclawJson = dir.resolve("openclaw.json");
        Files.copy(FIXTURES.resolve("configs/01-initial-openclaw.json"), openclawJson);
        state = dir.resolve("state");
        configFile = dir.resolve("gatewarden.yaml");
        Files.writeString(configFile, yaml(""));
    }

    /** The config with {@code extra} YAML appended (top-level keys). Token: env GW_TEST_TOKEN. */
    public String yaml(String extra) {
        return """
                state_dir: %s
                http:
                  api_token_env: GW_TEST_TOKEN
                gateway:
                  name: lab
                  config_file: %s
                tail:
                  paths: ["%s/openclaw-*.log"]
                  poll_interval: 50ms
                restart:
                  strategy: none
                  health_url: http://127.0.0.1:1
                collect:
                  enabled: false
                act:
                  dry_run: false
                """.formatted(state, openclawJson, logs) + extra;
    }

    public GatewardenConfig config() throws Exception {
        return ConfigLoader.load(configFile);
    }

    /** Fixture 02's first run: same-model retries on fakeoa/rl-429 (a 429 storm on the primary). */
    public static List<String> storm() throws Exception {
        return Files.readAllLines(FIXTURES.resolve("logs/02-failover-cascade-429-529-unknown-model.info.jsonl")).subList(0, 30);
    }

    /** The gateway's confirmation of a primary switch, as OpenClaw logs it within ~1 s of the write. */
    public static String reloadApplied() {
        return "{\"0\":\"{\\\"subsystem\\\":\\\"gateway/reload\\\"}\",\"1\":\"config hot reload applied (agents.defaults.model.primary)\","
                + "\"_meta\":{\"logLevelId\":3,\"logLevelName\":\"INFO\"},\"time\":\"2026-11-23T12:11:37.436+00:00\","
                + "\"message\":\"config hot reload applied (agents.defaults.model.primary)\"}";
    }

    /** Appends lines with their timestamps moved to now, so quiet periods measured on the wall clock hold. */
    public void append(List<String> lines) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC));
            sb.append(TIME.matcher(l).replaceFirst("\"time\":\"" + now + "\"")).append('\n');
        }
        Files.writeString(log, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
