package io.gatewarden.pipeline;

import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.parse.LineParser;
import io.gatewarden.tail.LogSetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayReaderTest {
    @TempDir
    Path dir;

    /** "HH:MM:SS text" → a GENERIC event at that time on 2026-11-23; anything else is MALFORMED. */
    static final LineParser PARSER = line -> {
        if (line.length() < 9 || line.charAt(2) != ':') return GatewayEvent.malformed("not a test line", line);
        Instant t = Instant.parse("2026-11-23T" + line.substring(0, 8) + "Z");
        return new GatewayEvent(EventType.GENERIC, t, 3, null, null, null, null, null, null, null, null, 0,
                line.substring(9), Map.of(), line);
    };

    private List<String> read(int threads, Path... inputs) throws IOException {
        List<String> out = new ArrayList<>();
        new ReplayReader(1 << 20, PARSER, threads).read(LogSetReader.families(List.of(inputs)),
                (e, chars) -> out.add(e.raw()));
        return out;
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    @Test
    void oneFamilyKeepsFileOrderEvenWhenTimeGoesBack() throws IOException {
        // rotated set: .1 is older than the live file; the CLI's lines may be out of time order inside a file
        write("gw.1.log", "12:00:00 a", "12:00:02 b", "12:00:01 c");
        write("gw.log", "12:00:03 d", "garbage", "12:00:04 e");
        assertThat(read(2, dir)).containsExactly("12:00:00 a", "12:00:02 b", "12:00:01 c", "12:00:03 d", "garbage", "12:00:04 e");
    }

    @Test
    void manyBatchesOfOneFamilyArriveInOrder() throws IOException {
        List<String> lines = IntStream.range(0, 20_000)
                .mapToObj(i -> String.format("12:%02d:%02d line %d", i / 3600 % 60, i / 60 % 60, i)).toList();
        Files.write(dir.resolve("big.log"), lines);
        assertThat(read(3, dir)).isEqualTo(lines);
    }

    @Test
    void aLineLongerThanABatchIsParsedWholeAndInOrder() throws IOException {
        String huge = "12:00:01 " + "x".repeat(3 << 20); // more than any batch holds
        write("long.log", "12:00:00 a", huge, "12:00:02 b");
        List<String> out = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        new ReplayReader(8 << 20, PARSER, 2).read(LogSetReader.families(List.of(dir)), (e, len) -> {
            out.add(e.raw());
            lengths.add(len);
        });
        assertThat(out).containsExactly("12:00:00 a", huge, "12:00:02 b");
        assertThat(lengths).containsExactly(10, huge.length(), 10);
    }

    @Test
    void twoFamiliesAreMergedByTimeAndCopiesAcrossThemCountOnce() throws IOException {
        Path a = write("a.log", "12:00:00 a1", "12:00:02 shared", "12:00:04 a2", "12:00:04 a2");
        Path b = write("b.jsonl", "12:00:01 b1", "12:00:02 shared", "12:00:03 b2");
        ReplayReader.Outcome[] outcome = new ReplayReader.Outcome[1];
        List<String> out = new ArrayList<>();
        outcome[0] = new ReplayReader(1 << 20, PARSER, 2).read(LogSetReader.families(List.of(a, b)),
                (e, chars) -> out.add(e.raw()));
        // a line repeated inside one file is two lines; the copy in the other file is the same line
        assertThat(out).containsExactly("12:00:00 a1", "12:00:01 b1", "12:00:02 shared", "12:00:03 b2",
                "12:00:04 a2", "12:00:04 a2");
        assertThat(outcome[0].duplicateLines()).isEqualTo(1);
        assertThat(outcome[0].summary().lines()).isEqualTo(7);
        assertThat(outcome[0].summary().files()).isEqualTo(2);
    }

    @Test
    void aMissingInputIsAnError() {
        assertThatThrownBy(() -> read(1, dir.resolve("nope.log"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileThatCannotBeReadFailsTheReplayAndStopsTheOtherReaders() throws IOException {
        write("a.log", IntStream.range(0, 50_000).mapToObj(i -> "12:00:00 a" + i).toArray(String[]::new));
        Path notAFile = Files.createDirectory(dir.resolve("b.log")); // reading it as a file fails
        assertThatThrownBy(() -> new ReplayReader(1 << 20, PARSER, 2)
                .read(List.of(List.of(dir.resolve("a.log")), List.of(notAFile)), (e, c) -> {}))
                .isInstanceOf(IOException.class);
        // the other family's reader, blocked on its full queue, was told to stop
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("replay-read-") && t.isAlive()));
    }
}
