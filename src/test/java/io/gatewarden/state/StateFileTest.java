package io.gatewarden.state;

import io.gatewarden.testsupport.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StateFileTest {
    record Episode(String originalPrimary, Instant since, Duration dwell, List<String> chain) {}

    @TempDir Path dir;
    final MutableClock clock = MutableClock.at("2026-12-06T03:00:00Z");

    @Test
    void roundTripsInTheStateDialect() throws Exception {
        StateFile<Episode> f = new StateFile<>(dir.resolve("s.json"), Episode.class, "test state", clock);
        assertThat(f.read()).isEmpty();
        Episode e = new Episode("a/b", clock.instant(), Duration.ofSeconds(90), List.of("c/d"));
        f.write(e);
        assertThat(Files.readString(f.path())).contains("\"original_primary\"").contains("\"1m30s\"").contains("2026-12-06T03:00:00Z");
        assertThat(f.read()).contains(e);
    }

    @Test
    void unknownFieldsOfANewerVersionAreIgnoredNotFatal() throws Exception {
        Path p = dir.resolve("s.json");
        Files.writeString(p, "{\"original_primary\":\"a/b\",\"since\":\"2026-12-06T02:00:00Z\",\"dwell\":\"5m\","
                + "\"chain\":[],\"new_field\":{\"x\":[1,2]},\"another\":true}");
        StateFile<Episode> f = new StateFile<>(p, Episode.class, "test state", clock);
        assertThat(f.read()).get().satisfies(e -> {
            assertThat(e.originalPrimary()).isEqualTo("a/b");
            assertThat(e.dwell()).isEqualTo(Duration.ofMinutes(5));
        });
        assertThat(p).exists();
    }

    @Test
    void anUnreadableFileIsSetAsideForAHumanAndTheStoreStartsFresh() throws Exception {
        Path p = dir.resolve("s.json");
        Files.writeString(p, "{\"original_primary\": \"a/b\", trunc");
        StateFile<Episode> f = new StateFile<>(p, Episode.class, "test state", clock);
        assertThat(f.read()).isEmpty();
        assertThat(p).doesNotExist();
        Path aside = dir.resolve("s.json.corrupt-" + clock.millis());
        assertThat(aside).exists();
        assertThat(Files.readString(aside)).isEqualTo("{\"original_primary\": \"a/b\", trunc");
        // the next write does not touch the copy
        f.write(new Episode("x/y", null, null, List.of()));
        assertThat(f.read()).get().extracting(Episode::originalPrimary).isEqualTo("x/y");
        assertThat(aside).exists();
    }

    @Test
    void writeOrWarnReportsAFailedWriteInsteadOfThrowing() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "a file where a folder should be");
        StateFile<Map<String, String>> f = new StateFile<>(blocker.resolve("s.json"),
                new com.fasterxml.jackson.core.type.TypeReference<>() {}, "test state", clock);
        assertThat(f.writeOrWarn(Map.of("a", "b"))).isFalse();
    }
}
