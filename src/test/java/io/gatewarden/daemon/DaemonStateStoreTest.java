package io.gatewarden.daemon;

import io.gatewarden.incident.TrackerState;
import io.gatewarden.tail.Checkpoint;
import io.gatewarden.tail.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The state file is rewritten (temp + fsync + rename: a new inode) only when what it holds changes. */
class DaemonStateStoreTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private static TrackerState state(Instant savedAt, long occurrences) {
        var e = new TrackerState.EpisodeState("provider_rate_limited-1", "provider_rate_limited", "warning",
                Map.of("provider", "fakeoa"), T0, T0, null, occurrences, "fakeoa/rl-429 is rate-limited",
                List.of("line"), List.of("line"), List.of("run-1"), null, null);
        return new TrackerState(TrackerState.VERSION, savedAt, List.of(e), List.of());
    }

    private Object inode(Path f) throws Exception {
        return Files.readAttributes(f, "unix:ino").get("ino");
    }

    @Test
    void anUnchangedState_isNotWrittenAgain_aChangedOneIs() throws Exception {
        Path file = dir.resolve("state.json");
        DaemonStateStore store = new DaemonStateStore(file);
        store.offer(new Checkpoints(1, List.of(new Checkpoint("1:2", "/tmp/x.log", 100, 0, ""))), 1);
        assertThat(store.save(state(T0, 1))).isTrue();
        Object first = inode(file);

        // only savedAt moved (every tick of an idle daemon): no write
        assertThat(store.save(state(T0.plusSeconds(1), 1))).isTrue();
        assertThat(inode(file)).isEqualTo(first);

        // an incident changed: written
        assertThat(store.save(state(T0.plusSeconds(2), 2))).isTrue();
        Object second = inode(file);
        assertThat(second).isNotEqualTo(first);

        // the read position moved: written
        store.offer(new Checkpoints(1, List.of(new Checkpoint("1:2", "/tmp/x.log", 200, 0, ""))), 1);
        assertThat(store.save(state(T0.plusSeconds(3), 2))).isTrue();
        assertThat(inode(file)).isNotEqualTo(second);
        assertThat(new DaemonStateStore(file).load().orElseThrow().checkpoints().files().get(0).offset()).isEqualTo(200);

        // a file deleted behind our back is written again at the next save
        Files.delete(file);
        assertThat(store.save(state(T0.plusSeconds(4), 2))).isTrue();
        assertThat(new DaemonStateStore(file).load().orElseThrow().incidents().open().get(0).occurrences()).isEqualTo(2);
    }

    @Test
    void anUnchangedState_isStillWrittenEveryFewSeconds_asTheStateDirsHealthCheck() throws Exception {
        Path file = dir.resolve("state.json");
        java.time.Instant[] now = {T0};
        java.time.Clock clock = new java.time.Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        DaemonStateStore store = new DaemonStateStore(file, clock);
        store.offer(new Checkpoints(1, List.of(new Checkpoint("1:2", "/tmp/x.log", 100, 0, ""))), 1);
        assertThat(store.save(state(T0, 1))).isTrue();
        Object first = inode(file);

        now[0] = T0.plus(DaemonStateStore.CANARY_EVERY).minusSeconds(1);
        assertThat(store.save(state(now[0], 1))).isTrue();
        assertThat(inode(file)).as("within CANARY_EVERY: no write").isEqualTo(first);

        now[0] = T0.plus(DaemonStateStore.CANARY_EVERY);
        assertThat(store.save(state(now[0], 1))).isTrue();
        Object second = inode(file);
        assertThat(second).as("CANARY_EVERY on: written again, so a full disk is noticed while idle").isNotEqualTo(first);

        // a clock step back does not stop the canary until the clock catches up
        now[0] = T0;
        assertThat(store.save(state(now[0], 1))).isTrue();
        assertThat(inode(file)).isNotEqualTo(second);
    }
}
