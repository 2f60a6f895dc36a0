package io.gatewarden.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Installs the fake `openclaw` script into a temp folder (Maven's resource copy drops the executable bit). */
final class FakeOpenclaw {
    static final Path SCRIPT = Path.of("src/test/resources/collect/openclaw");
    static final Path SESSIONS = Path.of("src/test/resources/collect/sessions-json.json");
    static final Path MODELS = Path.of("src/test/resources/fixtures/openclaw/cli-output/models-status-json-during-billing-disable.json");

    private FakeOpenclaw() {}

    static Path install(Path dir) throws IOException {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path exe = bin.resolve("openclaw");
        Files.copy(SCRIPT, exe, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(SESSIONS, bin.resolve("sessions-json.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return exe;
    }

    static CollectSettings settings(Path exe, Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("FAKE_OPENCLAW_MODELS", MODELS.toAbsolutePath().toString());
        return new CollectSettings(true, List.of(exe.toString()), null, java.time.Duration.ofSeconds(10), null, null, null, e, null);
    }
}
