package io.gatewarden.cli;

import io.gatewarden.config.ConfigException;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.daemon.DaemonApp;
import io.gatewarden.daemon.DaemonContext;
import io.quarkus.runtime.Quarkus;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run behind the class-data-sharing archive (docs/deploy.md, "Start-up"). Quarkus builds the archive
 * ({@code quarkus.package.jar.appcds.enabled}) by starting the packaged app with {@code -XX:ArchiveClassesAtExit}
 * and {@code -Dquarkus.appcds.generate=true}; on its own that stops after Quarkus' static init and archives neither
 * the daemon's classes nor the HTTP/health path. Here the daemon starts for real instead, on a scratch config in a
 * temp dir (127.0.0.1, a free port, dry-run, probes and CLI collector off), reads the demo's real gateway lines from
 * the start, answers one {@code /q/health/ready} and one {@code /q/metrics}, and exits 0: every class a normal start
 * loads is then in the archive.
 */
final class CdsTraining {
    static final String PROPERTY = "quarkus.appcds.generate";
    private static final long READY_TIMEOUT_MS = 60_000;

    private CdsTraining() {}

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    static int run() {
        System.clearProperty(PROPERTY); // else Quarkus itself stops after static init
        Path dir;
        int port;
        GatewardenConfig cfg;
        Path configFile;
        try {
            dir = Files.createTempDirectory("gatewarden-cds-");
            port = freePort();
            Path logs = Files.createDirectories(dir.resolve("logs"));
            try (InputStream in = CdsTraining.class.getResourceAsStream("/demo/fixture02-storm.jsonl")) {
                if (in != null) Files.copy(in, logs.resolve("openclaw-training.log"));
                else Files.createFile(logs.resolve("openclaw-training.log"));
            }
            configFile = dir.resolve("gatewarden.yaml");
            Files.writeString(configFile, String.join("\n",
                    "state_dir: " + dir.resolve("state"),
                    "http: {host: 127.0.0.1, port: " + port + "}",
                    "gateway: {name: training}",
                    "tail: {paths: ['" + logs.resolve("openclaw-*.log") + "']}",
                    "probe: {enabled: false}",
                    "collect: {enabled: false}",
                    "restart: {strategy: none}",
                    "act: {dry_run: true}",
                    ""));
            cfg = ConfigLoader.load(configFile);
        } catch (IOException | ConfigException e) {
            System.err.println("gatewarden: CDS training run cannot prepare its scratch dir: " + e.getMessage());
            return 1;
        }
        DaemonContext.set(cfg, configFile, true);
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.http.port", String.valueOf(port));
        System.setProperty("quarkus.log.level", "WARN");
        Thread probe = new Thread(() -> Quarkus.asyncExit(awaitReady(port) ? 0 : 1), "gatewarden-cds-training");
        probe.setDaemon(true);
        probe.start();
        int[] exit = {1};
        Quarkus.run(DaemonApp.class, (code, err) -> {
            if (err != null) err.printStackTrace();
            exit[0] = code;
        });
        deleteTree(dir);
        return exit[0];
    }

    private static boolean awaitReady(int port) {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (get(port, "/q/health/ready") == 200) return get(port, "/q/metrics") == 200;
            try {
                Thread.sleep(50); // polls a real process from outside; no clock to drive here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        System.err.println("gatewarden: CDS training run not ready within " + READY_TIMEOUT_MS / 1000 + " s");
        return false;
    }

    private static int get(int port, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("gatewarden: CDS training left " + dir + ": " + e.getMessage());
        }
    }
}
