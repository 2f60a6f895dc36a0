package io.gatewarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a tailing child JVM at random moments, while a writer appends and rotates: every written line must
 * reach the child's output exactly once.
 */
class TailKillTest {
    private static final int LINES = 20_000;
    private static final int ROTATE_EVERY = 5_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void everyLineExactlyOnceAcrossKillMinus9AndRotation() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path state = dir.resolve("child.state");
        Path out = dir.resolve("child.out");
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        List<Integer> killAt = new ArrayList<>();
        for (int i = 0; i < 3; i++) killAt.add(2_000 + random.nextInt(15_000));
        killAt.sort(null);

        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                write(logs);
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        }, "test-writer");

        List<Process> children = new ArrayList<>();
        try {
            Process child = startChild(logs, state, out, children);
            writer.start();
            for (int at : killAt) {
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(5))
                        .until(() -> outputLines(out) >= at);
                child.destroyForcibly(); // SIGKILL
                child.waitFor();
                child = startChild(logs, state, out, children);
            }
            writer.join(20_000);
            assertThat(writerFailure.get()).isNull();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                    .until(() -> distinctTexts(out) >= LINES);
            child.destroyForcibly();
            child.waitFor();
        } finally {
            for (Process p : children) p.destroyForcibly();
        }

        for (int i = 0; i < children.size(); i++) {
            Path log = out.resolveSibling("child-" + i + ".log");
            System.out.println("child " + i + ": " + Files.readAllLines(log).stream().filter(l -> l.startsWith("resume")).findFirst().orElse("?"));
        }
        List<String> rows = Files.readAllLines(out, StandardCharsets.UTF_8);
        Map<String, Integer> seen = new HashMap<>();
        Set<String> positions = new HashSet<>();
        for (String row : rows) {
            String[] f = row.split("\t");
            seen.merge(f[0], 1, Integer::sum);
            assertThat(positions.add(f[1] + "@" + f[2])).as("position %s@%s delivered twice (seed %d)", f[1], f[2], seed)
                    .isTrue();
        }
        List<String> repeated = seen.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList();
        assertThat(repeated).as("lines delivered more than once (seed %d, kills at %s)", seed, killAt).isEmpty();
        assertThat(seen).as("every line exactly once (seed %d)", seed).hasSize(LINES);
        for (int i = 0; i < LINES; i++) assertThat(seen).containsKey(text(i));
        assertThat(Files.list(logs).count()).as("rotations happened").isEqualTo(LINES / ROTATE_EVERY);
    }

    private static String text(int i) {
        return String.format("line-%05d {\"payload\":\"%s\"}", i, "x".repeat(40 + i % 37));
    }

    /** Appends LINES lines in small chunks over a few seconds, renaming x.log -> x.1.log (cascading) now and then. */
    private static void write(Path logs) throws IOException {
        Path live = logs.resolve("x.log");
        int chunk = 40;
        for (int i = 0; i < LINES; i += chunk) {
            if (i > 0 && i % ROTATE_EVERY == 0) {
                for (int n = 4; n >= 1; n--) {
                    Path from = logs.resolve("x." + n + ".log");
                    if (Files.exists(from)) Files.move(from, logs.resolve("x." + (n + 1) + ".log"), StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(live, logs.resolve("x.1.log"), StandardCopyOption.ATOMIC_MOVE);
            }
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < i + chunk && j < LINES; j++) sb.append(text(j)).append('\n');
            Files.writeString(live, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            LockSupport.parkNanos(Duration.ofMillis(8).toNanos()); // pace the writer so kills land mid-stream
        }
    }

    private static Process startChild(Path logs, Path state, Path out, List<Process> all) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), TailChild.class.getName(),
                logs.toString(), state.toString(), out.toString());
        Path log = out.resolveSibling("child-" + all.size() + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        all.add(p);
        return p;
    }

    private static long outputLines(Path out) throws IOException {
        try {
            byte[] b = Files.readAllBytes(out);
            long n = 0;
            for (byte x : b) if (x == '\n') n++;
            return n;
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static int distinctTexts(Path out) throws IOException {
        if (!Files.exists(out)) return 0;
        Set<String> texts = new HashSet<>();
        for (String row : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            int tab = row.indexOf('\t');
            if (tab > 0) texts.add(row.substring(0, tab));
        }
        return texts.size();
    }
}
