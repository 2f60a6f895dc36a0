package io.gatewarden.alert;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** kill -9 with 50 notifications in the outbox, restart, all 50 delivered once. */
class OutboxCrashTest {
    @TempDir Path tmp;
    HttpStub hook;
    Process child;

    @AfterEach
    void tearDown() {
        if (child != null) child.destroyForcibly();
        if (hook != null) hook.close();
    }

    private Process spawn(String mode, Path state, String url, List<String> out, String log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                OutboxChild.class.getName(), mode, state.toString(), url, "50");
        pb.redirectError(tmp.resolve(log).toFile());
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) out.add(line);
            } catch (Exception ignored) {
                // the process died: that is the point
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private static long outboxFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        }
    }

    @Test
    void killMinus9WithFiftyPendingThenRestartDeliversAllFiftyOnce() throws Exception {
        hook = new HttpStub(Clock.systemUTC());
        boolean[] up = {false};
        hook.respond(r -> up[0] ? HttpStub.Reply.ok() : HttpStub.Reply.status(503));
        Path state = tmp.resolve("state");
        Path outbox = state.resolve("alert/outbox/hook");

        List<String> out1 = new CopyOnWriteArrayList<>();
        child = spawn("produce", state, hook.url("/hook"), out1, "produce.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> out1.contains("READY 50") || !child.isAlive());
        assertThat(out1).contains("READY 50");
        assertThat(outboxFiles(outbox)).isEqualTo(50);
        await().atMost(Duration.ofSeconds(10)).until(() -> !hook.requests().isEmpty()); // it is trying, and failing

        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(outboxFiles(outbox)).as("the outbox survived the kill").isEqualTo(50);
        assertThat(hook.accepted()).isEmpty();

        up[0] = true;
        List<String> out2 = new CopyOnWriteArrayList<>();
        child = spawn("resume", state, hook.url("/hook"), out2, "resume.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> !child.isAlive() || hook.accepted().size() >= 50);
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("resume exits; its log:\n%s", Files.readString(tmp.resolve("resume.log"))).isTrue();
        assertThat(out2).contains("STARTED 50", "DRAINED 0");
        assertThat(child.exitValue()).isZero();

        Map<String, Integer> perKey = new HashMap<>();
        hook.accepted().forEach(r -> perKey.merge(r.header("Idempotency-Key"), 1, Integer::sum));
        assertThat(perKey).hasSize(50);
        assertThat(perKey.values()).allMatch(n -> n == 1);
        assertThat(outboxFiles(outbox)).isZero();
    }
}
