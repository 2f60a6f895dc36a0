package io.gatewarden.gateway.restart;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Test helper: starts {@code src/test/resources/fake-gateway/fake_gateway.py} as a real child process on an
 * ephemeral 127.0.0.1 port, with its log, pidfile and port file in a scratch folder. Close it to stop it.
 * Shared with the other stages' tests (act/breaker) that need a gateway stand-in.
 */
public final class FakeGatewayProcess implements AutoCloseable {
    public static final Path SCRIPT = Path.of("src/test/resources/fake-gateway/fake_gateway.py").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path dir;
    private final Path log;
    private final Path pidfile;
    private final Path portFile;
    private final int port;

    private FakeGatewayProcess(Process process, Path dir, Path log, Path pidfile, Path portFile, int port) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.pidfile = pidfile;
        this.portFile = portFile;
        this.port = port;
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** The full command line the builder would run; lets a restart command start a fresh instance. */
    public static final class Builder {
        private final Path dir;
        private Path config;
        private Path log;
        private double startupDelay = 0.1;
        private Double dieAfter;
        private boolean crashLine;
        private String processTitle;
        private final List<String> extra = new ArrayList<>();

        private Builder(Path dir) {
            this.dir = dir;
        }

        public Builder config(Path config) { this.config = config; return this; }
        public Builder log(Path log) { this.log = log; return this; }
        public Builder startupDelay(double seconds) { this.startupDelay = seconds; return this; }
        public Builder dieAfter(double seconds, boolean withCrashLine) { this.dieAfter = seconds; this.crashLine = withCrashLine; return this; }
        public Builder processTitle(String title) { this.processTitle = title; return this; }
        public Builder arg(String... args) { extra.addAll(List.of(args)); return this; }

        public Path logPath() { return log != null ? log : dir.resolve("gateway.log"); }
        public Path pidfile() { return dir.resolve("gateway.pid"); }
        public Path portFile() { return dir.resolve("gateway.port"); }

        /** Command line for a given port (0 = pick one and write it to the port file). */
        public List<String> command(int port) {
            List<String> cmd = new ArrayList<>(List.of("python3", SCRIPT.toString(),
                    "--log", logPath().toString(), "--port", Integer.toString(port),
                    "--port-file", portFile().toString(), "--pidfile", pidfile().toString(),
                    "--startup-delay", Double.toString(startupDelay)));
            if (config != null) cmd.addAll(List.of("--config", config.toString()));
            if (dieAfter != null) cmd.addAll(List.of("--die-after", Double.toString(dieAfter)));
            if (crashLine) cmd.add("--crash-line");
            if (processTitle != null) cmd.addAll(List.of("--process-title", processTitle));
            cmd.addAll(extra);
            return cmd;
        }

        public FakeGatewayProcess start() throws IOException {
            return start(0);
        }

        public FakeGatewayProcess start(int port) throws IOException {
            Files.createDirectories(dir);
            Files.deleteIfExists(portFile());
            Process p = new ProcessBuilder(command(port))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("gateway.console").toFile())
                    .start();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !p.isAlive() || readPort(portFile()) > 0);
            if (!p.isAlive()) {
                throw new IOException("fake gateway exited early: " + Files.readString(dir.resolve("gateway.console")));
            }
            return new FakeGatewayProcess(p, dir, logPath(), pidfile(), portFile(), readPort(portFile()));
        }
    }

    static int readPort(Path portFile) {
        try {
            String s = Files.readString(portFile).trim();
            return s.isEmpty() ? 0 : Integer.parseInt(s);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    public int port() { return port; }
    public long pid() { return process.pid(); }
    public Process process() { return process; }
    public Path log() { return log; }
    public Path pidfile() { return pidfile; }
    public Path portFile() { return portFile; }
    public String baseUrl() { return "http://127.0.0.1:" + port; }

    /** Every line the gateway has written so far (empty when the log does not exist yet). */
    public List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    public boolean logContains(String text) {
        return logLines().stream().anyMatch(l -> l.contains(text));
    }

    public long countLogLines(String text) {
        return logLines().stream().filter(l -> l.contains(text)).count();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", body.startsWith("{") ? "application/json" : "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Emits a named scenario, e.g. {@code "rate_limit_storm fakeoa rl-429 retries=3 next=fakeanth/ok"}. */
    public void emit(String scenario) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/__emit", scenario);
        if (r.statusCode() != 200) throw new IOException("emit failed: " + r.body());
    }

    public void awaitStarted() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                HttpResponse<String> r = get("/startupz");
                return r.statusCode() == 200 && r.body().contains("\"started\"");
            } catch (IOException e) {
                return false;
            }
        });
    }

    public Path dir() { return dir; }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
