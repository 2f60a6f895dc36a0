package io.gatewarden.tail;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tailer's wake-up on file-system events: with a poll interval of an hour, only an event can make it read a new
 * line within the test's few seconds, so these tests fail when the watcher does not work.
 */
class LogTailerWatchTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final CollectingSink sink = new CollectingSink();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private LogTailer started(TailSettings s) {
        LogTailer t = new LogTailer(s, CheckpointStore.inMemory(), sink, Clock.systemUTC());
        open.add(t);
        t.start();
        return t;
    }

    private TailSettings hourlyPoll(String glob) {
        return TailSettings.defaults().withPaths(List.of(dir.resolve(glob).toString())).withFromStart(true)
                .withPollInterval(HOUR).withRotateWait(Duration.ZERO);
    }

    private static void append(Path file, String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The first cycle ran (it reads what the file held at start) and the folder is registered. */
    private void awaitFollowing(LogTailer t, String firstLine) {
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.texts().contains(firstLine));
        await().atMost(Duration.ofSeconds(10)).until(() -> t.watchedFolders().contains(dir.toAbsolutePath()));
    }

    @Test
    void anAppendedLine_isReadOnTheEvent_notAtTheNextPoll() throws IOException {
        Path log = dir.resolve("openclaw-2026-11-23.log");
        append(log, "before start");
        LogTailer t = started(hourlyPoll("openclaw-*.log"));
        awaitFollowing(t, "before start");

        for (int i = 0; i < 5; i++) {
            String line = "appended " + i;
            append(log, line);
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.texts().contains(line));
        }
        assertThat(sink.texts()).containsExactly("before start", "appended 0", "appended 1", "appended 2",
                "appended 3", "appended 4");
    }

    @Test
    void aNewFileInTheFolder_isFoundOnTheEvent() throws IOException {
        Path today = dir.resolve("openclaw-2026-11-23.log");
        append(today, "today");
        LogTailer t = started(hourlyPoll("openclaw-*.log"));
        awaitFollowing(t, "today");

        append(dir.resolve("openclaw-2026-11-24.log"), "tomorrow");
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.texts().contains("tomorrow"));
        // a file outside the globs wakes the tailer too, but is not read
        append(dir.resolve("notes.txt"), "not a log");
        append(today, "today again");
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.texts().contains("today again"));
        assertThat(sink.texts()).containsExactly("today", "tomorrow", "today again");
    }

    @Test
    void renameRotation_woken_losesNothing() throws IOException {
        Path live = dir.resolve("gw.log");
        append(live, "l0");
        LogTailer t = started(hourlyPoll("gw*.log"));
        awaitFollowing(t, "l0");

        append(live, "l1", "l2");
        Files.move(live, dir.resolve("gw.1.log"));
        append(dir.resolve("gw.1.log"), "l3 written late to the rotated file");
        append(live, "n0");
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.texts().size() == 5);
        assertThat(sink.texts()).containsExactlyInAnyOrder("l0", "l1", "l2", "l3 written late to the rotated file", "n0");
        assertThat(sink.texts().subList(0, 3)).containsExactly("l0", "l1", "l2");
    }

    @Test
    void aBurstOfSmallWrites_isDeliveredWhole_andInOrder() throws IOException {
        Path log = dir.resolve("burst.log");
        append(log, "start");
        LogTailer t = started(hourlyPoll("burst.log"));
        awaitFollowing(t, "start");

        List<String> expected = IntStream.range(0, 2000).mapToObj(i -> "b-" + i).toList();
        for (String l : expected) append(log, l);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.texts().size() == expected.size() + 1);
        assertThat(sink.texts().subList(1, expected.size() + 1)).isEqualTo(expected);
    }

    @Test
    void watchOff_newLinesWaitForThePoll() throws IOException {
        Path log = dir.resolve("quiet.log");
        append(log, "first");
        LogTailer t = started(hourlyPoll("quiet.log").withWatch(false));
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.texts().contains("first"));
        assertThat(t.watchedFolders()).isEmpty();

        append(log, "second");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> sink.texts().size() == 1);
        t.pollOnce();
        assertThat(sink.texts()).containsExactly("first", "second");
    }

    @Test
    void folderWatcher_watchesExactlyTheFoldersGiven_andSkipsMissingOnes() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        FolderWatcher w = new FolderWatcher(changes::incrementAndGet);
        open.add(w);
        assertThat(w.start()).isTrue();
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Path missing = dir.resolve("missing");

        w.watch(Set.of(a, b, missing));
        assertThat(w.folders()).containsExactlyInAnyOrder(a, b);
        append(a.resolve("x.log"), "x");
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() > 0);

        w.watch(Set.of(b));
        assertThat(w.folders()).containsExactly(b);
        Files.createDirectory(missing);
        w.watch(Set.of(b, missing));
        assertThat(w.folders()).containsExactlyInAnyOrder(b, missing);
        int before = changes.get();
        append(missing.resolve("y.log"), "y");
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() > before);

        w.close();
        assertThat(w.folders()).isEmpty();
    }
}
