package io.gatewarden.daemon;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentSettings;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.TrackerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class StateWriteAlarmTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    @TempDir Path dir;

    @Test
    void opensOnceWhileSavesFailAndResolvesAtTheFirstSaveThatWorks() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        IncidentTracker tracker = new IncidentTracker(IncidentSettings.defaults(), clock);
        StateWriteAlarm alarm = new StateWriteAlarm(dir, tracker, clock);
        alarm.saved(true, null);
        assertThat(tracker.open()).isEmpty();
        for (int i = 0; i < 5; i++) alarm.saved(false, "No space left on device");
        assertThat(tracker.open()).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo(IncidentType.STATE_UNWRITABLE);
            assertThat(i.severity()).isEqualTo(Severity.WARNING);
            assertThat(i.occurrences()).as("one outage, however many failed saves").isEqualTo(1);
            assertThat(i.labels()).containsEntry("path", dir.toAbsolutePath().toString());
            assertThat(i.summary()).contains("No space left on device").contains(dir.toAbsolutePath().toString());
        });
        alarm.saved(true, null);
        assertThat(tracker.open()).isEmpty();
        assertThat(tracker.recent()).extracting(Incident::type).contains(IncidentType.STATE_UNWRITABLE);
    }

    @Test
    void anEpisodeRestoredFromAnEarlierRunIsResolvedByTheFirstGoodSave() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        IncidentTracker before = new IncidentTracker(IncidentSettings.defaults(), clock);
        new StateWriteAlarm(dir, before, clock).saved(false, "Read-only file system");
        TrackerState saved = before.snapshot();

        IncidentTracker after = new IncidentTracker(IncidentSettings.defaults(), clock);
        after.restore(saved);
        assertThat(after.open()).hasSize(1);
        new StateWriteAlarm(dir, after, clock).saved(true, null);
        assertThat(after.open()).isEmpty();
    }

    @Test
    void errorsReadTheSameEveryTime() throws Exception {
        assertThat(DaemonStateStore.describe(new FileSystemException("/s/.daemon-state.json.123.tmp", null, "Read-only file system")))
                .isEqualTo("Read-only file system");
        assertThat(DaemonStateStore.describe(new AccessDeniedException("/s/.daemon-state.json.456.tmp"))).isEqualTo("Permission denied");
        assertThat(DaemonStateStore.describe(new FileAlreadyExistsException("/s"))).isEqualTo("FileAlreadyExists: /s");
        assertThat(DaemonStateStore.describe(new java.io.IOException("No space left on device"))).isEqualTo("No space left on device");
    }

    @Test
    void aStoreThatCannotWriteKeepsCountingAndSavesWhenItCan() throws Exception {
        Path blocker = Files.writeString(dir.resolve("state"), "a file where the state dir should be");
        DaemonStateStore store = new DaemonStateStore(blocker.resolve("daemon-state.json"), Clock.fixed(T0, ZoneOffset.UTC));
        IncidentTracker tracker = new IncidentTracker(IncidentSettings.defaults(), Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(store.save(tracker.snapshot())).isFalse();
        assertThat(store.save(tracker.snapshot())).isFalse();
        assertThat(store.failures()).isEqualTo(2);
        assertThat(store.lastError()).isNotBlank();
        Files.delete(blocker);
        assertThat(store.save(tracker.snapshot())).isTrue();
        assertThat(store.lastError()).isNull();
        assertThat(Files.exists(blocker.resolve("daemon-state.json"))).isTrue();
    }
}
