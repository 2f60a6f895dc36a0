package io.gatewarden.gateway;

import io.gatewarden.testsupport.ClasspathJars;
import io.gatewarden.act.ActionJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a process in the middle of config writes leaves openclaw.json either old or new, never broken.
 * A child JVM ({@link ConfigRewriteLoop}) rewrites the file through the real writer as fast as it can; the test kills
 * it with destroyForcibly() at a random moment after its first write, then checks the file byte for byte against
 * the only versions that may exist. 4 lanes x 52 kills = 208 kills, in parallel to fit the time budget; an AppCDS
 * archive of the child's classes cuts each child's start to ~0.2 s of CPU.
 */
class KillDuringConfigWriteTest {
    static final Path SOURCE = Path.of("src/test/resources/fixtures/openclaw/configs/01-initial-openclaw.json");
    static final int LANES = 4;
    static final int KILLS_PER_LANE = 52;

    @TempDir Path dir;

    @Test
    void killDashNineDuringWritesNeverLeavesABrokenConfig() throws Exception {
        long t0 = System.nanoTime();
        String original = Files.readString(SOURCE);
        Set<String> allowed = Set.of(original,
                Json5Editor.setString(original, "agents.defaults.model.primary", ConfigRewriteLoop.VALUES.get(0)).newText(),
                Json5Editor.setString(original, "agents.defaults.model.primary", ConfigRewriteLoop.VALUES.get(1)).newText());
        List<String> java = javaCommand();

        AtomicInteger kills = new AtomicInteger();
        AtomicInteger changed = new AtomicInteger();
        AtomicInteger tornTemps = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(LANES);
        List<Future<?>> lanes = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            Path laneDir = Files.createDirectories(dir.resolve("lane" + lane));
            Path cfg = laneDir.resolve("openclaw.json");
            Files.copy(SOURCE, cfg);
            lanes.add(pool.submit(() -> {
                String last = original;
                for (int i = 0; i < KILLS_PER_LANE; i++) {
                    List<String> cmd = new ArrayList<>(java);
                    cmd.addAll(List.of(ConfigRewriteLoop.class.getName(), cfg.toString(), laneDir.resolve("state").toString()));
                    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                    awaitReady(p);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 40)); // a random moment inside the write loop
                    p.destroyForcibly();
                    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    kills.incrementAndGet();

                    String now = Files.readString(cfg);
                    assertThat(allowed).as("openclaw.json after kill %d of lane %s", i, laneDir).contains(now);
                    Json5Editor.parse(now);
                    if (now.equals(last)) changed.incrementAndGet(); // an even number of completed writes (>= 2)
                    last = now;
                    try (Stream<Path> s = Files.list(laneDir)) {
                        tornTemps.addAndGet((int) s.filter(f -> f.getFileName().toString().endsWith(".tmp")).peek(f -> f.toFile().delete()).count());
                    }
                }
                // the journal a killed writer leaves behind is still readable (a torn last line is skipped)
                assertThat(new ActionJournal(laneDir.resolve("state/actions.jsonl"), 1 << 20, Clock.systemUTC()).readAll()).isNotEmpty();
                return null;
            }));
        }
        for (Future<?> f : lanes) f.get(5, TimeUnit.MINUTES);
        pool.shutdown();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[figures] kill -9 during config writes: %d kills in %.1f s, file always old or new; %d kills hit between temp file and rename (temp left behind), %d kills came after the child had completed 2+ writes%n",
                kills.get(), secs, tornTemps.get(), changed.get());
        assertThat(kills.get()).isGreaterThanOrEqualTo(200);
    }

    private static void awaitReady(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = r.readLine()) != null; ) {
            if (line.equals("READY")) return;
            seen.append(line).append('\n');
        }
        throw new IOException("child exited before its first write: " + seen);
    }

    /** java + a classpath of what the child needs, with an AppCDS archive when the JVM can make one. */
    private List<String> javaCommand() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path app = ClasspathJars.jar(Path.of("target/classes"), dir.resolve("app.jar"), null);
        Path child = ClasspathJars.jar(Path.of("target/test-classes"), dir.resolve("child.jar"), ConfigRewriteLoop.class.getName().replace('.', '/') + ".class");
        List<String> cp = new ArrayList<>(List.of(child.toString(), app.toString()));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (e.endsWith(".jar") && (name.startsWith("jackson-") || name.startsWith("snakeyaml"))) cp.add(e);
        }
        String classpath = String.join(File.pathSeparator, cp);
        List<String> base = new ArrayList<>(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto"));
        Path jsa = dir.resolve("child.jsa");
        Path warm = Files.createDirectories(dir.resolve("warm"));
        Files.copy(SOURCE, warm.resolve("openclaw.json"));
        Process dump = new ProcessBuilder(javaBin, "-XX:ArchiveClassesAtExit=" + jsa, "-cp", classpath, ConfigRewriteLoop.class.getName(),
                warm.resolve("openclaw.json").toString(), warm.resolve("state").toString(), "once").redirectErrorStream(true)
                .redirectOutput(dir.resolve("cds.log").toFile()).start();
        if (dump.waitFor(60, TimeUnit.SECONDS) && dump.exitValue() == 0 && Files.exists(jsa)) base.add("-XX:SharedArchiveFile=" + jsa);
        base.addAll(List.of("-cp", classpath));
        return base;
    }

}
