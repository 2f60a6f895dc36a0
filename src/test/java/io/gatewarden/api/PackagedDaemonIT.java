package io.gatewarden.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged app as a user runs it: {@code java -jar target/quarkus-app/quarkus-run.jar run --config <yaml>} as a
 * child process on temp files and a free loopback port. It follows a log, sees fixture 02's 429 storm as an incident
 * through /api/incidents and /q/metrics, refuses a mutation without the token (401, nothing changes), accepts it
 * with the token, reloads on SIGHUP (an invalid file is refused and the daemon keeps running), and on SIGTERM exits
 * 0 with its state on disk. Run by failsafe in {@code ./mvnw verify}, after {@code package} has built the jar.
 */
class PackagedDaemonIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final String TOKEN = "it-token-7f3a9c1e5b";
    private static final Pattern RL_OPEN = Pattern.compile(
            "(?m)^gatewarden_incidents_open\\{[^}]*type=\"provider_rate_limited\"[^}]*\\} 1\\.0$");

    @TempDir Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int port;

    @Test
    void thePackagedDaemonDetectsServesMetricsGuardsMutationsReloadsAndStopsCleanly() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " is absent: build it with `./mvnw -B verify` (or `./mvnw package`); "
                + "failsafe runs this test after `package`");
        TestDaemons w = new TestDaemons(dir);
        port = freePort();
        Path cfg = dir.resolve("gatewarden-it.yaml");
        Files.writeString(cfg, config(w, ""));
        w.append(List.of("{\"time\":\"2026-11-23T12:00:00.000+00:00\",\"message\":\"gatewarden IT: first line\"}"));
        Path out = dir.resolve("daemon.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(), "run", "--config", cfg.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("GW_IT_TOKEN", TOKEN);

        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> statusOf(get("/q/health/ready")) == 200 || !p.isAlive());
            assertThat(p.isAlive()).as("daemon exited early:\n%s", tail(out)).isTrue();
            long readyMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("PackagedDaemonIT: process start -> /q/health/ready UP in " + readyMs + " ms");

            // detection, seen through the API and the metrics
            w.append(TestDaemons.storm());
            await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/incidents").body().contains("\"provider_rate_limited\""));
            await().atMost(Duration.ofSeconds(10)).until(() -> RL_OPEN.matcher(get("/q/metrics").body()).find());
            // the daemon switched the primary away from fakeoa/rl-429; the gateway confirms, as OpenClaw does
            await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/actions").body().contains("\"action\":\"switch_primary\""));
            w.append(List.of(TestDaemons.reloadApplied()));
            await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/actions").body().contains("\"outcome\":\"confirmed\""));
            String metrics = get("/q/metrics").body();
            assertThat(metrics).contains("gatewarden_lines_total", "gatewarden_breaker_state{", "gatewarden_info{", "gatewarden_dry_run 0.0")
                    .doesNotContain(TOKEN);

            // a mutation without the token, or with a wrong one: 401, nothing changes
            HttpResponse<String> noToken = post("/api/dry-run", "{\"enabled\":true}", null);
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gatewarden\"");
            assertThat(noToken.body()).contains("\"error\":\"unauthorized\"");
            assertThat(post("/api/dry-run", "{\"enabled\":true}", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(get("/api/status").body()).contains("\"dryRun\":false");
            assertThat(get("/q/metrics").body()).contains("gatewarden_dry_run 0.0");

            // with the token: accepted and journalled with who and why
            HttpResponse<String> ok = post("/api/dry-run", "{\"enabled\":true,\"reason\":\"IT\",\"by\":\"it\"}", "Bearer " + TOKEN);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(get("/api/status").body()).contains("\"dryRun\":true");
            assertThat(get("/q/metrics").body()).contains("gatewarden_dry_run 1.0");
            assertThat(get("/api/actions").body()).contains("\"action\":\"api_dry_run\"").contains("it via api (token fp:");
            HttpResponse<String> bad = post("/api/breakers/reset", "{\"model\":\"fakeoa/rl-429\"}", "Bearer " + TOKEN);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("\"field\":\"profile\"");
            HttpResponse<String> silence = post("/api/silences", "{\"matchers\":[\"provider=fakeoa\"],\"duration\":\"1h\"}", "Bearer " + TOKEN);
            assertThat(silence.statusCode()).as(silence.body()).isEqualTo(201);
            assertThat(get("/api/silences").body()).contains("provider=\\\"fakeoa\\\"");

            // SIGHUP: an invalid config is refused and the daemon keeps serving; a valid one is taken
            Files.writeString(cfg, config(w, "breakers:\n  consecutive_failurez: 3\n"));
            signal(p, "HUP");
            await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/actions").body().contains("\"outcome\":\"invalid_config\""));
            assertThat(p.isAlive()).isTrue();
            Files.writeString(cfg, config(w, "breakers:\n  consecutive_failures: 4\n"));
            signal(p, "HUP");
            await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/actions").body().contains("\"outcome\":\"reloaded\""));
            await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(get("/q/health/ready")) == 200);
            assertThat(get("/api/incidents").body()).contains("\"provider_rate_limited\""); // carried over
            assertThat(get("/api/status").body()).contains("\"dryRun\":true"); // the operator's dry-run survives

            // SIGTERM: a clean exit with the state on disk
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("daemon did not stop on SIGTERM:\n%s", tail(out)).isTrue();
            assertThat(p.exitValue()).as(tail(out)).isZero();
            assertThat(w.state.resolve("daemon-state.json")).exists();
            assertThat(Files.readString(w.state.resolve("daemon-state.json"))).contains("provider_rate_limited").contains("checkpoints");
        } catch (AssertionError | RuntimeException e) {
            System.out.println("---- daemon output ----\n" + tail(out));
            throw e;
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private String config(TestDaemons w, String extra) {
        return w.yaml(extra).replace("http:\n  api_token_env: GW_TEST_TOKEN", "http:\n  port: " + port + "\n  api_token_env: GW_IT_TOKEN");
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private HttpResponse<String> post(String path, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) b.header("Authorization", auth);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int statusOf(HttpResponse<String> r) {
        return r == null ? -1 : r.statusCode();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static void signal(Process p, String sig) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path out) {
        try {
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
