package io.gatewarden.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The real OpenClaw log captures under src/test/resources/fixtures/openclaw/logs, read as lines. */
final class Fixtures {
    static final Path LOGS = Path.of("src/test/resources/fixtures/openclaw/logs");
    static final String CONSOLE = "gateway-console.stdout.txt";
    static final String FULL_RUN = "full-run.debug.jsonl.gz";

    private Fixtures() {}

    /** Lines of one fixture file (a .gz is gunzipped), without terminators. */
    static List<String> lines(String name) {
        Path file = LOGS.resolve(name);
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file.toAbsolutePath(), e);
        }
    }

    /** Names of every JSON-lines fixture: the .info/.debug slices and the gzipped full run. */
    static List<String> jsonFiles() {
        try (Stream<Path> s = Files.list(LOGS)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jsonl") || n.endsWith(".jsonl.gz"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
