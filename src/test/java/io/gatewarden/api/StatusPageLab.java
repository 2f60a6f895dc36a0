package io.gatewarden.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files and the fake gateway health endpoint the status-page daemon runs against: a temp dir under
 * {@code target/} with the daemon's YAML, a copy of fixture config 01 as the gateway's openclaw.json, an empty
 * watched log and a state dir. The Quarkus test profile and the test class may be loaded by different class
 * loaders, so the lab is found again through the {@code gatewarden.config} system property instead of a static.
 */
final class StatusPageLab {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/openclaw");
    static final String CONFIG_PROPERTY = "gatewarden.config";
    private static final Pattern TIME = Pattern.compile("\"time\":\"[^\"]+\"");
    private static HttpServer health;

    final Path dir;

    private StatusPageLab(Path dir) {
        this.dir = dir;
    }

    Path yaml() { return dir.resolve("gatewarden.yaml"); }
    Path openclawJson() { return dir.resolve("openclaw.json"); }
    Path log() { return dir.resolve("logs").resolve("openclaw-2026-11-23.log"); }
    Path stateDir() { return dir.resolve("state"); }

    /** Creates the lab once per JVM (and sets {@code gatewarden.config}); later calls find it again. */
    static synchronized StatusPageLab get() {
        String existing = System.getProperty(CONFIG_PROPERTY);
        if (existing != null && existing.contains("statuspage-lab")) return new StatusPageLab(Path.of(existing).getParent());
        try {
            Path target = Files.createDirectories(Path.of("target"));
            StatusPageLab lab = new StatusPageLab(Files.createTempDirectory(target, "statuspage-lab-").toAbsolutePath());
            Files.createDirectories(lab.log().getParent());
            Files.createFile(lab.log());
            Files.copy(FIXTURES.resolve("configs/01-initial-openclaw.json"), lab.openclawJson());
            int healthPort = startHealthEndpoint();
            Files.writeString(lab.yaml(), """
                    # the status page browser test's daemon: everything on temp files and loopback
                    state_dir: %s
                    gateway:
                      name: lab
                      config_file: %s
                    tail:
                      paths: ["%s/openclaw-*.log"]
                      poll_interval: 50ms
                    breakers:
                      open_waits: [10m]
                    act:
                      dry_run: false
                      switch_primary:
                        confirm_timeout: 2m
                    restart:
                      strategy: none
                      health_url: http://127.0.0.1:%d
                    collect:
                      enabled: false
                    """.formatted(lab.stateDir(), lab.openclawJson(), lab.log().getParent(), healthPort));
            System.setProperty(CONFIG_PROPERTY, lab.yaml().toString());
            return lab;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the status page lab", e);
        }
    }

    /** The gateway's /healthz and /startupz as OpenClaw answers them, so the daemon sees a live gateway. */
    private static int startHealthEndpoint() throws IOException {
        if (health == null) {
            health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            health.createContext("/healthz", ex -> answer(ex, "{\"ok\":true,\"status\":\"live\"}"));
            health.createContext("/readyz", ex -> answer(ex, "{\"ok\":true,\"status\":\"ready\"}"));
            health.createContext("/startupz", ex -> answer(ex, "{\"ok\":true,\"status\":\"started\"}"));
            health.start();
        }
        return health.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Appends log lines with their timestamps moved to now, as the gateway would write them today. */
    void append(List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC));
            sb.append(TIME.matcher(l).replaceFirst(Matcher.quoteReplacement("\"time\":\"" + now + "\""))).append('\n');
        }
        Files.writeString(log(), sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static String reloadApplied(String paths) {
        return "{\"0\":\"{\\\"subsystem\\\":\\\"gateway/reload\\\"}\",\"1\":\"config hot reload applied (" + paths + ")\","
                + "\"_meta\":{\"logLevelId\":3,\"logLevelName\":\"INFO\"},\"time\":\"2026-11-23T12:11:37.436+00:00\","
                + "\"message\":\"config hot reload applied (" + paths + ")\"}";
    }

    /** A provider call whose provider name is markup: the page must show it as text, never run it. */
    static String hostileFetch() {
        String text = "[model-fetch] response provider=<img/src=x/onerror=window.__xss=1> api=openai-completions model=m1 status=500 elapsedMs=5";
        return "{\"0\":\"{\\\"subsystem\\\":\\\"agent/embedded\\\"}\",\"1\":\"" + text + "\","
                + "\"_meta\":{\"logLevelId\":3,\"logLevelName\":\"INFO\"},\"time\":\"2026-11-23T12:02:10.000+00:00\","
                + "\"message\":\"" + text + "\"}";
    }
}
