package io.gatewarden.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;

/**
 * Where the demo keeps its files, all under one directory (a fresh temp dir by default):
 * {@code gatewarden.yaml}, {@code gateway/openclaw.json} (+ the backups gatewarden takes),
 * {@code gateway/logs/openclaw-YYYY-MM-DD.log} (OpenClaw's default file name) and {@code state/}.
 */
record DemoLayout(Path dir, Path configFile, Path openclawJson, Path log, Path stateDir) {

    static DemoLayout create(Path dir) throws IOException {
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("gatewarden-demo-");
        Path gateway = Files.createDirectories(root.resolve("gateway"));
        Path logs = Files.createDirectories(gateway.resolve("logs"));
        DemoLayout l = new DemoLayout(root.toAbsolutePath(), root.resolve("gatewarden.yaml").toAbsolutePath(),
                gateway.resolve("openclaw.json").toAbsolutePath(),
                logs.resolve("openclaw-" + LocalDate.now() + ".log").toAbsolutePath(), root.resolve("state").toAbsolutePath());
        if (Files.exists(l.openclawJson()) || Files.exists(l.stateDir())) {
            throw new IOException(root + " already holds a demo (gateway/openclaw.json or state/): use an empty directory");
        }
        try (InputStream in = DemoLayout.class.getResourceAsStream("/demo/openclaw.json")) {
            if (in == null) throw new IOException("demo resource /demo/openclaw.json is missing from the jar");
            Files.copy(in, l.openclawJson());
        }
        Files.createDirectories(l.stateDir());
        if (!Files.exists(l.log())) Files.createFile(l.log());
        return l;
    }

    String logGlob() {
        return log.getParent().resolve("openclaw-*.log").toString();
    }

    Path journal() {
        return stateDir.resolve("actions.jsonl");
    }

    /** The backups gatewarden took before each write, oldest first. */
    java.util.List<Path> backups() {
        try (Stream<Path> s = Files.list(openclawJson.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith("openclaw.json.gatewarden-bak")).sorted().toList();
        } catch (IOException e) {
            return java.util.List.of();
        }
    }
}
