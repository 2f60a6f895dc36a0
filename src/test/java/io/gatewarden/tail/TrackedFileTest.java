package io.gatewarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A tracked file's phases: what each one lets the tailer do with it, and the moves between them. */
class TrackedFileTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir Path dir;

    private TrackedFile file(FilePhase start) throws Exception {
        Path p = dir.resolve("gateway.log");
        if (!Files.exists(p)) Files.writeString(p, "line one\nline two\n", StandardCharsets.UTF_8);
        TrackedFile t = new TrackedFile(LogFiles.local().stat(p).fileKey(), p, 1024, NOW, start);
        t.reader = LogFiles.local().open(p);
        t.size = Files.size(p);
        return t;
    }

    @Test
    void aResumedFile_keepsItsCheckpointUntilPositioned_thenCheckpointsWhatWasAcked() throws Exception {
        Checkpoint told = new Checkpoint("1:2", "/var/log/old.log", 9, 18, "ab");
        TrackedFile t = file(new FilePhase.Resume(told));
        assertThat(t.following()).isFalse();
        assertThat(t.readable()).as("open, but not positioned").isFalse();
        assertThat(t.checkpointAt(0)).isSameAs(told);

        t.setHead(FileBytes.head(t, TrackedFile.HEAD_BYTES));
        t.positionAt(9);
        assertThat(t.phase()).isInstanceOf(FilePhase.Following.class);
        assertThat(t.readable()).isTrue();
        assertThat(t.acked).isEqualTo(9);
        assertThat(t.splitter.position()).isEqualTo(9);
        Checkpoint now = t.checkpointAt(18);
        assertThat(now.offset()).isEqualTo(18);
        assertThat(now.headLength()).isEqualTo(18);
        assertThat(now.headSha256()).isEqualTo(TrackedFile.sha256("line one\nline two\n".getBytes(StandardCharsets.UTF_8), 18));
    }

    @Test
    void aCopyCandidate_hasNoCheckpointAndIsNotRead_untilClassified() throws Exception {
        TrackedFile t = file(new FilePhase.FromZero());
        assertThat(t.checkpointAt(0)).isNull();
        t.suspectCopyOf("?", NOW);
        t.suspectCopyOf("1:2", NOW);
        assertThat(t.phase()).isEqualTo(new FilePhase.CopyCandidate("1:2", NOW));
        assertThat(t.readable()).isFalse();
        assertThat(t.checkpointAt(0)).isNull();

        t.positionAt(0);
        assertThat(t.readable()).isTrue();
        assertThatThrownBy(() -> t.suspectCopyOf("1:2", NOW)).as("a positioned file is never a copy candidate again")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFollowedFileWithoutItsHandle_isNotReadable_butKeepsItsPosition() throws Exception {
        TrackedFile t = file(new FilePhase.FromEnd(18));
        t.positionAt(18);
        t.reader.close();
        t.reader = null; // a read failed: reopened on the next cycle
        assertThat(t.following()).isTrue();
        assertThat(t.readable()).isFalse();
        assertThat(t.checkpointAt(t.acked).offset()).isEqualTo(18);
    }

    @Test
    void aNewCycleClearsOnlyTheCycleFlags() throws Exception {
        TrackedFile t = file(new FilePhase.FromZero());
        t.seen = true;
        t.atEof = true;
        t.continuation = true;
        t.goneSince = NOW;
        t.beginCycle();
        assertThat(t.seen).isFalse();
        assertThat(t.atEof).isFalse();
        assertThat(t.continuation).isFalse();
        assertThat(t.knownBeforeThisPoll).isTrue();
        assertThat(t.goneSince).isEqualTo(NOW);
        assertThat(t.phase()).isInstanceOf(FilePhase.FromZero.class);
    }
}
