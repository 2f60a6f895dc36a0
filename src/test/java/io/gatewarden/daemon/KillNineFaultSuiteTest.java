package io.gatewarden.daemon;

import io.gatewarden.testsupport.ClasspathJars;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatewarden.act.ActionJournal;
import io.gatewarden.act.JournalEntry;
import io.gatewarden.config.ConfigMapper;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.incident.TrackerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7's fault suite: {@code kill -9} of the real daemon ({@link Daemon}, in a child JVM: {@link DaemonChild}) at
 * random moments, at least 100 times, spread over tailing, config writing and alert delivery, while the log rotates by
 * rename and by copytruncate. The test JVM plays the gateway: it writes real OpenClaw line shapes (fixture 02's 429
 * storm on the primary, a {@code candidate_succeeded} for it later, fixture 03's hot-reload line whenever
 * {@code openclaw.json} changes) and receives the webhook. Invariants, after every kill and at the end:
 * <ol>
 *   <li>no line lost or counted twice: {@code lines_read} in {@code daemon-state.json} (saved in the same atomic write
 *       as the tail checkpoints) never exceeds the lines written, and at the end equals them exactly;</li>
 *   <li>{@code openclaw.json} always parses as JSON5 and is byte for byte one of the versions gatewarden may write
 *       (the original, or the primary replaced by a fallback); so is every backup; the journal stays readable and
 *       agrees with the file;</li>
 *   <li>every incident's firing notice and (once resolved) its resolved notice reach the webhook, each under exactly
 *       one idempotency key; a key delivered more than once is the documented at-least-once case (the receiver
 *       answered 200 but the kill came before the outbox recorded it) and is counted.</li>
 * </ol>
 * Seeded: {@code -Dgatewarden.seed=…} replays the random choices (timing still varies); the seed is printed and is
 * part of every failure message. {@code -Dgatewarden.kills=…} changes the number of kills (default 105).
 */
class KillNineFaultSuiteTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/openclaw");
    private static final Path SOURCE_CONFIG = FIXTURES.resolve("configs/01-initial-openclaw.json");
    private static final String PRIMARY = "fakeoa/rl-429";
    private static final String PRIMARY_PATH = "agents.defaults.model.primary";
    private static final int KILLS = Integer.getInteger("gatewarden.kills", 105);
    /** Independent daemons killed side by side (each child JVM spends most of its short life starting up). */
    private static final int LANES = Integer.getInteger("gatewarden.lanes", 3);
    private static final ObjectMapper JSON = ConfigMapper.json();
    private static final Pattern TIME = Pattern.compile("\"time\":\"[^\"]+\"");
    private static final Pattern DATE = Pattern.compile("\"date\":\"[^\"]+\"");

    enum Kind { TAILING, CONFIG_WRITE, ALERT_DELIVERY }

    @TempDir Path dir;

    @Test
    void killDashNineAtRandomPointsLosesNoLineBreaksNoConfigAndLosesNoAlert() throws Throwable {
        long seed = Long.getLong("gatewarden.seed", System.nanoTime());
        System.out.println("[kill-suite] seed " + seed + " (rerun with -Dgatewarden.seed=" + seed + ")");
        try {
            run(seed);
        } catch (Throwable t) {
            keepEvidence();
            throw new AssertionError("kill -9 fault suite failed with seed " + seed + ": " + t.getMessage(), t);
        }
    }

    /** On failure: each lane's child log, state and what its receiver got go to target/kill-suite/ for a human. */
    private void keepEvidence() {
        try {
            Path out = Files.createDirectories(Path.of("target/kill-suite"));
            for (int lane = 0; lane < LANES; lane++) {
                Path ld = dir.resolve("lane" + lane);
                for (String f : List.of("child.log", "deliveries.log", "state/daemon-state.json", "state/actions.jsonl", "state/alert/nflog.json")) {
                    Path src = ld.resolve(f);
                    if (Files.exists(src)) Files.copy(src, out.resolve("lane" + lane + "-" + src.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.out.println("[kill-suite] evidence kept in " + out.toAbsolutePath());
        } catch (IOException e) {
            System.out.println("[kill-suite] could not keep evidence: " + e);
        }
    }

    private void run(long seed) throws Exception {
        long t0 = System.nanoTime();
        Random rnd = new Random(seed);
        List<Lane> lanes = new ArrayList<>();
        try {
            for (int i = 0; i < LANES; i++) lanes.add(new Lane(dir.resolve("lane" + i), i, rnd.nextLong()));
            List<String> java = javaCommand(lanes.get(0));
            long tKills = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(LANES);
            List<Future<?>> done = new ArrayList<>();
            for (Lane lane : lanes) {
                int share = KILLS / LANES + (lane.index < KILLS % LANES ? 1 : 0);
                done.add(pool.submit(() -> {
                    lane.killRepeatedly(java, share, t0);
                    lane.lastLife(java);
                    return null;
                }));
            }
            pool.shutdown();
            for (Future<?> f : done) {
                try {
                    f.get(10, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception x ? x : e;
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double killSecs = (System.nanoTime() - tKills) / 1e9;

            EnumMap<Kind, Integer> kills = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) kills.put(k, lanes.stream().mapToInt(l -> l.kills.get(k)).sum());
            List<Long> startups = lanes.stream().flatMap(l -> l.startups.stream()).toList();
            System.out.printf("[figures] kill -9 fault suite: %d kills in %.1f s (%.1f s of kills and last lives in %d lanes; seed %d): tailing %d, config write %d (%d left a temp file), "
                            + "alert delivery %d (outbox non-empty at %d kills); lines %d written across %d rename and %d copytruncate "
                            + "rotations, counted exactly once; config writes %d (every version allowed); incidents %d (%d saved open at a kill, "
                            + "%d blips never announced), notifications %d distinct, %d deliveries, %d duplicate deliveries (same key); "
                            + "child start to READY median %d ms, max %d ms%n",
                    KILLS, secs, killSecs, LANES, seed, kills.get(Kind.TAILING), kills.get(Kind.CONFIG_WRITE), sum(lanes, l -> l.midWrite),
                    kills.get(Kind.ALERT_DELIVERY), sum(lanes, l -> l.withOutbox), sum(lanes, l -> l.gw.written()),
                    sum(lanes, l -> l.gw.renames.get()), sum(lanes, l -> l.gw.copytruncates.get()), sum(lanes, l -> l.gw.configChanges.get()),
                    sum(lanes, l -> l.incidents), sum(lanes, l -> l.savedOpen.size()), sum(lanes, l -> l.blips), sum(lanes, l -> l.rx.distinctKeys()), sum(lanes, l -> l.rx.deliveries()),
                    sum(lanes, l -> l.rx.duplicateDeliveries()), median(startups), startups.stream().mapToLong(Long::longValue).max().orElse(0));
            assertThat(kills.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(100);
            assertThat(sum(lanes, l -> l.gw.configChanges.get())).as("config writes happened").isGreaterThan(10);
            // coverage: a life planned for a config write or a delivery that saw none in time counts as tailing
            assertThat(kills.get(Kind.CONFIG_WRITE)).as("kills around config writes").isGreaterThanOrEqualTo(10);
            assertThat(kills.get(Kind.ALERT_DELIVERY)).as("kills during alert delivery").isGreaterThanOrEqualTo(10);
        } finally {
            for (Lane l : lanes) l.close();
        }
    }

    private static long sum(List<Lane> lanes, java.util.function.ToLongFunction<Lane> f) {
        return lanes.stream().mapToLong(f).sum();
    }

    /** One daemon, its scratch gateway and receiver, killed again and again; lanes run side by side. */
    private static final class Lane implements AutoCloseable {
        final int index;
        final Path home;
        final Path logs;
        final Path state;
        final Path openclawJson;
        final Path yaml;
        final Set<String> allowed;
        final Random rnd;
        final Receiver rx;
        final FakeGateway gw;
        final EnumMap<Kind, Integer> kills = new EnumMap<>(Kind.class);
        final List<Long> startups = new ArrayList<>();
        int midWrite;
        /** Temp files of openclaw.json writes a kill interrupted (between the temp file and the rename). */
        final Set<String> tempsSeen = new HashSet<>();
        int withOutbox;
        long incidents;
        long blips;
        /** Incidents the daemon's state file held as open at some kill: each must have been announced firing. */
        final Set<String> savedOpen = new java.util.TreeSet<>();

        Lane(Path home, int index, long seed) throws Exception {
            this.index = index;
            this.home = home;
            this.rnd = new Random(seed);
            logs = Files.createDirectories(home.resolve("logs"));
            state = home.resolve("state");
            openclawJson = Files.createDirectories(home.resolve("gw")).resolve("openclaw.json");
            Files.copy(SOURCE_CONFIG, openclawJson);
            allowed = allowedVersions(Files.readString(openclawJson));
            rx = new Receiver(home.resolve("deliveries.log"));
            gw = new FakeGateway(logs, openclawJson, allowed, new Random(rnd.nextLong()));
            yaml = home.resolve("gatewarden.yaml");
            Files.writeString(yaml, config(state, openclawJson, logs, rx.url()));
            for (Kind k : Kind.values()) kills.put(k, 0);
        }

        void killRepeatedly(List<String> java, int n, long t0) throws Exception {
            gw.start();
            Path outbox = state.resolve("alert/outbox/hook");
            for (int i = 0; i < n; i++) {
                Kind planned = Kind.values()[(i + index) % 3];
                long before = System.nanoTime();
                Child child = Child.start(java, yaml, home.resolve("child.log"));
                startups.add((System.nanoTime() - before) / 1_000_000);
                rx.note("life " + (i + 1) + " READY (" + planned + ")");
                Kind landed = Kind.TAILING;
                switch (planned) {
                    case TAILING -> {
                        // kill while lines stream: once this life has saved progress, at a random moment after it
                        long seen = linesRead(state);
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                        while (linesRead(state) == seen && System.nanoTime() < deadline) LockSupport.parkNanos(2_000_000);
                        pause(rnd.nextInt(0, 400));
                    }
                    case CONFIG_WRITE -> {
                        // kill right around a config write: when its backup appears, plus 0-12 ms (temp, rename, journal)
                        int backups = backups(openclawJson).size();
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                        while (backups(openclawJson).size() == backups && System.nanoTime() < deadline) LockSupport.parkNanos(300_000);
                        if (backups(openclawJson).size() != backups) {
                            landed = Kind.CONFIG_WRITE;
                            int delay = rnd.nextInt(0, 13);
                            if (delay > 0) pause(delay);
                        }
                    }
                    case ALERT_DELIVERY -> {
                        // the receiver fails (500) or is slow for this life, so the outbox holds work when the kill lands
                        rx.mode(rnd.nextBoolean() ? Receiver.Mode.FAIL : Receiver.Mode.SLOW);
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                        while (pending(outbox) == 0 && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
                        if (pending(outbox) > 0) {
                            landed = Kind.ALERT_DELIVERY;
                            pause(rnd.nextInt(0, 250));
                        }
                    }
                }
                if (pending(outbox) > 0) withOutbox++;
                child.kill();
                TrackerState saved = readState(state);
                saved.open().forEach(e -> savedOpen.add(e.id()));
                rx.note("life " + (i + 1) + " killed (" + landed + "), outbox " + pending(outbox) + ", saved open "
                        + saved.open().stream().map(TrackerState.EpisodeState::id).toList() + ", last resolved "
                        + saved.recent().stream().limit(2).map(TrackerState.EpisodeState::id).toList());
                rx.mode(Receiver.Mode.OK);
                kills.merge(landed, 1, Integer::sum);
                if (Boolean.getBoolean("gatewarden.verbose")) System.out.printf("[kill-suite] lane %d kill %d %s (planned %s) start %d ms, at %.1f s%n",
                        index, i + 1, landed, planned, startups.get(startups.size() - 1), (System.nanoTime() - t0) / 1e9);
                tempFiles(openclawJson.getParent(), tempsSeen);
                midWrite = tempsSeen.size();
                checkAfterKill("lane " + index + " after kill " + (i + 1), openclawJson, allowed, state, gw);
            }
        }

        /** The last life: no more gateway traffic; every line must be counted once and every incident announced. */
        void lastLife(List<String> java) throws Exception {
            gw.stopAndWait();
            long written = gw.written();
            Path outbox = state.resolve("alert/outbox/hook");
            String where = "lane " + index + ", after the last restart";
            Child last = Child.start(java, yaml, home.resolve("child.log"));
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> linesRead(state) == written && rx.missing(readState(state), savedOpen).isEmpty() && pending(outbox) == 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(where + ": lines_read " + linesRead(state) + " of " + written
                        + " written; alerts missing: " + rx.missing(readState(state), savedOpen) + "; outbox " + pending(outbox), e);
            } finally {
                last.kill();
            }
            assertThat(linesRead(state)).as(where + ": lines counted exactly once").isEqualTo(written);
            checkConfig(openclawJson, allowed);
            TrackerState ts = readState(state);
            incidents = ts.open().size() + ts.recent().size();
            blips = rx.blips(ts);
            assertThat(rx.missing(ts, savedOpen)).as(where + ": alerts not delivered").isEmpty();
            assertThat(rx.phantoms(ts)).as(where + ": alerts for incidents the daemon does not know").isEmpty();
            assertThat(rx.announcedUnderSeveralKeys()).as(where + ": an incident announced (firing or resolved) under several keys").isEmpty();
            assertThat(gw.violations).as(where + ": what the gateway saw").isEmpty();
        }

        @Override
        public void close() throws Exception {
            gw.close();
            rx.close();
        }
    }

    // ---------------------------------------------------------------- invariants

    private static void checkAfterKill(String where, Path openclawJson, Set<String> allowed, Path state, FakeGateway gw) throws Exception {
        checkConfig(openclawJson, allowed);
        long read = linesRead(state);
        assertThat(read).as(where + ": lines_read never exceeds the lines written").isLessThanOrEqualTo(gw.written());
        // the journal survives a kill (a torn last line is skipped) and agrees with the file
        List<JournalEntry> journal = new ActionJournal(state.resolve("actions.jsonl"), 10L << 20, Clock.systemUTC()).readAll();
        JournalEntry lastWrite = null;
        for (JournalEntry e : journal) if ("written".equals(e.outcome()) || "restored".equals(e.outcome())) lastWrite = e;
        if (lastWrite != null && lastWrite.changes() != null && !lastWrite.changes().isEmpty()) {
            String now = primaryOf(Files.readString(openclawJson));
            var c = lastWrite.changes().get(0);
            List<Path> backups = backups(openclawJson);
            boolean newerBackup = !backups.isEmpty() && lastWrite.backup() != null
                    && backups.get(backups.size() - 1).getFileName().toString().compareTo(Path.of(lastWrite.backup()).getFileName().toString()) > 0;
            assertThat(now.equals(text(c.after())) || now.equals(text(c.before())) || newerBackup)
                    .as(where + ": openclaw.json (primary %s) matches the journal's last write %s", now, lastWrite).isTrue();
        }
    }

    private static void checkConfig(Path openclawJson, Set<String> allowed) throws Exception {
        String now = Files.readString(openclawJson);
        assertThat(allowed).as("openclaw.json is one of the versions gatewarden writes").contains(now);
        Json5Editor.parse(now);
        for (Path b : backups(openclawJson)) {
            assertThat(allowed).as("backup %s", b.getFileName()).contains(Files.readString(b));
        }
    }

    private static Set<String> allowedVersions(String original) throws Exception {
        Set<String> s = new HashSet<>();
        s.add(original);
        for (JsonNode f : Json5Editor.valueAt(original, "agents.defaults.model.fallbacks")) {
            s.add(Json5Editor.setString(original, PRIMARY_PATH, f.textValue()).newText());
        }
        return s;
    }

    private static String primaryOf(String text) throws Exception {
        return Json5Editor.valueAt(text, PRIMARY_PATH).textValue();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.isTextual() ? n.textValue() : n.toString();
    }

    private static long linesRead(Path state) throws IOException {
        Path f = state.resolve("daemon-state.json");
        if (!Files.exists(f)) return 0;
        return JSON.readTree(Files.readString(f)).path("lines_read").asLong();
    }

    private static TrackerState readState(Path state) throws IOException {
        Path f = state.resolve("daemon-state.json");
        if (!Files.exists(f)) return new TrackerState(TrackerState.VERSION, Instant.now(), List.of(), List.of());
        return JSON.treeToValue(JSON.readTree(Files.readString(f)).get("incidents"), TrackerState.class);
    }

    private static List<Path> backups(Path openclawJson) throws IOException {
        try (Stream<Path> s = Files.list(openclawJson.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith("openclaw.json.gatewarden-bak.")
                    && !p.getFileName().toString().endsWith(".tmp")).sorted().toList();
        }
    }

    private static void tempFiles(Path folder, Set<String> into) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(p -> into.add(p.getFileName().toString()));
        }
    }

    private static int pending(Path outbox) {
        if (!Files.isDirectory(outbox)) return 0;
        try (Stream<Path> s = Files.list(outbox)) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A short random moment before a kill: the randomness itself, not a wait for a result. */
    private static void pause(long ms) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }

    // ---------------------------------------------------------------- the daemon's config

    private static String config(Path state, Path openclawJson, Path logs, String hook) {
        return """
                state_dir: %s
                gateway:
                  name: lab
                  config_file: %s
                tail:
                  paths: ["%s/openclaw-*.log"]
                  poll_interval: 20ms
                  rotate_wait: 2s
                incidents:
                  quiet_period: 1s
                  max_recent: 5000
                breakers:
                  open_waits: [300ms]
                act:
                  dry_run: false
                  switch_primary:
                    confirm_timeout: 20s
                    min_time_between_switches: 500ms
                    fail_back_dwell: 300ms
                  max_in_flight: 30s
                  backups:
                    keep: 1000
                restart:
                  strategy: none
                  health_url: http://127.0.0.1:1
                probe:
                  enabled: false
                collect:
                  enabled: false
                alert:
                  receivers:
                    - {name: hook, type: webhook, url: "%s", timeout: 2s, rate_limit: {burst: 0}}
                  route: {receiver: hook, group_by: ['...'], group_wait: 0s, group_interval: 300ms, repeat_interval: 1h}
                  inhibit_rules: []
                  retry: {initial: 100ms, max: 400ms, jitter: 0.1}
                  tick_interval: 100ms
                """.formatted(state, openclawJson, logs, hook);
    }

    // ---------------------------------------------------------------- child JVM

    /** The daemon in a child JVM; {@link #kill()} is SIGKILL ({@code destroyForcibly} on Linux). */
    private record Child(Process process) {
        static Child start(List<String> java, Path yaml, Path log) throws Exception {
            List<String> cmd = new ArrayList<>(java);
            cmd.addAll(List.of(DaemonChild.class.getName(), yaml.toString()));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    StringBuilder seen = new StringBuilder();
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.equals("READY")) return "READY";
                        seen.append(line).append('\n');
                    }
                    return "exited: " + seen;
                } catch (IOException e) {
                    return "exited: " + e;
                }
            });
            String got = ready.get(60, TimeUnit.SECONDS);
            if (!got.equals("READY")) throw new IllegalStateException("daemon child did not start (see " + log + "): " + got);
            // keep draining stdout so a chatty child never blocks on a full pipe
            CompletableFuture.runAsync(() -> {
                try {
                    p.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // killed
                }
            });
            return new Child(p);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(20, TimeUnit.SECONDS)) throw new IllegalStateException("child did not die");
        }
    }

    /** java + the classpath (classes as jars so an AppCDS archive can be made and used). */
    private List<String> javaCommand(Lane lane) throws Exception {
        Path yaml = lane.yaml;
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path app = ClasspathJars.jar(Path.of("target/classes"), dir.resolve("app.jar"), null);
        Path child = ClasspathJars.jar(Path.of("target/test-classes"), dir.resolve("child.jar"), DaemonChild.class.getName().replace('.', '/') + ".class");
        List<String> cp = new ArrayList<>(List.of(child.toString(), app.toString()));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.endsWith(".jar")) cp.add(e);
        }
        String classpath = String.join(File.pathSeparator, cp);
        List<String> base = new ArrayList<>(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Xshare:auto", "-Xss512k", "-XX:CICompilerCount=1"));
        Path jsa = dir.resolve("child.jsa");
        Path warm = Files.createDirectories(dir.resolve("warm"));
        Files.copy(SOURCE_CONFIG, warm.resolve("openclaw.json"));
        Path warmYaml = warm.resolve("gatewarden.yaml");
        Files.writeString(warmYaml, Files.readString(yaml).replace(lane.state.toString(), warm.resolve("state").toString())
                .replace(lane.openclawJson.toString(), warm.resolve("openclaw.json").toString())
                .replace(lane.logs.toString(), warm.resolve("logs").toString()));
        long t = System.nanoTime();
        Process dump = new ProcessBuilder(javaBin, "-XX:ArchiveClassesAtExit=" + jsa, "-cp", classpath, DaemonChild.class.getName(),
                warmYaml.toString(), "warm").redirectErrorStream(true).redirectOutput(dir.resolve("cds.log").toFile()).start();
        boolean ok = dump.waitFor(90, TimeUnit.SECONDS) && dump.exitValue() == 0 && Files.exists(jsa);
        System.out.printf("[kill-suite] AppCDS archive %s in %d ms%n", ok ? "made" : "NOT made", (System.nanoTime() - t) / 1_000_000);
        if (ok) base.add("-XX:SharedArchiveFile=" + jsa);
        base.addAll(List.of("-cp", classpath));
        return base;
    }


    // ---------------------------------------------------------------- the gateway's side

    /**
     * Plays OpenClaw: appends real line shapes to its daily log (background lines; a 429 storm on the primary while it
     * is the primary; successes of the old primary once it was switched away, so breakers close and gatewarden fails
     * back), logs "config hot reload applied" whenever openclaw.json changes, and rotates the log by rename and by
     * copytruncate. It is the only writer of the log, so a rotation never splits a line.
     */
    private static final class FakeGateway implements AutoCloseable {
        private final Path logs;
        private final Path log;
        private final Path openclawJson;
        private final Set<String> allowed;
        private final Random rnd;
        private final List<String> storm;
        private final String background;
        private final String success;
        private final String reload;
        final AtomicLong lines = new AtomicLong();
        final AtomicInteger renames = new AtomicInteger();
        final AtomicInteger copytruncates = new AtomicInteger();
        final AtomicInteger configChanges = new AtomicInteger();
        final List<String> violations = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private Thread thread;
        private int rotated; // highest .N.log index in use

        FakeGateway(Path logs, Path openclawJson, Set<String> allowed, Random rnd) throws IOException {
            this.logs = logs;
            this.log = logs.resolve("openclaw-2026-11-23.log");
            this.openclawJson = openclawJson;
            this.allowed = allowed;
            this.rnd = rnd;
            List<String> f02 = Files.readAllLines(FIXTURES.resolve("logs/02-failover-cascade-429-529-unknown-model.info.jsonl"));
            // three failed requests on the primary: [model-fetch] 429, embedded_run_agent_end isError, same-model retry n/9
            storm = List.of(f02.get(7), f02.get(8), f02.get(9), f02.get(12), f02.get(13), f02.get(14), f02.get(17), f02.get(18), f02.get(19));
            background = f02.get(5); // "tool-search: cataloged 53 tools behind compact prompt surface"
            String succeeded = f02.stream().filter(l -> l.contains("\"candidate_succeeded\"")).findFirst().orElseThrow();
            ObjectNode s = (ObjectNode) new ObjectMapper().readTree(succeeded);
            ObjectNode body = (ObjectNode) s.get("1");
            body.put("candidateModel", "rl-429").put("attempt", 1).put("isPrimary", true).put("requestedModelMatched", true);
            body.remove(List.of("previousAttempts", "fallbackStepType", "fallbackStepFromModel", "fallbackStepToModel",
                    "fallbackStepFromFailureReason", "fallbackStepFromFailureDetail", "fallbackStepChainPosition"));
            success = new ObjectMapper().writeValueAsString(s);
            reload = Files.readAllLines(FIXTURES.resolve("logs/03-hot-reload-auth-paste-and-primary-switch.info.jsonl")).stream()
                    .filter(l -> l.contains("config hot reload applied (agents.defaults.model.primary")).findFirst().orElseThrow()
                    .replaceAll("config hot reload applied \\([^)]*\\)", "config hot reload applied (agents.defaults.model.primary)");
        }

        long written() {
            return lines.get();
        }

        void start() throws IOException {
            Files.createFile(log);
            thread = new Thread(this::loop, "fake-gateway");
            thread.setDaemon(true);
            thread.start();
        }

        void stopAndWait() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            if (thread != null) thread.join(10_000);
        }

        private void loop() {
            String lastConfig = null;
            String primary = PRIMARY;
            long nextStorm = 0;
            long switchedAt = 0;
            long nextSuccess = 0;
            long nextRotation = System.nanoTime() + ms(1500);
            boolean byRename = true;
            while (running) {
                try {
                    long now = System.nanoTime();
                    String cfg = Files.readString(openclawJson);
                    if (!cfg.equals(lastConfig)) {
                        if (!allowed.contains(cfg)) violations.add("gateway saw a config gatewarden may not write:\n" + cfg);
                        String p = primaryOf(cfg);
                        if (lastConfig != null) {
                            configChanges.incrementAndGet();
                            append(List.of(reload)); // OpenClaw confirms a primary change ~1 s later; we do at once
                        }
                        if (!p.equals(PRIMARY) && primary.equals(PRIMARY)) switchedAt = now;
                        primary = p;
                        lastConfig = cfg;
                    }
                    List<String> out = new ArrayList<>();
                    out.add(background);
                    if (primary.equals(PRIMARY) && now >= nextStorm) {
                        String run = UUID.randomUUID().toString();
                        for (String l : storm) out.add(l.replace("ead177c3-7cfb-445c-9dbd-bd413dd1017f", run));
                        nextStorm = now + ms(800 + rnd.nextInt(800));
                    } else if (!primary.equals(PRIMARY) && now - switchedAt >= ms(500) && now >= nextSuccess) {
                        out.add(success.replace("ead177c3-7cfb-445c-9dbd-bd413dd1017f", UUID.randomUUID().toString()));
                        nextSuccess = now + ms(300);
                    }
                    append(out);
                    if (now >= nextRotation) {
                        if (byRename) rotateByRename();
                        else rotateByCopytruncate();
                        byRename = !byRename;
                        nextRotation = now + ms(2500 + rnd.nextInt(2500));
                    }
                } catch (Exception e) {
                    violations.add("fake gateway failed: " + e);
                }
                LockSupport.parkNanos(ms(20)); // the gateway's own pace
            }
        }

        private void append(List<String> raw) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (String l : raw) {
                String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC));
                String line = TIME.matcher(l).replaceFirst(Matcher.quoteReplacement("\"time\":\"" + now + "\""));
                line = DATE.matcher(line).replaceFirst(Matcher.quoteReplacement("\"date\":\"" + Instant.now() + "\""));
                sb.append(line).append('\n');
            }
            Files.writeString(log, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            lines.addAndGet(raw.size());
        }

        /** x.N.log → x.N+1.log, …, x.log → x.1.log; the next append creates x.log (OpenClaw's size rotation). */
        private void rotateByRename() throws IOException {
            shiftRotated();
            Files.move(log, numbered(1));
            renames.incrementAndGet();
        }

        /** logrotate's copytruncate, with the copy inside the globs (x.1.log): copy, then truncate the original. */
        private void rotateByCopytruncate() throws IOException {
            shiftRotated();
            Files.copy(log, numbered(1), StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            copytruncates.incrementAndGet();
        }

        private void shiftRotated() throws IOException {
            for (int n = rotated; n >= 1; n--) Files.move(numbered(n), numbered(n + 1));
            rotated++;
        }

        private Path numbered(int n) {
            return logs.resolve("openclaw-2026-11-23." + n + ".log");
        }

        private static long ms(long ms) {
            return TimeUnit.MILLISECONDS.toNanos(ms);
        }
    }

    // ---------------------------------------------------------------- the webhook receiver

    /**
     * A JDK HttpServer on 127.0.0.1 recording every delivery it accepts (answers 200 to) by idempotency key. In FAIL
     * mode it answers 500, in SLOW mode it holds the request for a while first, so a kill lands mid-delivery.
     */
    private static final class Receiver implements AutoCloseable {
        enum Mode { OK, FAIL, SLOW }

        record Delivery(String key, String kind, List<String> newFiring, List<String> newlyResolved, List<String> alerts) {}

        private final HttpServer server;
        private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
        private volatile Mode mode = Mode.OK;
        private final Path journal;

        Receiver(Path journal) throws IOException {
            this.journal = journal;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "webhook-receiver");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/hook", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void mode(Mode m) {
            mode = m;
        }

        synchronized void note(String what) throws IOException {
            Files.writeString(journal, Instant.now() + " -- " + what + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        private void handle(HttpExchange ex) throws IOException {
            byte[] body = ex.getRequestBody().readAllBytes();
            Mode m = mode;
            int status = 200;
            if (m == Mode.FAIL) status = 500;
            if (m == Mode.SLOW) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(400)); // a slow receiver
            JsonNode n = new ObjectMapper().readTree(body);
            synchronized (this) {
                StringBuilder sb = new StringBuilder().append(Instant.now()).append(' ').append(status).append(' ')
                        .append(n.path("idempotencyKey").asText()).append(' ').append(n.path("kind").asText()).append(' ')
                        .append(n.path("changes")).append(" alerts");
                n.path("alerts").forEach(a -> sb.append(' ').append(a.path("id").asText()).append('=').append(a.path("status").asText()));
                Files.writeString(journal, sb.append('\n').toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            if (status == 200) {
                String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
                if (!key.equals(n.path("idempotencyKey").asText())) throw new IllegalStateException("header and body keys differ");
                List<String> ids = new ArrayList<>();
                n.path("alerts").forEach(a -> ids.add(a.path("id").asText()));
                accepted.add(new Delivery(key, n.path("kind").asText(), strings(n.path("changes").path("newFiring")),
                        strings(n.path("changes").path("newlyResolved")), ids));
            }
            byte[] answer = ("status " + status).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, answer.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(answer);
            }
        }

        private static List<String> strings(JsonNode arr) {
            List<String> out = new ArrayList<>();
            arr.forEach(x -> out.add(x.asText()));
            return out;
        }

        /**
         * What the daemon's incidents call for and the receiver has not got: an incident the daemon ever saved as open
         * (seen in its state file after a kill, or open at the end) was announced firing ("firing id"); one announced
         * firing that has resolved was announced resolved too ("resolved id"). An incident that opened and resolved
         * between two flushes of its group (while a restarted daemon caught up on its backlog, say) is not announced
         * at all, as in Alertmanager; such incidents are counted as "blips", not required.
         */
        List<String> missing(TrackerState ts, Set<String> savedOpen) {
            Set<String> firing = new HashSet<>();
            Set<String> resolved = new HashSet<>();
            for (Delivery d : accepted) {
                firing.addAll(d.newFiring());
                resolved.addAll(d.newlyResolved());
            }
            Set<String> mustFire = new java.util.TreeSet<>(savedOpen);
            ts.open().forEach(e -> mustFire.add(e.id()));
            List<String> out = new ArrayList<>();
            for (String id : mustFire) if (!firing.contains(id)) out.add("firing " + id);
            for (TrackerState.EpisodeState e : ts.recent()) {
                if (firing.contains(e.id()) && !resolved.contains(e.id())) out.add("resolved " + e.id());
            }
            return out;
        }

        /** Resolved incidents no notification mentions (opened and resolved between two flushes of their group). */
        long blips(TrackerState ts) {
            Set<String> shown = new HashSet<>();
            accepted.forEach(d -> shown.addAll(d.alerts()));
            return ts.recent().stream().filter(e -> !shown.contains(e.id())).count();
        }

        /** Incidents a notification announced that the daemon's final state does not know. */
        List<String> phantoms(TrackerState ts) {
            Set<String> known = new HashSet<>();
            ts.open().forEach(e -> known.add(e.id()));
            ts.recent().forEach(e -> known.add(e.id()));
            List<String> out = new ArrayList<>();
            for (Delivery d : accepted) {
                for (String id : d.alerts()) if (!known.contains(id)) out.add(id + " (key " + d.key() + ")");
            }
            return out;
        }

        /** "firing id: [k1, k2]" for an incident announced as new (or as resolved) under more than one key. */
        Map<String, Set<String>> announcedUnderSeveralKeys() {
            Map<String, Set<String>> keys = new TreeMap<>();
            for (Delivery d : accepted) {
                for (String id : d.newFiring()) keys.computeIfAbsent("firing " + id, k -> new HashSet<>()).add(d.key());
                for (String id : d.newlyResolved()) keys.computeIfAbsent("resolved " + id, k -> new HashSet<>()).add(d.key());
            }
            keys.values().removeIf(s -> s.size() < 2);
            return keys;
        }

        int deliveries() {
            return accepted.size();
        }

        long distinctKeys() {
            return accepted.stream().map(Delivery::key).distinct().count();
        }

        long duplicateDeliveries() {
            Map<String, Integer> n = new HashMap<>();
            accepted.forEach(d -> n.merge(d.key(), 1, Integer::sum));
            return n.values().stream().mapToLong(c -> c - 1).sum();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
