package io.gatewarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogSetReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private Path writeGz(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }

    private List<String> readAll(LogSetReader reader, List<Path> inputs) throws IOException {
        List<String> out = new ArrayList<>();
        reader.read(inputs, l -> out.add(l.text()));
        return out;
    }

    @Test
    void rotatedSetIsReadOldestFirst() throws IOException {
        // created newest first so that neither creation order nor mtime gives the answer away
        write("openclaw-gateway.log", "live\n");
        for (int i = 1; i <= 5; i++) write("openclaw-gateway." + i + ".log", "rotated-" + i + "\n");
        assertThat(names(LogSetReader.order(List.of(dir)))).containsExactly(
                "openclaw-gateway.5.log", "openclaw-gateway.4.log", "openclaw-gateway.3.log",
                "openclaw-gateway.2.log", "openclaw-gateway.1.log", "openclaw-gateway.log");
        assertThat(readAll(new LogSetReader(), List.of(dir)))
                .containsExactly("rotated-5", "rotated-4", "rotated-3", "rotated-2", "rotated-1", "live");
    }

    @Test
    void datedFilesAreReadByDateAndTheirRotationsBeforeThem() throws IOException {
        write("openclaw-2026-11-24.log", "day-24\n");
        write("openclaw-2026-11-22.log", "day-22\n");
        write("openclaw-2026-11-23.log", "day-23-live\n");
        write("openclaw-2026-11-23.1.log", "day-23-rotated\n");
        write("notes.md", "not a log\n");
        assertThat(names(LogSetReader.order(List.of(dir)))).containsExactly(
                "openclaw-2026-11-22.log", "openclaw-2026-11-23.1.log", "openclaw-2026-11-23.log", "openclaw-2026-11-24.log");
        assertThat(readAll(new LogSetReader(), List.of(dir)))
                .containsExactly("day-22", "day-23-rotated", "day-23-live", "day-24");
    }

    @Test
    void gzipFilesAreReadTransparentlyInLogrotateOrder() throws IOException {
        write("app.log", "current\n");
        write("app.log.1", "yesterday\n");
        writeGz("app.log.2.gz", "two-days-ago-1\ntwo-days-ago-2\n");
        writeGz("app.log.3.gz", "three-days-ago\n");
        assertThat(names(LogSetReader.order(List.of(dir))))
                .containsExactly("app.log.3.gz", "app.log.2.gz", "app.log.1", "app.log");
        List<TailLine> lines = new ArrayList<>();
        LogSetReader.Summary s = new LogSetReader().read(List.of(dir), lines::add);
        assertThat(lines).extracting(TailLine::text)
                .containsExactly("three-days-ago", "two-days-ago-1", "two-days-ago-2", "yesterday", "current");
        // offsets in a .gz count uncompressed bytes
        assertThat(lines.get(2).position().offset()).isEqualTo("two-days-ago-1\n".length());
        assertThat(s.files()).isEqualTo(4);
        assertThat(s.lines()).isEqualTo(5);
    }

    @Test
    void logrotateDateextFilesComeBeforeTheLiveFile() throws IOException {
        write("gw.log", "live\n");
        writeGz("gw.log-20261122.gz", "22\n");
        write("gw.log-20261123", "23\n");
        assertThat(readAll(new LogSetReader(), List.of(dir))).containsExactly("22", "23", "live");
    }

    @Test
    void explicitFilesAreOrderedTooAndAMissingOneIsAClearError() throws IOException {
        Path live = write("x.log", "b\n");
        Path old = write("x.1.log", "a\n");
        assertThat(readAll(new LogSetReader(), List.of(live, old))).containsExactly("a", "b");
        assertThatThrownBy(() -> LogSetReader.order(List.of(dir.resolve("nope.log"))))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.log");
    }

    @Test
    void positionsCrlfLastLineWithoutNewlineAndOversizedLines() throws IOException {
        Path p = write("a.log", "one\r\n" + "y".repeat(50) + "\ntwo\nlast");
        List<TailLine> lines = new ArrayList<>();
        LogSetReader.Summary s = new LogSetReader(20).readFile(p, lines::add);
        assertThat(lines).extracting(TailLine::text).containsExactly("one", "two", "last");
        assertThat(lines).extracting(l -> l.position().offset()).containsExactly(0L, 56L, 60L);
        assertThat(lines.get(2).position().nextOffset()).isEqualTo(64L);
        assertThat(s.skippedLines()).isEqualTo(1);
        assertThat(s.bytes()).isEqualTo(Files.size(p));
    }

    @Test
    void bytesAreTheSameLinesUndecoded() throws IOException {
        Path p = write("b.log", "one\r\n" + "y".repeat(50) + "\ncaf\u00e9 \u21c4\nlast");
        List<String> lines = new ArrayList<>();
        LogSetReader.Summary s = new LogSetReader(20).readFileBytes(p,
                (buf, from, to) -> lines.add(new String(buf, from, to - from, StandardCharsets.UTF_8)));
        List<TailLine> decoded = new ArrayList<>();
        LogSetReader.Summary s2 = new LogSetReader(20).readFile(p, decoded::add);
        assertThat(lines).containsExactly("one", "caf\u00e9 \u21c4", "last");
        assertThat(lines).isEqualTo(decoded.stream().map(TailLine::text).toList());
        assertThat(s).isEqualTo(s2);
        assertThat(s.skippedLines()).isEqualTo(1);
    }

    @Test
    void readsTheRealGatewayCaptureIncludingItsGzip() throws IOException {
        Path gz = Path.of("src/test/resources/fixtures/openclaw/logs/full-run.debug.jsonl.gz");
        long expected;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
        }
        List<TailLine> lines = new ArrayList<>();
        new LogSetReader().readFile(gz, lines::add);
        assertThat(lines).hasSize((int) expected);
        assertThat(lines).allSatisfy(l -> assertThat(l.text()).startsWith("{"));
    }
}
